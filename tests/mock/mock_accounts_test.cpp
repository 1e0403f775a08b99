// luma-mock with several accounts over raw HTTP: the seeded accounts, the random choice of an
// account with room, the documented 429, jobs of other processes holding slots, and sessions
// that expire (596).

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "mock/mock_server.hpp"
#include "mock_harness.hpp"

namespace useapi::luma::mock::test_support {
namespace {

inline const std::string kSecond = "mock2@example.com";
inline const std::string kThird = "mock3@example.com";
// The documented bodies, byte for byte (the seed pages' 429 and 596 examples).
inline const std::string kCapacityBody =
    R"({"code":429,"error":"All configured accounts are running at maximum capacity"})";
inline const std::string kSessionErrorBody =
    R"({"error":"Luma account has an error. Please check your account configuration via GET )"
    R"(/v1/luma/accounts or re-add the account via POST /v1/luma/accounts"})";

// A mock whose users start with `accounts` accounts of `concurrency` slots, jobs of `duration`.
MockOptions accountsOptions(int accounts, int concurrency,
                            std::chrono::milliseconds duration = 60s) {
  MockOptions options = Harness::optionsFor(duration, concurrency);
  options.accounts = accounts;
  return options;
}

// GET /accounts: each account's `executing`, keyed by email.
std::map<std::string, int> executingByAccount(Harness& mock, const Auth& auth = bearer(kToken)) {
  const Reply reply = mock.get(kApi + "/accounts", auth);
  EXPECT_EQ(reply.status, 200) << reply.body;
  std::map<std::string, int> executing;
  if (!reply.json_body.is_object()) return executing;
  for (const auto& [email, summary] : reply.json_body.items()) {
    executing[email] = summary.value("executing", -1);
  }
  return executing;
}

// The account of a job id (`...-email:<email>:<uuid>-bot:luma`), as GET /jobs also says.
std::string accountOfJob(Harness& mock, const std::string& jobid) {
  for (const json& job : at(mock.get(kApi + "/jobs").json_body, "/jobs")) {
    if (job.value("jobid", "") == jobid) return job.value("account", "");
  }
  return {};
}

// Submits `count` videos without email and returns the account each ran on, in order.
std::vector<std::string> accountsOfVideos(Harness& mock, int count) {
  std::vector<std::string> accounts;
  accounts.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    accounts.push_back(accountOfJob(mock, mock.submitJobid("/videos", {{"prompt", "a fox"}})));
  }
  return accounts;
}

TEST(LumaMockSeveralAccounts, EachUserStartsWithTheConfiguredAccountsEachWithItsConcurrency) {
  Harness mock(accountsOptions(3, 2));
  for (const Auth& auth : {bearer(kToken), bearer(kOtherToken)}) {
    const Reply reply = mock.get(kApi + "/accounts", auth);
    ASSERT_EQ(reply.status, 200) << reply.body;
    ASSERT_EQ(reply.json_body.size(), 3U) << reply.body;
    for (const std::string& email : {kEmail, kSecond, kThird}) {
      const json summary = at(reply.json_body, "/" + email);
      EXPECT_EQ(summary.value("account", ""), email) << reply.body;
      EXPECT_EQ(summary.value("concurrency", 0), 2) << reply.body;
      EXPECT_EQ(summary.value("executing", -1), 0) << reply.body;
      EXPECT_FALSE(summary.contains("error")) << reply.body;
    }
  }
  Harness single(Harness::optionsFor());
  EXPECT_EQ(executingByAccount(single), (std::map<std::string, int>{{kEmail, 0}}))
      << "one account by default, as before";
}

TEST(LumaMockSeveralAccounts, JobsWithoutEmailFillEveryAccountNeverPastItsConcurrency) {
  Harness mock(accountsOptions(3, 2));
  for (int i = 0; i < 6; ++i) {
    const Reply reply = mock.post(kApi + (i % 2 ? "/images" : "/videos"), R"({"prompt":"a fox"})");
    ASSERT_EQ(reply.status, 200) << "job " << i << ": " << reply.body;
  }
  EXPECT_EQ(executingByAccount(mock),
            (std::map<std::string, int>{{kEmail, 2}, {kSecond, 2}, {kThird, 2}}));
  for (const char* route : {"/videos", "/images"}) {
    const Reply full = mock.post(kApi + route, R"({"prompt":"a fox"})");
    EXPECT_EQ(full.status, 429) << route;
    EXPECT_EQ(full.body, kCapacityBody) << route;
  }
  const Reply jobs = mock.get(kApi + "/jobs");
  EXPECT_EQ(at(jobs.json_body, "/executing"), json(6)) << jobs.body;
  EXPECT_EQ(mock.statsJobsCreated(), 6U);
  const Reply stats = mock.get("/__mock/stats", std::nullopt);
  EXPECT_EQ(at(stats.json_body, "/capacity_refusals"), json(2)) << stats.body;
  EXPECT_EQ(mock.server().capacityRefusals(), 2U);
}

