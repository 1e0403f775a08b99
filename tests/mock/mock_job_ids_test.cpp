// luma-mock's job ids have the API's shape (spec "Identifiers", the seed pages' literal ids):
// "j" + MMDDhhmmss + the milliseconds of `created` + 6 digits per request + 'v' or 'i', then
// "-u<user>-email:<email>:<uuid>-bot:luma"; the 5 ids of an image batch share everything before
// the first '-'.

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstddef>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mock_harness.hpp"
#include "support/seed_ids.hpp"
#include "support/seed_mock.hpp"

namespace useapi::luma::mock::test_support {
namespace {

// A job id's parts: its stem's time, request digits and letter, and what follows the stem.
struct IdParts {
  std::string stem;     // before the first '-'
  std::string time;     // MMDDhhmmss + milliseconds: 13 digits
  std::string digits;   // the request's 6 digits
  std::string letter;   // "v" or "i"
  std::string account;  // "-u<user>-email:<email>:"
  std::string uuid;
};

const std::regex kJobIdShape(
    R"(^((j)(\d{13})(\d{6})([vi]))(-u\d+-email:.+:))"
    R"(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-bot:luma$)");

// The parts of `jobid`; fails the test when it does not have the documented shape.
IdParts partsOf(const std::string& jobid) {
  std::smatch match;
  if (!std::regex_match(jobid, match, kJobIdShape)) {
    ADD_FAILURE() << jobid << " does not have the shape j<MMDDhhmmss><ms><6 digits><v|i>-u..."
                  << "-email:<email>:<uuid>-bot:luma";
    return {};
  }
  return {match[1], match[3], match[4], match[5], match[6], match[7]};
}

// MMDDhhmmss + milliseconds of an ISO time "YYYY-MM-DDThh:mm:ss.mmmZ".
std::string stemTimeOf(const std::string& iso) {
  std::smatch match;
  const std::regex shape(R"(\d{4}-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{3})Z)");
  if (!std::regex_match(iso, match, shape)) {
    ADD_FAILURE() << iso << " is not an ISO time with milliseconds";
    return {};
  }
  std::string time;
  for (std::size_t i = 1; i < match.size(); ++i) time += match[i];
  return time;
}

TEST(LumaMockJobIds, TheSeedPagesLiteralIdsHaveTheShapeTheseTestsCheck) {
  // The checker itself, against the docs: each seed id has the shape and its created's time.
  for (const std::string& jobid : luma::testing::seed::kImageBatchIds) {
    const IdParts parts = partsOf(jobid);
    EXPECT_EQ(parts.time, stemTimeOf(luma::testing::seed::kCreated)) << jobid;
    EXPECT_EQ(parts.digits, "456789");
    EXPECT_EQ(parts.letter, "i");
  }
  EXPECT_EQ(partsOf(luma::testing::seed::kVideoJobId).letter, "v");
}

// Scripted with the seed's time, digits and uuids, the mock answers the seed's requests with the
// seed pages' answers, byte for byte as JSON, and then serves those ids.
TEST(LumaMockJobIds, AScriptedMockAnswersTheSeedPagesRequestsWithTheirLiteralAnswers) {
  namespace seed = luma::testing::seed;
  const struct {
    const char* route;
    MockOptions options;
    json request;
    const std::string& answer;
  } cases[] = {
      {"/images",
       seed::imageBatchOptions(Harness::optionsFor(100ms)),
       {{"prompt", "A photorealistic portrait of an astronaut on Mars"},
        {"model", "photon-v2"},
        {"resolution", "1080p"},
        {"aspect_ratio", "16:9"}},
       seed::kImagesAnswer},
      {"/videos",
       seed::videoOptions(Harness::optionsFor(100ms)),
       {{"prompt", "A serene mountain landscape at sunset with camera slowly panning right"},
        {"model", "ray-v3-flash"},
        {"resolution", "720p"},
        {"aspect_ratio", "16:9"},
        {"duration", "5s"}},
       seed::kVideosAnswer},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.route);
    Harness mock(c.options);
    const json answer = mock.submit(c.route, c.request);
    EXPECT_EQ(answer, json::parse(c.answer));
    std::vector<std::string> ids = {textAt(answer, "/jobid")};
    for (const auto& image : at(answer, "/jobids")) ids.push_back(image.get<std::string>());
    for (const auto& jobid : ids) {
      const json record = mock.waitUntilFinal(jobid);
      EXPECT_EQ(textAt(record, "/created"), seed::kCreated);
      EXPECT_EQ(textAt(record, "/status"), "completed");
    }
    const json next = mock.submit(c.route, c.request);
    EXPECT_NE(partsOf(textAt(next, "/jobid")).stem, partsOf(ids[0]).stem)
        << "the next request has its own digits";
    EXPECT_NE(partsOf(textAt(next, "/jobid")).uuid, partsOf(ids[0]).uuid);
  }
}

TEST(LumaMockJobIds, AVideoIdCarriesTheTimeOfItsCreatedItsUserAndAccount) {
  Harness mock;
  const struct {
    Auth auth;
    const char* user;
  } users[] = {{bearer(kToken), "-u12345-"}, {bearer(kOtherToken), "-u12346-"}};
  for (const auto& user : users) {
    SCOPED_TRACE(user.user);
    const json created = mock.submit("/videos", {{"prompt", "a fox"}}, user.auth);
    const std::string jobid = textAt(created, "/jobid");
    const IdParts parts = partsOf(jobid);
    EXPECT_EQ(parts.letter, "v");
    EXPECT_EQ(parts.time, stemTimeOf(textAt(created, "/created")))
        << "the id's time is the milliseconds of `created`: " << created.dump();
    EXPECT_EQ(parts.account, std::string(user.user) + "email:" + kEmail + ":");
    const json record = mock.job(jobid, user.auth);
    EXPECT_EQ(textAt(record, "/jobid"), jobid);
    EXPECT_EQ(textAt(record, "/created"), textAt(created, "/created")) << "one creation time";
  }
}

TEST(LumaMockJobIds, AnImageBatchsFiveIdsShareTheStemAndDifferOnlyInTheirUuids) {
  Harness mock;
  const json batch = mock.submit("/images", {{"prompt", "a red fox"}});
  const IdParts parent = partsOf(textAt(batch, "/jobid"));
  EXPECT_EQ(parent.letter, "i");
  EXPECT_EQ(parent.time, stemTimeOf(textAt(batch, "/created")));
  ASSERT_EQ(at(batch, "/jobids").size(), 4U) << batch.dump();
  std::set<std::string> uuids = {parent.uuid};
  for (const auto& image : batch["jobids"]) {
    const IdParts parts = partsOf(image.get<std::string>());
    EXPECT_EQ(parts.stem, parent.stem) << "as the seed page's batch: one stem for all five";
    EXPECT_EQ(parts.account, parent.account);
    uuids.insert(parts.uuid);
    EXPECT_EQ(textAt(mock.job(image.get<std::string>()), "/created"), textAt(batch, "/created"));
  }
  EXPECT_EQ(uuids.size(), 5U) << "the uuids tell the five apart";
}

// Two requests get two stems even in the same millisecond: the 6 digits differ. Four threads
// submit at once; requests landing in one millisecond are counted (usually many) but not needed.
TEST(LumaMockJobIds, EveryRequestGetsItsOwnStemEvenInTheSameMillisecond) {
  Harness mock;
  constexpr int kThreads = 4;
  constexpr int kRequestsPerThread = 40;
  std::mutex mutex;
  std::vector<std::string> stems;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client http("127.0.0.1", mock.server().port());
      http.set_keep_alive(true);
      http.set_tcp_nodelay(true);
      const httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
      for (int i = 0; i < kRequestsPerThread; ++i) {
        const char* route = (i + t) % 2 == 0 ? "/v1/luma/videos" : "/v1/luma/images";
        const auto result = http.Post(route, auth, R"({"prompt":"a fox"})", "application/json");
        const json body = result ? json::parse(result->body, nullptr, false) : json();
        std::lock_guard<std::mutex> lock(mutex);
        stems.push_back(body.is_object() ? partsOf(body.value("jobid", "")).stem : "");
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::set<std::string> distinct(stems.begin(), stems.end());
  EXPECT_EQ(distinct.size(), stems.size()) << "two requests shared a stem";
  std::map<std::string, int> per_millisecond;
  for (const auto& stem : stems) ++per_millisecond[stem.substr(0, 14)];
  int shared = 0;
  for (const auto& [time, count] : per_millisecond) shared += count > 1 ? count : 0;
  std::cout << "[ info ] " << shared << " of " << stems.size()
            << " requests shared their millisecond with another\n";
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
