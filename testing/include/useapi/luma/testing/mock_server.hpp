#pragma once
/// \file
/// luma-mock, the offline emulator of the API, inside a test: testing::MockServer (target
/// useapi::luma_testing).

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/options.hpp"
#include "useapi/luma/testing/mock_fault.hpp"
#include "useapi/luma/testing/mock_records.hpp"

namespace useapi::luma::testing {

/// A range of job durations in seconds: each job's is drawn uniformly from [min, max] (seeded
/// by MockServerOptions::seed); min == max is a fixed duration.
struct MockSecondsRange {
  double min = 0;  ///< Shortest; not negative.
  double max = 0;  ///< Longest; not below min, at most 86400.
};

/// Settings of a MockServer.
struct MockServerOptions {
  double job_seconds = 0.5;  ///< From a job's creation to its final status; not negative.
  int concurrency = 4;       ///< Running jobs before the API's 429 (an image batch counts one).
  std::string token = "mock-token";  ///< The API token it accepts; not empty.
  /// Whether a job with a replyUrl is also called back on submission (status "created"), as
  /// the docs of replyUrl say, before its final callback; false: only the final one.
  bool webhook_on_submission = true;
  /// Accounts the user starts with, each with `concurrency` slots: "mock@example.com", then
  /// "mock2@example.com", "mock3@example.com"... (accountEmails()). 0: none (GET /accounts is
  /// 404); not negative.
  int accounts = 1;
  /// Seeds the mock's random choices: the account a job without `email` runs on (drawn
  /// uniformly among the accounts with a free slot, as the API's "random with available
  /// capacity") and the durations drawn from job_seconds_for. The same seed and the same
  /// requests in the same order draw the same.
  std::uint32_t seed = 1;
  /// Job durations per kind instead of job_seconds: the key "TYPE:RESOLUTION" (e.g.
  /// "video:1080p", "video:draft", "image:1080p") wins over "TYPE" ("image", "video"), which
  /// wins over job_seconds. An image batch's four images share the batch's duration.
  std::map<std::string, MockSecondsRange> job_seconds_for;
  /// How long a completed job's media URLs stay good, as a CDN's signed links: each
  /// getJob() (GET /jobs/{jobid}) hands out fresh URLs valid this many seconds, and an expired
  /// one answers 403 (Client::downloadMedia() then reads the job again for fresh ones). None:
  /// URLs that never expire; otherwise above 0, at most 86400.
  std::optional<double> media_ttl_seconds;
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
  /// Queues a callback fault; it affects the next `fault.times` matching webhook callbacks.
  /// Throws std::invalid_argument for an unknown kind or negative numbers.
  void queueCallbackFault(MockCallbackFault fault);
  /// Every API request received so far (not media).
  std::vector<MockRequest> requests() const;
  /// How many generation requests created jobs (an image batch counts once).
  std::size_t jobsCreated() const;
  /// How many generation requests were answered 429 because no account had a free slot
  /// (queued faults that answer 429 are not counted).
  std::size_t capacityRefusals() const;
  /// Every webhook callback sent (or tried) so far, in order.
  std::vector<MockWebhookDelivery> webhookDeliveries() const;

  /// The emails of the accounts the user started with (MockServerOptions::accounts), first
  /// "mock@example.com".
  std::vector<std::string> accountEmails() const;
  /// Makes `count` jobs of another process (the same token, not created through requests to
  /// this server) hold slots of the account of `email` for `seconds`: they count in GET
  /// /accounts `executing` and in the capacity check (429), GET /jobs lists them, GET
  /// /jobs/{jobid} polls them, and jobsCreated() does not count them; no webhook is sent. Only
  /// as many as the account has free slots are created. `type` is "video" or "image" (an image
  /// batch: one slot); `model` is what GET /jobs lists (empty: ray-v3-flash or photon-v2).
  /// Returns their job ids (a batch's parent for images). Throws std::invalid_argument for an
  /// unknown account, a negative count or seconds, another type.
  std::vector<std::string> addForeignJobs(const std::string& email, int count, double seconds,
                                          const std::string& type = "video",
                                          const std::string& model = "");
  /// Expires the session of the account of `email`: POST /images and /videos pinned to it (by
  /// `email` or asset refs) and POST /assets/{email} answer 596 with the documented body, a job
  /// without `email` never runs on it (596 when every account is expired), and its GET
  /// /accounts summary carries an `error`. Its running jobs still finish. Throws
  /// std::invalid_argument for an unknown account.
  void expireAccount(const std::string& email);
  /// Ends an expiry, as re-adding the account with POST /accounts also does. Throws
  /// std::invalid_argument for an unknown account.
  void restoreAccount(const std::string& email);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace useapi::luma::testing
