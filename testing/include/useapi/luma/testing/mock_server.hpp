#pragma once
/// \file
/// luma-mock, the offline emulator of the API, inside a test: testing::MockServer (target
/// useapi::luma_testing).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "useapi/luma/options.hpp"
#include "useapi/luma/testing/mock_fault.hpp"
#include "useapi/luma/testing/mock_records.hpp"

namespace useapi::luma::testing {

/// Settings of a MockServer.
struct MockServerOptions {
  double job_seconds = 0.5;  ///< From a job's creation to its final status; not negative.
  int concurrency = 4;       ///< Running jobs before the API's 429 (an image batch counts one).
  std::string token = "mock-token";  ///< The API token it accepts; not empty.
  /// Whether a job with a replyUrl is also called back on submission (status "created"), as
  /// the docs of replyUrl say, before its final callback; false: only the final one.
  bool webhook_on_submission = true;
};

/// luma-mock in-process on an ephemeral 127.0.0.1 port: accounts, assets, POST /images,
/// POST /videos, the job routes, webhooks to replyUrl, media, and scripted faults. It listens
/// when the constructor returns and stops in the destructor; nothing leaves the machine and no
/// credit is spent. A job completes job_seconds after its creation; a prompt containing
/// "[mock:fail]" makes it end failed, "[mock:moderate]" gets the API's 422 (the README's
/// luma-mock section lists every such rule). Thread-safe.
class MockServer {
 public:
  /// Starts listening; throws std::invalid_argument for bad options, std::runtime_error if it
  /// cannot listen.
  explicit MockServer(MockServerOptions options = {});
  /// Stops serving and joins its threads.
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  /// The API base URL, e.g. "http://127.0.0.1:41234/v1/luma".
  std::string baseUrl() const;
  /// The API token it accepts (MockServerOptions::token).
  std::string token() const;
  /// The port it listens on.
  int port() const;
  /// ClientOptions that reach it: its token and base URL, and short retry pauses.
  ClientOptions clientOptions() const;
  /// PollOptions for its jobs: short intervals and a deadline well past job_seconds.
  PollOptions pollOptions() const;

  /// Queues a fault; it answers the next `fault.times` requests of its route. Throws
  /// std::invalid_argument if drip_bytes_per_second is below 1 or content_type is empty.
  void queueFault(MockFault fault);
  /// The routes of the faults that have answered a request, in order.
  std::vector<std::string> firedFaults() const;
  /// The faults still queued, in order, each with the `times` it has left.
  std::vector<MockFault> pendingFaults() const;
  /// Drops every queued fault and forgets the ones that fired.
  void clearFaults();
  /// Every API request received so far (not media).
  std::vector<MockRequest> requests() const;
  /// How many generation requests created jobs (an image batch counts once).
  std::size_t jobsCreated() const;
  /// Every webhook callback sent (or tried) so far, in order.
  std::vector<MockWebhookDelivery> webhookDeliveries() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace useapi::luma::testing
