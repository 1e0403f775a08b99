#pragma once
/// \file
/// luma-mock: an offline emulator of the useapi.net Luma API on cpp-httplib, usable in-process
/// (tests start it on an ephemeral loopback port) and as the `luma-mock` program.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mock/blob_content.hpp"
#include "mock/job_durations.hpp"
#include "mock/job_ids.hpp"
#include "mock/webhook_dispatcher.hpp"

namespace useapi::luma::mock {

/// Settings of a MockServer.
struct MockOptions {
  std::string host = "127.0.0.1";  ///< Interface to listen on.
  int port = 0;                    ///< Zero: any free port.
  /// Accepted API tokens; the n-th token is user u12345+n, who owns the jobs it creates.
  std::vector<std::string> tokens = {"mock-token"};
  std::chrono::milliseconds job_duration{3000};  ///< From creation to completed (or failed).
  /// Running jobs per account before 429 (an image batch counts one); every account has it.
  int concurrency = 4;
  /// The account each user starts with.
  std::string email = "mock@example.com";
  /// Whether a job with a replyUrl also calls back on submission (its record with status
  /// "created"), before the callback when it is final. The docs disagree (the replyUrl field:
  /// "on submission and on completion/failure"; the webhook section: "on completion or
  /// failure"), so the mock does both: on by default, as the field's text says; off, only the
  /// final callback is sent. Nothing in the library may rely on the submission callback.
  bool webhook_on_submission = true;
  /// Threads serving connections, started with the server. cpp-httplib holds one per kept-alive
  /// connection until it has been idle 5 s, so this is how many connections the mock serves at
  /// once; a client past it waits up to 5 s per request. Tests need few; the luma-mock program
  /// serves 512 (a batch's posting and download threads on hundreds of accounts).
  std::size_t serving_threads = 64;
  /// Scripted ids of the next jobs (their time, request digits, uuids), e.g. to mint the docs'
  /// literal ids; by default each job's id is made as the API makes it.
  IdScript id_script;
  /// Accounts each user starts with (0: none), each with `concurrency` slots: the first is `email`,
  /// the n-th (from 2) is `email` with n before its '@' (mock2@example.com, mock3@example.com...).
  int accounts = 1;
  /// Seeds the random choices: the account a job without `email` runs on (uniform among those
  /// with a free slot) and each job's duration drawn from job_durations. The same seed and the
  /// same requests in the same order give the same choices.
  std::uint32_t seed = 1;
  /// Durations per kind of job, instead of job_duration: the key "TYPE:RESOLUTION" (e.g.
  /// "video:1080p", "video:draft", "image:1080p") wins over "TYPE" ("image", "video"), which wins
  /// over job_duration. An image batch's four images share the batch's duration.
  std::map<std::string, DurationRange> job_durations;
  /// How long a completed job's media URLs stay good, as a CDN's signed links: each GET
  /// /jobs/{jobid} hands out fresh URLs (a per-read signature in their query) valid for this
  /// long, and an expired, unsigned or altered one is answered 403. Webhook payloads carry
  /// unsigned URLs then (refused: read the job). None: plain URLs that never expire.
  std::optional<std::chrono::milliseconds> media_ttl;
};

/// Jobs of the user's token that another process created (not through this server's routes):
/// each holds a slot of its account for `duration`, counts in GET /accounts `executing` and in
/// the capacity check, is listed by GET /jobs and can be polled like any job of the user; it is
/// not counted by jobsCreated(). No webhook is sent for it.
struct ForeignJobs {
  std::string email;  ///< The account whose slots they hold; empty: MockOptions::email.
  int count = 1;      ///< How many; only as many as the account has free slots are created.
  std::chrono::milliseconds duration{3000};  ///< From now until each completes.
  std::string type = "video";  ///< "video", or "image" (an image batch: one slot, 4 images).
  std::string token;           ///< Whose jobs; empty: the first token's user.
  /// Their model as GET /jobs lists it; empty: the type's default (ray-v3-flash, photon-v2).
  std::string model;
};

/// The body of 596 answers, as the docs give it.
inline constexpr const char* kAccountErrorMessage =
    "Luma account has an error. Please check your account configuration via GET "
    "/v1/luma/accounts or re-add the account via POST /v1/luma/accounts";
/// The `error` of an expired account's GET /accounts summary.
inline constexpr const char* kSessionExpiredMessage =
    "Luma session expired. Re-add the account via POST /v1/luma/accounts";

/// A scripted answer for the next requests of a route, instead of the normal one. A "JSON of the
/// wrong types" fault is simply status 200 with a body such as {"jobid":42,"status":["x"]}.
struct Fault {
  /// "METHOD /path-prefix": below the API root for API routes, e.g. "POST /videos", "GET /jobs";
  /// the full path for others, e.g. "GET /media/".
  std::string route;
  int status = 500;                                    ///< HTTP status to answer with.
  std::string body = R"({"error":"Injected fault"})";  ///< Body to answer with.
  std::optional<int> retry_after_seconds;              ///< Sends Retry-After when set.
  int times = 1;                                       ///< How many requests it answers.
  int stall_ms = 0;                                    ///< Waits this long before answering.
  /// The route acts first (e.g. creates the job), then the fault answers. With status 0 the
  /// route always acts and its own answer is kept (delayed by stall_ms, cut by
  /// truncate_after_bytes).
  bool after_acting = false;
  /// Sends the answer's full Content-Length but only this many body bytes, then closes the
  /// connection (a transfer that fails midway: the cut a resuming download is tested with). On a
  /// media route the bytes count from where the request's Range starts.
  std::optional<std::uint64_t> truncate_after_bytes;
  /// Closes the connection with a TCP reset and no HTTP answer at all (status and body unused);
  /// with after_acting the route acts first (e.g. creates the job), otherwise it never acts.
  bool reset = false;
  /// Sends the answer (this body, or the route's own with status 0) in small pieces at this rate,
  /// so the whole body takes its size divided by the rate; Content-Length stays the full size.
  std::optional<int> drip_bytes_per_second;
  std::string content_type = "application/json";  ///< Content-Type of `body`, e.g. "text/html".
};

/// A request as the mock received it.
struct RecordedRequest {
  std::string method;
  std::string target;  ///< The raw request target, percent-encoding intact.
  std::string path;    ///< The decoded path.
  std::multimap<std::string, std::string> headers;
  std::string body;     ///< Empty for multipart/form-data, whose parts cpp-httplib parses instead.
  int remote_port = 0;  ///< The client's port: equal ports mean one reused connection.
  std::chrono::steady_clock::time_point received_at;  ///< When its headers were read.
};

/// An emulator of the API: accounts, assets, POST /images, POST /videos, GET /jobs, GET and
/// DELETE /jobs/{jobid}, webhooks to replyUrl, media under /media (including large blobs at
/// /media/blob/<bytes>.bin), and controls under /__mock. Thread-safe.
class MockServer {
 public:
  /// A server not yet listening. Throws std::invalid_argument for negative accounts or a
  /// duration range that is negative or has max below min.
  explicit MockServer(MockOptions options = {});
  /// Stops the server if it runs.
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  /// Binds and starts serving (and delivering webhooks) on background threads. Throws
  /// std::runtime_error if it cannot, saying "port in use" when another server (another mock)
  /// listens on the port: the port is never shared (no SO_REUSEPORT), so two mocks never split
  /// one port's connections between them.
  void start();
  /// Stops serving and delivering webhooks, and joins the threads; safe to call twice.
  void stop();
  /// The port it listens on (after start()).
  int port() const;
  /// The API base URL, e.g. "http://127.0.0.1:40123/v1/luma".
  std::string baseUrl() const;

