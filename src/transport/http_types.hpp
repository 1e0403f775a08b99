#pragma once
// The plain data one HTTP exchange is made of, independent of libcurl.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace useapi::luma::detail {

using Clock = std::chrono::steady_clock;

/// What a request may do on the server, which decides when it may be sent again.
enum class RequestKind {
  Idempotent,       ///< GET, DELETE, downloads: safe to resend after any transient failure.
  CreatesResource,  ///< POST that creates a job (billed) or an asset: resent only when it surely
                    ///< never arrived.
};

/// Receives a streamed 200 body (downloads) instead of it being kept in memory. Another 2xx
/// status (206, 204) is never streamed, the transfer ending at its headers with that status,
/// except a 206 that resume() takes: the rest of a file whose start an earlier attempt wrote.
class BodySink {
 public:
  virtual ~BodySink() = default;
  /// "Name: value" lines to add to the next attempt's request (a cut download asking for the
  /// rest: Range, If-Range); runs on the thread of the attempt, before it starts.
  virtual std::vector<std::string> attemptHeaders() { return {}; }
  /// One header line of an answer as it arrives, status lines ("HTTP/1.1 206 ...") included:
  /// each starts a new answer (a redirect's, then the file's).
  virtual void header(std::string_view /*line*/) {}
  /// A 206 body starts: true when this attempt asked for the rest of the file and the answer
  /// continues it, its bytes then going to write() after those already written (no begin()).
  virtual bool resume() { return false; }
  /// A 200 body starts (again, on a retry: discard what came before); `total` when known.
  virtual void begin(std::optional<std::uint64_t> total) = 0;
  /// The next bytes of the body; false aborts the transfer (see failureMessage()).
  virtual bool write(const char* data, std::size_t size) = 0;
  /// Why write() returned false.
  virtual std::string failureMessage() const = 0;
};

/// Lets another thread end an exchange early through Transport::stop(); shared by the request
/// and whoever may stop it.
struct StopSignal {
  std::atomic<bool> requested{false};  ///< Set by Transport::stop(); no byte is taken after it.
};

/// One HTTP request, with what decides its retries.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::string endpoint;  ///< "METHOD /path" for messages and logs; never holds the token.
  /// Send the transport's API header lines (TransportSettings::api_headers: Authorization),
  /// which it keeps in one header list built once rather than per request.
  bool api_headers = false;
  std::vector<std::string> headers;  ///< This request's own "Name: value" lines, sent after them.
  /// Ask for a gzip answer (decoded on arrival). Worth it only for answers that can be long
  /// (lists): servers do not compress a few hundred bytes, and asking costs libcurl and the
  /// server work on every request (bench/FINDINGS.md).
  bool accept_gzip = false;
  std::string body;
  RequestKind kind = RequestKind::Idempotent;
  std::chrono::milliseconds timeout{0};  ///< Whole-transfer limit; zero: none (downloads).
  bool follow_redirects = false;         ///< Downloads only; Authorization never crosses hosts.
  /// Never on a reused connection, so libcurl cannot resend it unseen when a kept-alive
  /// connection turns out dead: every send is an attempt the retry logic counts. Implied for
  /// RequestKind::CreatesResource.
  bool fresh_connection = false;
  std::shared_ptr<BodySink> sink;  ///< Streams a 200 body; null: keep it in HttpResponse.
  /// When set, Transport::stop() with this signal ends the exchange (a FailureKind::Stopped).
  std::shared_ptr<StopSignal> stop_signal;
  std::optional<Clock::time_point> deadline;  ///< No retry is scheduled past it.
};

/// An HTTP answer (any status).
struct HttpResponse {
  int status = 0;
  std::string body;  ///< Empty when a sink took it.
  std::optional<std::chrono::milliseconds> retry_after;
};

/// Why no HTTP answer came.
enum class FailureKind {
  Connect,       ///< Could not resolve or connect: the request never left.
  Timeout,       ///< The connect or transfer limit passed.
  Network,       ///< Reset, broken or truncated exchange.
  Tls,           ///< Certificate or TLS failure: not worth retrying.
  BodyTooLarge,  ///< The answer passed the size cap.
  Sink,          ///< The body's destination refused it (e.g. disk full).
  Shutdown,      ///< The client was destroyed first.
  Stopped,       ///< Transport::stop() ended it (the caller knows why).
};

/// A transfer that ended without a usable HTTP answer.
struct TransportFailure {
  FailureKind kind = FailureKind::Network;
  bool request_sent = true;  ///< False only when no byte of the request went out.
  std::string message;
};

/// The end of an exchange, after its retries: an answer or a failure.
struct HttpOutcome {
  std::optional<HttpResponse> response;
  std::optional<TransportFailure> failure;
  int attempts = 0;
};

}  // namespace useapi::luma::detail
