// Job ids travel as one path segment: they can never reach another endpoint.

#include <gmock/gmock.h>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;

class PathEncoding : public MockApiTest {};

TEST_F(PathEncoding, HostileIdsStayInsideTheJobsRoute) {
  Client client(clientOptions());
  struct Case {
    std::string jobid;
    std::string target;  // what the server must see after /v1/luma/jobs/
  };
  const std::vector<Case> cases = {
      {"../accounts", "..%2Faccounts"},
      {"..", "%2E%2E"},
      {".", "%2E"},
      {"x?y#z", "x%3Fy%23z"},
      {"a b%2F/c", "a%20b%252F%2Fc"},
      {"j1v-u1-email:me@example.com:1-bot:luma", "j1v-u1-email:me@example.com:1-bot:luma"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.jobid);
    try {
      client.getJob(c.jobid);
      ADD_FAILURE() << "the mock knows no such job";
    } catch (const ApiError& error) {
      EXPECT_TRUE(error.status() == 400 || error.status() == 404) << error.what();
      EXPECT_THAT(error.message(), ::testing::AnyOf("Invalid jobid", "Job not found"));
    }
    const auto requests = server_->requests();
    ASSERT_FALSE(requests.empty());
    EXPECT_EQ(requests.back().target, "/v1/luma/jobs/" + c.target);
    EXPECT_EQ(requests.back().path, "/v1/luma/jobs/" + c.jobid) << "the server decodes it back";
  }
}

TEST_F(PathEncoding, EmptyIdIsRefusedBeforeSending) {
  Client client(clientOptions());
  EXPECT_THROW(client.getJob(""), ValidationError);
  EXPECT_THROW(client.awaitJobs({"j1v-u1-email:a-bot:luma", ""}, fastPolling()), ValidationError);
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(PathEncoding, RealJobIdsRoundTrip) {
  Client client(clientOptions());
  const Job created = client.generateVideo(videoRequest());
  EXPECT_THAT(created.jobid, HasSubstr("email:mock@example.com:"));
  EXPECT_EQ(client.getJob(created.jobid).jobid, created.jobid);
}

}  // namespace
}  // namespace useapi::luma::testing