  /// Queues a fault; it answers the next `times` requests of its route. Throws
  /// std::invalid_argument if drip_bytes_per_second is below 1 or content_type is empty.
  void queueFault(Fault fault);
  /// The routes of faults that have answered a request, in order.
  std::vector<std::string> firedFaults() const;
  /// The faults still queued, in order, each with the `times` it has left.
  std::vector<Fault> pendingFaults() const;
  /// Drops every queued fault and forgets the ones that fired.
  void clearFaults();
  /// Every request received so far (API routes only, not media or controls).
  std::vector<RecordedRequest> requests() const;
  /// How many generation requests created jobs (an image batch counts once).
  std::size_t jobsCreated() const;
  /// How many generation requests were answered 429 because no account had a free slot
  /// (faults that answer 429 are not counted).
  std::size_t capacityRefusals() const;
  /// Every webhook callback sent (or tried) so far, in order.
  std::vector<WebhookDelivery> webhookDeliveries() const;
  /// Queues a callback fault (delayed, duplicated, reordered, dropped, dead receiver); it
  /// affects the next matching callbacks. Throws std::invalid_argument for an unknown kind.
  void queueCallbackFault(CallbackFault fault);

  /// Creates jobs of another process on an account (see ForeignJobs); returns their job ids
  /// (a batch's parent id for images), fewer than `count` when the account had fewer free
  /// slots. Throws std::invalid_argument for an unknown token or account, a count below 0, a
  /// negative duration or another type.
  std::vector<std::string> addForeignJobs(const ForeignJobs& jobs);
  /// Expires the session of the account of `email` (of `token`'s user; empty: the first
  /// token's): POST /images, /videos and /assets/{email} to it answer 596, a job without
  /// `email` never runs on it, and its GET /accounts summary carries `error`. Running jobs on it
  /// still finish. Returns false when the user has no such account.
  bool expireAccount(const std::string& email, const std::string& token = "");
  /// Ends an expiry (as re-adding the account with POST /accounts also does). Returns false
  /// when the user has no such account.
  bool restoreAccount(const std::string& email, const std::string& token = "");

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace useapi::luma::mock
