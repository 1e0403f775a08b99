// What the journal reads from answers it does not decode whole: the API's own "no such job",
// and the job ids of a creation answer that fails to decode.

#include "codec/job_answers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace useapi::luma::detail {
namespace {

struct NotFoundCase {
  const char* what;
  std::string body;
  bool the_apis_own;
};

TEST(JobAnswers, OnlyTheApisOwnNotFoundAnswerSaysTheJobIsGone) {
  const NotFoundCase cases[] = {
      {"the documented answer", R"({"error":"Job not found"})", true},
      {"with more fields", R"({"error":"job abc not found","code":404})", true},
      {"the last of a repeated key", R"({"error":"Not Found","error":"Job not found"})", true},
      {"a proxy's page", "<html><body>404 Not Found</body></html>", false},
      {"an empty body", "", false},
      {"another server's JSON", R"({"error":"Not Found","path":"/v1/lumax/jobs"})", false},
      {"no error field", R"({"message":"Job not found"})", false},
      {"an error that is no string", R"({"error":{"message":"Job not found"}})", false},
      {"JSON with trailing text", R"({"error":"Job not found"} and more)", false},
      {"cut short", R"({"error":"Job not fou)", false},
      {"far too long", R"({"error":"Job not found","pad":")" + std::string(5000, 'x') + "\"}",
       false},
  };
  for (const auto& answer : cases) {
    SCOPED_TRACE(answer.what);
    EXPECT_EQ(isApiJobNotFoundAnswer(answer.body), answer.the_apis_own);
  }
}

struct NamedCase {
  const char* what;
  std::string body;
  std::vector<std::string> named;
};

TEST(JobAnswers, ACreationAnswerGivesTheJobsItNamesAsFarAsItReads) {
  const NamedCase cases[] = {
      {"a video", R"({"jobid":"v1","status":"created"})", {"v1"}},
      {"a batch names its images, not its parent",
       R"({"jobid":"p","jobids":["i1","i2","i3","i4"]})",
       {"i1", "i2", "i3", "i4"}},
      {"cut after a value", R"({"jobid":"v1","type":"video","created":)", {"v1"}},
      {"cut inside a string",
       R"({"jobid":"p","jobids":["i1","i2"],"type":"image","cou)",
       {"i1", "i2"}},
      {"an id of the wrong type is skipped", R"({"jobids":["i1",5,"i2","i1"]})", {"i1", "i2"}},
      {"a nested jobid does not count", R"({"response":{"jobid":"x"}})", {}},
      {"an empty jobid does not count", R"({"jobid":""})", {}},
      {"not JSON at all", "<html>502</html>", {}},
  };
  for (const auto& answer : cases) {
    SCOPED_TRACE(answer.what);
    EXPECT_EQ(jobIdsNamedIn(answer.body), answer.named);
  }
}

TEST(JobAnswers, AtMostSixtyFourIdsAreBelieved) {
  std::string body = R"({"jobids":[)";
  for (int i = 0; i < 100; ++i) body += (i ? ",\"id" : "\"id") + std::to_string(i) + "\"";
  body += "]}";
  EXPECT_EQ(jobIdsNamedIn(body).size(), 64U);
}

}  // namespace
}  // namespace useapi::luma::detail
