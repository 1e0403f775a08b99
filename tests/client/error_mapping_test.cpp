// Every documented error status becomes its ApiError class with the server's message.

#include <gmock/gmock.h>

#include <functional>
#include <typeinfo>
#include <utility>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;

struct StatusCase {
  int status;
  std::string message;
  std::function<bool(std::exception_ptr)> has_class;
  const char* class_name;
};

template <class ErrorClass>
std::function<bool(std::exception_ptr)> isA() {
  return [](std::exception_ptr error) {
    try {
      std::rethrow_exception(std::move(error));
    } catch (const ErrorClass&) {
      return true;
    } catch (...) {
      return false;
    }
  };
}

std::vector<StatusCase> documentedStatuses() {
  return {
      {400, "Parameter model (invalid-model) valid values: ray-v3-flash", isA<BadRequestError>(),
       "BadRequestError"},
      {401, "Unauthorized", isA<UnauthorizedError>(), "UnauthorizedError"},
      {402, "Account has no subscription or subscription expired", isA<PaymentRequiredError>(),
       "PaymentRequiredError"},
      {403, "Job does not belong to this user", isA<ForbiddenError>(), "ForbiddenError"},
      {404, "Asset not found", isA<NotFoundError>(), "NotFoundError"},
      {409, "Cannot delete job in state 'processing'. Wait for completion.", isA<ConflictError>(),
       "ConflictError"},
      {422, "Content moderation: prompt rejected", isA<ContentModerationError>(),
       "ContentModerationError"},
      {429, "All configured accounts are running at maximum capacity", isA<CapacityError>(),
       "CapacityError"},
      {500, "Internal error", isA<ServerError>(), "ServerError"},
      {503, "Service unavailable", isA<ServerError>(), "ServerError"},
      {596, "Luma account has an error. Please check your account configuration",
       isA<SessionError>(), "SessionError"},
      {418, "I'm a teapot", isA<ApiError>(), "ApiError"},
  };
}

class ErrorMapping : public MockApiTest {
 protected:
  Client noRetryClient() {
    ClientOptions options = clientOptions();
    options.retry.max_attempts = 1;
    return Client(options);
  }
};

TEST_F(ErrorMapping, EachStatusOfACreatingPostBecomesItsClassWithTheServerMessage) {
  Client client = noRetryClient();
  ImageRequest images;
  images.prompt = "a batch";
  const std::vector<std::pair<std::string, std::function<void()>>> routes = {
      {"POST /videos", [&] { client.generateVideo(videoRequest()); }},
      {"POST /images", [&] { client.generateImages(images); }},
      {"POST /assets/mock@example.com",
       [&] {
         client.uploadAsset("mock@example.com", std::string("\x89PNG\r\n\x1a\n"), "image/png");
       }},
  };
  for (const auto& [route, call] : routes) {
    for (const auto& expected : documentedStatuses()) {
      SCOPED_TRACE(route + " " + std::to_string(expected.status));
      server_->queueFault(fault(route, expected.status,
                                R"({"error":")" + expected.message + R"(","code":)" +
                                    std::to_string(expected.status) + "}"));
      try {
        call();
        ADD_FAILURE() << "no exception";
      } catch (const ApiError& error) {
        EXPECT_TRUE(expected.has_class(std::current_exception()))
            << "not a " << expected.class_name;
        EXPECT_EQ(error.status(), expected.status);
        EXPECT_EQ(error.message(), expected.message);
        EXPECT_THAT(error.body(), HasSubstr(expected.message));
        EXPECT_THAT(error.what(), HasSubstr(std::to_string(expected.status)));
        EXPECT_THAT(error.what(), HasSubstr(expected.message));
        EXPECT_THAT(error.what(), HasSubstr(route));
      }
    }
  }
}

