#pragma once
// Requests turned into libcurl options: the one place that sets options on an easy handle, and
// so the one place that knows when a handle may skip curl_easy_reset.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "transport/curl_handles.hpp"
#include "transport/http_types.hpp"
#include "transport/transfer.hpp"

namespace useapi::luma::detail {

/// Which options CurlOptions::apply sets for a request: requests of one shape set the very same
/// options (with other values), so that each overwrites all that the one before it set.
struct RequestShape {
  enum class Method { Get, Post, Other };
  Method method = Method::Get;
  bool timed = false;      ///< A whole-transfer timeout, rather than the stall limit.
  bool fresh = false;      ///< Never on a reused connection.
  bool redirects = false;  ///< Follows redirects.
  bool gzip = false;       ///< Asks for a gzip answer.

  /// The shape of `request`.
  static RequestShape of(const HttpRequest& request);
  friend bool operator==(const RequestShape& a, const RequestShape& b) {
    return a.method == b.method && a.timed == b.timed && a.fresh == b.fresh &&
           a.redirects == b.redirects && a.gzip == b.gzip;
  }
  friend bool operator!=(const RequestShape& a, const RequestShape& b) { return !(a == b); }
};

/// An easy handle and the shape of the request whose options it holds (none: libcurl's
/// defaults). Only CurlOptions sets its options, and it records the shape as it does.
class ConfiguredHandle {
 public:
  /// A new handle; an empty one (valid() false) when out of memory.
  ConfiguredHandle() : easy_(makeEasyHandle()) {}
  /// Whether it holds a handle.
  bool valid() const { return easy_ != nullptr; }
  /// The handle, to perform it, add it to a multi or read what it received.
  CURL* get() const { return easy_.get(); }

 private:
  friend class CurlOptions;
  EasyHandle easy_;
  std::optional<RequestShape> shape_;
};

/// What every handle of a transport is set to, whatever the request.
struct HandleDefaults {
  std::chrono::milliseconds connect_timeout{10000};
  std::string ca_bundle;  ///< Empty: the system store. Peer and host are always verified.
  /// A transfer without its own timeout that moves no byte for this long is cut.
  std::chrono::milliseconds stall_timeout{30000};
  /// Every transfer aborts once this is true (libcurl checks it about once a second at least).
  const std::atomic<bool>* abort_when = nullptr;
};

/// Sets the options of requests on easy handles. Thread-safe (const after construction).
class CurlOptions {
 public:
  /// Builds the header list of plain API requests (`api_headers` and the User-Agent) once.
  /// Throws TransportError when out of memory.
  CurlOptions(HandleDefaults defaults, std::vector<std::string> api_headers,
              const std::string& user_agent);

  /// Sets on `handle` every option `request` needs, its answer going to `transfer`: the
  /// defaults first, after a curl_easy_reset when the handle served a request of another shape
  /// (none when it was of the same shape, as a poll loop is), then the request's own. False when
  /// out of memory (nothing can be sent).
  bool apply(ConfiguredHandle& handle, const HttpRequest& request, Transfer& transfer) const;

  /// Unhooks `handle` from the attempt that ended (its error buffer dies with the Transfer).
  static void detach(ConfiguredHandle& handle);

 private:
  void setDefaults(CURL* easy) const;
  /// The request's header lines and this attempt's (BodySink::attemptHeaders()), then the
  /// User-Agent; null when out of memory.
  HeaderList headerListOf(const HttpRequest& request,
                          const std::vector<std::string>& attempt_headers = {}) const;

  HandleDefaults defaults_;
  std::vector<std::string> api_headers_;
  std::string user_agent_header_;  // "User-Agent: " + the agent
  // The list of a plain API request (no header or body of its own), shared by all of them:
  // libcurl only reads a header list.
  HeaderList api_header_list_;
};

}  // namespace useapi::luma::detail