TEST(LumaMockSeveralAccounts,
     TheAccountOfAJobWithoutEmailIsDrawnAtRandomAndTheSeedRepeatsTheDraws) {
  const auto draws = [](std::uint32_t seed) {
    MockOptions options = accountsOptions(3, 100);
    options.seed = seed;
    Harness mock(options);
    return accountsOfVideos(mock, 30);
  };
  const std::vector<std::string> first = draws(7);
  std::map<std::string, int> per_account;
  for (const auto& account : first) ++per_account[account];
  EXPECT_EQ(per_account.size(), 3U) << "30 jobs over 3 accounts with room reach each of them";
  for (const auto& [account, count] : per_account) {
    EXPECT_GE(count, 3) << account << ": far fewer than the 10 a uniform draw gives";
  }
  EXPECT_NE(std::vector<std::string>(first.begin(), first.begin() + 3),
            (std::vector<std::string>{kEmail, kSecond, kThird}))
      << "not taken in order";
  EXPECT_EQ(draws(7), first) << "the same seed draws the same accounts";
  EXPECT_NE(draws(8), first) << "another seed draws others";
}

TEST(LumaMockSeveralAccounts, TheDrawSkipsFullAccounts) {
  Harness mock(accountsOptions(3, 1));
  ASSERT_EQ(mock.post(kApi + "/videos", json({{"prompt", "a"}, {"email", kThird}}).dump()).status,
            200);
  // Whatever is drawn, the two accounts with room take the next two jobs.
  const std::vector<std::string> accounts = accountsOfVideos(mock, 2);
  EXPECT_EQ(std::set<std::string>(accounts.begin(), accounts.end()),
            (std::set<std::string>{kEmail, kSecond}));
  EXPECT_EQ(mock.post(kApi + "/videos", R"({"prompt":"a"})").body, kCapacityBody);
}

TEST(LumaMockSeveralAccounts, AJobPinnedToAFullAccountGets429EvenWhenOthersHaveRoom) {
  Harness mock(accountsOptions(2, 1));
  const std::string pinned = json({{"prompt", "a fox"}, {"email", kSecond}}).dump();
  ASSERT_EQ(mock.post(kApi + "/videos", pinned).status, 200);
  for (const char* route : {"/videos", "/images"}) {
    const Reply reply = mock.post(kApi + route, pinned);
    EXPECT_EQ(reply.status, 429) << route;
    EXPECT_EQ(reply.body, kCapacityBody) << route;
  }
  EXPECT_EQ(executingByAccount(mock), (std::map<std::string, int>{{kEmail, 0}, {kSecond, 1}}));
  // Pinned through an asset ref of the full account: 429 too.
  const std::vector<std::string> refs = mock.uploadAssets(1, kSecond);
  const Reply by_ref =
      mock.post(kApi + "/videos", json({{"prompt", "a"}, {"imageStart", refs[0]}}).dump());
  EXPECT_EQ(by_ref.status, 429) << by_ref.body;
  EXPECT_EQ(mock.post(kApi + "/videos", R"({"prompt":"a fox"})").status, 200)
      << "the other has room";
}

TEST(LumaMockSeveralAccounts, ForeignJobsHoldSlotsShowInExecutingAndInJobsAndFreeThemWhenTheyEnd) {
  Harness mock(accountsOptions(2, 2));
  ForeignJobs foreign;
  foreign.email = kSecond;
  foreign.count = 5;          // only 2 slots are free
  foreign.duration = 1500ms;  // long enough for the checks below, even under a sanitizer
  const std::vector<std::string> ids = mock.server().addForeignJobs(foreign);
  ASSERT_EQ(ids.size(), 2U) << "as many as the account has free slots";
  EXPECT_EQ(executingByAccount(mock), (std::map<std::string, int>{{kEmail, 0}, {kSecond, 2}}));
  const Reply one = mock.get(kApi + "/accounts/" + kSecond);
  EXPECT_EQ(one.json_body.value("executing", -1), 2) << one.body;

  const Reply jobs = mock.get(kApi + "/jobs");
  EXPECT_EQ(at(jobs.json_body, "/executing"), json(2)) << jobs.body;
  for (const auto& id : ids) {
    EXPECT_EQ(accountOfJob(mock, id), kSecond) << "listed as a running job of the account";
    EXPECT_EQ(mock.job(id).value("type", ""), "video") << "and polled like any job of the user";
  }
  EXPECT_EQ(mock.statsJobsCreated(), 0U) << "not created by this user's requests";

  const std::string pinned = json({{"prompt", "a fox"}, {"email", kSecond}}).dump();
  EXPECT_EQ(mock.post(kApi + "/videos", pinned).body, kCapacityBody);
  EXPECT_EQ(accountsOfVideos(mock, 2), (std::vector<std::string>{kEmail, kEmail}))
      << "jobs without email go where there is room";
  EXPECT_EQ(mock.post(kApi + "/images", R"({"prompt":"a fox"})").body, kCapacityBody);

  for (const auto& id : ids) EXPECT_EQ(mock.waitUntilFinal(id).value("status", ""), "completed");
  EXPECT_EQ(executingByAccount(mock)[kSecond], 0) << "ended, they free their slots";
  EXPECT_EQ(mock.post(kApi + "/videos", pinned).status, 200);
}

