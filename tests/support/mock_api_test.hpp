#pragma once
// A test fixture that runs luma-mock in-process on a loopback port and builds clients for it.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "mock/mock_server.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::testing {

using namespace std::chrono_literals;

/// The token the fixture's mock accepts; it contains ':' as useapi tokens may.
inline const std::string kTestToken = "user:test-token-0123456789abcdef";
/// A second user's token, for ownership checks.
inline const std::string kOtherToken = "other-user-token";

/// A fault answering `times` requests of `route` with `status` and `body`.
inline mock::Fault fault(std::string route, int status, std::string body, int times = 1,
                         std::optional<int> retry_after_seconds = std::nullopt) {
  mock::Fault result;
  result.route = std::move(route);
  result.status = status;
  result.body = std::move(body);
  result.times = times;
  result.retry_after_seconds = retry_after_seconds;
  return result;
}

/// Starts a fresh mock per test (jobs finish after job_duration()).
class MockApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<mock::MockServer>(mockOptions());
    server_->start();
  }

  /// The mock's options: both tokens, and the values of the hooks below.
  virtual mock::MockOptions mockOptions() const {
    mock::MockOptions options;
    options.tokens = {kTestToken, kOtherToken};
    options.job_duration = jobDuration();
    options.concurrency = concurrency();
    options.webhook_on_submission = webhookOnSubmission();
    return options;
  }

  void TearDown() override { server_->stop(); }

  virtual std::chrono::milliseconds jobDuration() const { return 400ms; }
  virtual int concurrency() const { return 100; }
  /// Whether jobs with a replyUrl also call back on submission (the mock's default), or only
  /// when final.
  virtual bool webhookOnSubmission() const { return true; }

  /// Options for a client of the mock with short retry pauses.
  ClientOptions clientOptions(const std::string& token = kTestToken) const {
    ClientOptions options;
    options.api_token = token;
    options.base_url = server_->baseUrl();
    options.retry.initial_backoff = 10ms;
    options.retry.max_backoff = 50ms;
    return options;
  }

  /// Polls quickly so that waits take about as long as the mock's jobs.
  static PollOptions fastPolling() {
    PollOptions options;
    options.initial_interval = 30ms;
    options.max_interval = 100ms;
    options.timeout = 20s;
    return options;
  }

  /// A valid video request.
  static VideoRequest videoRequest(const std::string& prompt = "a red fox in the snow") {
    VideoRequest request;
    request.prompt = prompt;
    return request;
  }

  /// scheme://host:port of the mock, where it serves media.
  std::string origin() const {
    const std::string base = server_->baseUrl();
    return base.substr(0, base.find("/v1/luma"));
  }

  /// Requests the mock received on `method` whose path starts with the API root + `prefix`.
  std::vector<mock::RecordedRequest> received(const std::string& method,
                                              const std::string& prefix) const {
    std::vector<mock::RecordedRequest> matching;
    for (auto& request : server_->requests()) {
      if (request.method == method && request.path.rfind("/v1/luma" + prefix, 0) == 0) {
        matching.push_back(request);
      }
    }
    return matching;
  }

  std::unique_ptr<mock::MockServer> server_;
};

}  // namespace useapi::luma::testing
