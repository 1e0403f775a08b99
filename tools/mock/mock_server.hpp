#pragma once
/// \file
/// luma-mock: an offline emulator of the useapi.net Luma API on cpp-httplib, usable in-process
/// (tests start it on an ephemeral loopback port) and as the `luma-mock` program.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace useapi::luma::mock {

/// Settings of a MockServer.
struct MockOptions {
  std::string host = "127.0.0.1";  ///< Interface to listen on.
  int port = 0;                    ///< Zero: any free port.
  /// Accepted API tokens; the n-th token is user u12345+n, who owns the jobs it creates.
  std::vector<std::string> tokens = {"mock-token"};
  std::chrono::milliseconds job_duration{3000};  ///< From creation to completed (or failed).
  int concurrency = 4;  ///< Running jobs per user before 429 (an image batch counts one).
  std::string email = "mock@example.com";  ///< The one account's email, as seen in job ids.
};

/// A scripted answer for the next requests of a route, instead of the normal one.
struct Fault {
  std::string
      route;  ///< "METHOD /path-prefix" below the API root, e.g. "POST /videos", "GET /jobs".
  int status = 500;                                    ///< HTTP status to answer with.
  std::string body = R"({"error":"Injected fault"})";  ///< Body to answer with.
  std::optional<int> retry_after_seconds;              ///< Sends Retry-After when set.
  int times = 1;                                       ///< How many requests it answers.
  int stall_ms = 0;                                    ///< Waits this long before answering.
  /// The route acts first (e.g. creates the job), then the fault answers; with status 0 the
  /// route's own answer is kept (only delayed by stall_ms).
  bool after_acting = false;
};

/// A request as the mock received it.
struct RecordedRequest {
  std::string method;
  std::string target;  ///< The raw request target, percent-encoding intact.
  std::string path;    ///< The decoded path.
  std::multimap<std::string, std::string> headers;
  std::string body;
  int remote_port = 0;  ///< The client's port: equal ports mean one reused connection.
};

/// An emulator of the API: POST /images, POST /videos, GET /jobs/{jobid}, media under /media,
/// and controls under /__mock. Thread-safe.
class MockServer {
 public:
  /// A server not yet listening.
  explicit MockServer(MockOptions options = {});
  /// Stops the server if it runs.
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  /// Binds and starts serving on a background thread. Throws std::runtime_error if it cannot.
  void start();
  /// Stops serving and joins the thread; safe to call twice.
  void stop();
  /// The port it listens on (after start()).
  int port() const;
  /// The API base URL, e.g. "http://127.0.0.1:40123/v1/luma".
  std::string baseUrl() const;

  /// Queues a fault; it answers the next `times` requests of its route.
  void queueFault(Fault fault);
  /// The routes of faults that have answered a request, in order.
  std::vector<std::string> firedFaults() const;
  /// Every request received so far (API routes only, not media or controls).
  std::vector<RecordedRequest> requests() const;
  /// How many generation requests created jobs (an image batch counts once).
  std::size_t jobsCreated() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace useapi::luma::mock