TEST(LumaMockSeveralAccounts, TheForeignJobsControlRouteHoldsSlotsOfTheUserOfItsToken) {
  Harness mock(accountsOptions(1, 4));
  const Reply added = mock.post("/__mock/foreign-jobs",
                                json({{"email", kEmail},
                                      {"count", 3},
                                      {"seconds", 60},
                                      {"type", "image"},
                                      {"model", "image-v2"},
                                      {"token", kOtherToken}})
                                    .dump(),
                                std::nullopt);
  ASSERT_EQ(added.status, 200) << added.body;
  ASSERT_EQ(at(added.json_body, "/jobids").size(), 3U) << added.body;
  EXPECT_EQ(executingByAccount(mock, bearer(kOtherToken))[kEmail], 3);
  EXPECT_EQ(executingByAccount(mock)[kEmail], 0) << "another user's accounts are their own";
  const Reply listed = mock.get(kApi + "/jobs", bearer(kOtherToken));
  EXPECT_EQ(at(listed.json_body, "/jobs/0/type"), json("image")) << listed.body;
  EXPECT_EQ(at(listed.json_body, "/jobs/0/model"), json("image-v2")) << listed.body;

  const struct {
    const char* name;
    json body;
  } refused[] = {{"unknown account", {{"email", "nobody@example.com"}}},
                 {"unknown token", {{"token", "nobody"}}},
                 {"unknown type", {{"type", "audio"}}},
                 {"negative count", {{"count", -1}}},
                 {"count of the wrong type", {{"count", "2"}}}};
  for (const auto& c : refused) {
    const Reply reply = mock.post("/__mock/foreign-jobs", c.body.dump(), std::nullopt);
    EXPECT_EQ(reply.status, 400) << c.name << ": " << reply.body;
  }
}

TEST(LumaMockSeveralAccounts, AnExpiredAccountAnswers596AndCarriesAnErrorInItsSummaryUntilReAdded) {
  Harness mock(accountsOptions(2, 10));
  const std::vector<std::string> refs = mock.uploadAssets(1, kSecond);
  const Reply expired =
      mock.post("/__mock/accounts/expire", json({{"email", kSecond}}).dump(), std::nullopt);
  ASSERT_EQ(expired.status, 200) << expired.body;

  const json to_second = {{"prompt", "a fox"}, {"email", kSecond}};
  const struct {
    const char* name;
    std::string path;
    std::string body;
  } refused[] = {{"video pinned by email", "/videos", to_second.dump()},
                 {"images pinned by email", "/images", to_second.dump()},
                 {"video pinned by a ref", "/videos",
                  json({{"prompt", "a"}, {"imageStart", refs[0]}}).dump()}};
  for (const auto& c : refused) {
    const Reply reply = mock.post(kApi + c.path, c.body);
    EXPECT_EQ(reply.status, 596) << c.name;
    EXPECT_EQ(reply.body, kSessionErrorBody) << c.name;
  }
  EXPECT_EQ(mock.postRaw(kApi + "/assets/" + kSecond, makePng(8, 8, 1), "image/png").status, 596);

  const Reply accounts = mock.get(kApi + "/accounts");
  EXPECT_EQ(textAt(accounts.json_body, "/" + kSecond + "/error"), kSessionExpiredMessage)
      << accounts.body;
  EXPECT_FALSE(at(accounts.json_body, "/" + kEmail).contains("error")) << accounts.body;
  EXPECT_EQ(textAt(mock.get(kApi + "/accounts/" + kSecond).json_body, "/error"),
            kSessionExpiredMessage);
  EXPECT_EQ(accountsOfVideos(mock, 4), std::vector<std::string>(4, kEmail))
      << "a job without email never runs on an expired account";

  ASSERT_TRUE(mock.server().expireAccount(kEmail));
  const Reply none = mock.post(kApi + "/videos", R"({"prompt":"a fox"})");
  EXPECT_EQ(none.status, 596) << "every account expired";
  EXPECT_EQ(none.body, kSessionErrorBody);

  ASSERT_TRUE(mock.server().restoreAccount(kEmail));
  EXPECT_EQ(mock.post(kApi + "/videos", R"({"prompt":"a fox"})").status, 200);
  const Reply readded =
      mock.post(kApi + "/accounts", json({{"session", "email=" + kSecond}}).dump());
  ASSERT_EQ(readded.status, 200) << readded.body;
  EXPECT_FALSE(at(mock.get(kApi + "/accounts").json_body, "/" + kSecond).contains("error"));
  EXPECT_EQ(mock.post(kApi + "/videos", to_second.dump()).status, 200) << "re-added, it works";

  EXPECT_FALSE(mock.server().expireAccount("nobody@example.com"));
  EXPECT_EQ(mock.post("/__mock/accounts/restore", R"({"email":"nobody@example.com"})", std::nullopt)
                .status,
            404);
  EXPECT_EQ(mock.post("/__mock/accounts/expire", "{}", std::nullopt).status, 400);
}

