// luma-mock's job list (GET /jobs) and job deletion (DELETE /jobs/{jobid}) over raw HTTP.

#include <gtest/gtest.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>

#include "mock/http_answers.hpp"
#include "mock/mock_server.hpp"
#include "mock_harness.hpp"

namespace useapi::luma::mock::test_support {
namespace {

TEST(LumaMockJobs, ListShowsRunningJobsOnceEachWithReplyUrlOnlyWhenSet) {
  Harness mock(400ms);
  const std::string video = mock.submitJobid(
      "/videos", {{"prompt", "a fox"}, {"model", "ray-v3"}, {"replyUrl", "http://127.0.0.1:9/"}});
  const json batch = mock.submit("/images", {{"prompt", "a fox"}});
  const Reply reply = mock.get(kApi + "/jobs");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(at(reply.json_body, "/executing"), json(2));
  const json jobs = at(reply.json_body, "/jobs");
  ASSERT_EQ(jobs.size(), 2U) << "the batch is listed once, as its parent: " << reply.body;
  const struct {
    std::string jobid;
    const char* type;
    const char* model;
    bool reply_url;
  } expected[] = {{video, "video", "ray-v3", true},
                  {textAt(batch, "/jobid"), "image", "photon-v2", false}};
  for (std::size_t i = 0; i < 2; ++i) {
    const json& job = jobs[i];
    EXPECT_EQ(job.value("jobid", ""), expected[i].jobid);
    EXPECT_EQ(job.value("type", ""), expected[i].type);
    EXPECT_EQ(job.value("model", ""), expected[i].model);
    EXPECT_EQ(job.value("account", ""), kEmail);
    EXPECT_TRUE(matches(at(job, "/created"), kIsoTime)) << job.dump();
    EXPECT_EQ(at(job, "/replyUrl"), expected[i].reply_url ? json("configured") : json())
        << job.dump();
  }
  EXPECT_EQ(mock.get(kApi + "/jobs", bearer(kOtherToken)).json_body,
            json({{"executing", 0}, {"jobs", json::array()}}))
      << "per user";

  mock.waitUntilFinal(video);
  mock.waitUntilFinal(textAt(batch, "/jobid"));
  EXPECT_EQ(mock.get(kApi + "/jobs").json_body, json({{"executing", 0}, {"jobs", json::array()}}))
      << "finished jobs are not listed";
}

TEST(LumaMockJobs, DeleteAnswersEachDocumentedError) {
  Harness mock(2s);
  const std::string mine = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const std::string theirs =
      mock.submitJobid("/videos", {{"prompt", "a fox"}}, bearer(kOtherToken));
  const std::string unknown = "j0326140530123456789v-u12345-email:" + kEmail +
                              ":00000000-0000-4000-8000-000000000000-bot:luma";
  const std::regex running(
      "Cannot delete job in state '(created|pending|processing)'\\. Wait for completion\\.");
  const struct {
    const char* name;
    std::string jobid;
    Auth auth;
    int status;
    std::string error;  // empty: the running-job message
  } cases[] = {
      {"no token", mine, std::nullopt, 401, "Unauthorized"},
      {"malformed", "not-a-job-id", bearer(kToken), 400, "Invalid jobid"},
      {"unknown", unknown, bearer(kToken), 404, "Job not found"},
      {"another user's", theirs, bearer(kToken), 403, "Job does not belong to this user"},
      {"running", mine, bearer(kToken), 409, ""},
  };
  for (const auto& c : cases) {
    const Reply reply = mock.del(kApi + "/jobs/" + c.jobid, c.auth);
    EXPECT_EQ(reply.status, c.status) << c.name << " -> " << reply.body;
    if (c.error.empty()) {
      EXPECT_TRUE(std::regex_match(errorOf(reply), running)) << reply.body;
    } else {
      EXPECT_EQ(errorOf(reply), c.error) << c.name;
    }
  }
  EXPECT_EQ(mock.get(kApi + "/jobs/" + mine).status, 200) << "a 409 deletes nothing";
}

TEST(LumaMockJobs, DeleteOfAFinishedJobRemovesItAndABatchParentRemovesItsImages) {
  Harness mock(100ms);
  const std::string video = mock.submitJobid("/videos", {{"prompt", "a fox [mock:fail]"}});
  const json batch = mock.submit("/images", {{"prompt", "a fox"}});
  const std::string parent = textAt(batch, "/jobid");
  mock.waitUntilFinal(video);
  mock.waitUntilFinal(parent);
  const std::string image_url = textAt(mock.job(batch["jobids"][0]), "/response/image/url");
  ASSERT_EQ(mock.get(mock.pathOf(image_url), std::nullopt).status, 200);

  const std::string jobs_path = kApi + "/jobs/";
  for (const std::string& jobid : {video, parent}) {
    const Reply reply = mock.del(jobs_path + jobid);
    EXPECT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json_body, json({{"jobid", jobid}, {"deleted", true}}));
    EXPECT_EQ(mock.get(jobs_path + jobid).status, 404);
    EXPECT_EQ(errorOf(mock.del(jobs_path + jobid)), "Job not found");
  }
  for (const auto& image : batch["jobids"]) {
    EXPECT_EQ(mock.get(kApi + "/jobs/" + image.get<std::string>()).status, 404);
  }
  EXPECT_EQ(mock.get(mock.pathOf(image_url), std::nullopt).status, 404) << "media went too";
}

// A client that accepts gzip gets a job record (a few hundred bytes) as it is, and a long job
// list compressed, as from a web front end with a minimum size for compression.
TEST(LumaMockJobs, OnlyAnswersOfAKilobyteOrMoreAreGzipped) {
  Harness mock;
  std::string jobid;
  for (int i = 0; i < 8; ++i) jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  httplib::Client http("127.0.0.1", mock.server().port());
  http.set_decompress(false);  // the bytes as sent
  const httplib::Headers headers = {{"Authorization", "Bearer " + kToken},
                                    {"Accept-Encoding", "gzip"}};

  const auto record = http.Get(kApi + "/jobs/" + jobid, headers);
  ASSERT_TRUE(record);
  ASSERT_EQ(record->status, 200) << record->body;
  EXPECT_LT(record->body.size(), kMinCompressedJsonBytes);
  EXPECT_FALSE(record->has_header("Content-Encoding"));
  EXPECT_EQ(json::parse(record->body).value("jobid", ""), jobid);

  const auto list = http.Get(kApi + "/jobs", headers);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(list->get_header_value("Content-Encoding"), "gzip");
  EXPECT_FALSE(json::accept(list->body)) << "the body should be gzip bytes, not JSON";

  http.set_decompress(true);
  const auto decoded = http.Get(kApi + "/jobs", headers);
  ASSERT_TRUE(decoded);
  EXPECT_GE(decoded->body.size(), kMinCompressedJsonBytes);
  EXPECT_EQ(json::parse(decoded->body)["jobs"].size(), 8U);
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