TEST_F(ErrorMapping, EachStatusOfAPollBecomesItsClass) {
  Client client = noRetryClient();
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  for (const auto& expected : documentedStatuses()) {
    SCOPED_TRACE(expected.status);
    server_->queueFault(
        fault("GET /jobs/", expected.status, R"({"error":")" + expected.message + "\"}"));
    try {
      client.getJob(jobid);
      ADD_FAILURE() << "no exception for " << expected.status;
    } catch (const ApiError& error) {
      EXPECT_TRUE(expected.has_class(std::current_exception())) << "not a " << expected.class_name;
      EXPECT_EQ(error.message(), expected.message);
      EXPECT_THAT(error.what(), HasSubstr(jobid));
    }
  }
}

TEST_F(ErrorMapping, ErrorWithoutJsonKeepsTheBodyAsMessage) {
  Client client = noRetryClient();
  server_->queueFault(fault("POST /videos", 502, "<html>Bad gateway</html>"));
  try {
    client.generateVideo(videoRequest());
    FAIL() << "expected ServerError";
  } catch (const ServerError& error) {
    EXPECT_EQ(error.message(), "<html>Bad gateway</html>");
  }
}

TEST_F(ErrorMapping, RealRejectionsOfTheMockMapToTheirClasses) {
  Client client(clientOptions());
  Client stranger(clientOptions(kOtherToken));
  Client wrong_token(clientOptions("not-a-known-token"));
  const std::string jobid = client.generateVideo(videoRequest()).jobid;

  EXPECT_THROW(wrong_token.generateVideo(videoRequest()), UnauthorizedError);
  EXPECT_THROW(stranger.getJob(jobid), ForbiddenError);
  EXPECT_THROW(client.getJob("j1v-u12345-email:mock@example.com:nope-bot:luma"), NotFoundError);
  EXPECT_THROW(client.getJob("not-a-job-id"), BadRequestError);
  EXPECT_THROW(client.generateVideo(videoRequest("a cat [mock:moderate]")), ContentModerationError);
}

class CapacityLimit : public MockApiTest {
 protected:
  int concurrency() const override { return 1; }
  std::chrono::milliseconds jobDuration() const override { return 5s; }
};

TEST_F(CapacityLimit, SubmissionBeyondTheConcurrencyIsACapacityErrorAfterRetries) {
  ClientOptions options = clientOptions();
  options.retry.max_attempts = 3;
  Client client(options);
  client.generateVideo(videoRequest());
  EXPECT_THROW(client.generateVideo(videoRequest()), CapacityError);
  // 429 is the one status a job-creating POST may retry: the server created nothing.
  EXPECT_EQ(received("POST", "/videos").size(), 4u);
  EXPECT_EQ(server_->jobsCreated(), 1u);
}

TEST_F(ErrorMapping, AnswerThatIsNotJsonIsATransportErrorNamingTheEndpoint) {
  Client client = noRetryClient();
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"<html>not json</html>", "not JSON"},
      {"[1,2,3]", "array"},
      {R"({"jobid":"x","status":5})", "status"},
      {R"({"jobid":"x","status":"completed","response":{"video":{"url":7}}})",
       "response.video.url"},
      {std::string(200, '[') + std::string(200, ']'), "nested"},
  };
  for (const auto& [body, mention] : bodies) {
    SCOPED_TRACE(body.substr(0, 40));
    server_->queueFault(fault("GET /jobs/", 200, body));
    try {
      client.getJob(jobid);
      ADD_FAILURE() << "no exception";
    } catch (const TransportError& error) {
      EXPECT_THAT(error.what(), HasSubstr("GET /jobs/" + jobid));
      EXPECT_THAT(error.what(), HasSubstr(mention));
    }
  }
  server_->queueFault(fault("POST /images", 200, R"({"jobid":"x"})"));
  ImageRequest image;
  image.prompt = "p";
  EXPECT_THROW(client.generateImages(image), TransportError);
}

}  // namespace
}  // namespace useapi::luma::testing