// Milliseconds since the epoch of an ISO 8601 UTC time with milliseconds.
long long epochMsOf(const std::string& iso) {
  std::tm parts{};
  int ms = 0;
  EXPECT_EQ(std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &parts.tm_year, &parts.tm_mon,
                        &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &ms),
            7)
      << iso;
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<long long>(timegm(&parts)) * 1000 + ms;
}

// A finished job's duration: its record's `updated` minus its `created`.
long long durationMsOf(Harness& mock, const std::string& jobid) {
  const json record = mock.waitUntilFinal(jobid);
  return epochMsOf(textAt(record, "/updated")) - epochMsOf(textAt(record, "/created"));
}

TEST(LumaMockSeveralAccounts, JobDurationsAreDrawnPerKindWithinTheirRanges) {
  MockOptions options = accountsOptions(1, 100, 5s);
  options.job_durations = {{"image", {100ms, 200ms}},
                           {"video", {300ms, 400ms}},
                           {"video:1080p", {500ms, 600ms}},
                           {"image:1080p", {250ms, 250ms}}};
  Harness mock(options);
  const struct {
    const char* name;
    const char* route;
    json body;
    long long low;
    long long high;
  } kinds[] = {
      {"image (720p)", "/images", {{"prompt", "a"}}, 100, 200},
      {"image 1080p (fixed)", "/images", {{"prompt", "a"}, {"resolution", "1080p"}}, 250, 250},
      {"video draft", "/videos", {{"prompt", "a"}}, 300, 400},
      {"video 720p", "/videos", {{"prompt", "a"}, {"resolution", "720p"}}, 300, 400},
      {"video 1080p", "/videos", {{"prompt", "a"}, {"resolution", "1080p"}}, 500, 600},
  };
  std::vector<std::vector<std::string>> jobids(std::size(kinds));
  for (int round = 0; round < 4; ++round) {
    for (std::size_t k = 0; k < std::size(kinds); ++k) {
      const json answer = mock.submit(kinds[k].route, kinds[k].body);
      // An image batch's images share its duration: one of them stands for it.
      jobids[k].push_back(answer.contains("jobids") ? textAt(answer, "/jobids/1")
                                                    : textAt(answer, "/jobid"));
    }
  }
  for (std::size_t k = 0; k < std::size(kinds); ++k) {
    std::set<long long> seen;
    for (const auto& jobid : jobids[k]) {
      const long long ms = durationMsOf(mock, jobid);
      EXPECT_GE(ms, kinds[k].low) << kinds[k].name;
      EXPECT_LE(ms, kinds[k].high) << kinds[k].name;
      seen.insert(ms);
    }
    if (kinds[k].low != kinds[k].high) {
      EXPECT_GT(seen.size(), 1U) << kinds[k].name << ": drawn";
    }
  }
}

TEST(LumaMockSeveralAccounts, RefusesOptionsItCannotHonour) {
  MockOptions negative_accounts = Harness::optionsFor();
  negative_accounts.accounts = -1;
  EXPECT_THROW(MockServer{negative_accounts}, std::invalid_argument);
  MockOptions inverted = Harness::optionsFor();
  inverted.job_durations["video"] = {2s, 1s};
  EXPECT_THROW(MockServer{inverted}, std::invalid_argument);
  MockOptions none = Harness::optionsFor();
  none.accounts = 0;
  Harness without(none);
  EXPECT_EQ(without.get(kApi + "/accounts").status, 404) << "no account configured";
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
