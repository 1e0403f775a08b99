// The only file that calls curl_easy_setopt or curl_easy_reset (tests/transport/
// curl_options_test.cpp fails when another does): a handle skips curl_easy_reset only when the
// options below, set for a request of the same shape, overwrite all that the last one set.

#include "transport/curl_options.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

constexpr long kMaxRedirects = 5;
constexpr long kStallBytesPerSecond = 1;  // a download slower than this for stall_timeout is cut

// CURLOPT_XFERINFOFUNCTION: aborts the transfer once the flag is set (the transport shuts down).
int abortWhenSet(void* flag, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/, curl_off_t /*ultotal*/,
                 curl_off_t /*ulnow*/) {
  return static_cast<const std::atomic<bool>*>(flag)->load() ? 1 : 0;
}

bool isHttps(const std::string& url) {
  static constexpr std::string_view kScheme = "https:";
  if (url.size() < kScheme.size()) return false;
  return std::equal(kScheme.begin(), kScheme.end(), url.begin(), [](char a, char b) {
    return a == std::tolower(static_cast<unsigned char>(b));
  });
}

}  // namespace

RequestShape RequestShape::of(const HttpRequest& request) {
  RequestShape shape;
  shape.method = request.method == "GET"    ? Method::Get
                 : request.method == "POST" ? Method::Post
                                            : Method::Other;
  shape.timed = request.timeout.count() > 0;
  shape.fresh = request.kind == RequestKind::CreatesResource || request.fresh_connection;
  shape.redirects = request.follow_redirects;
  shape.gzip = request.accept_gzip;
  return shape;
}

CurlOptions::CurlOptions(HandleDefaults defaults, std::vector<std::string> api_headers,
                         const std::string& user_agent)
    : defaults_(std::move(defaults)),
      api_headers_(std::move(api_headers)),
      user_agent_header_("User-Agent: " + user_agent) {
  HttpRequest plain_api_request;
  plain_api_request.api_headers = true;
  api_header_list_ = headerListOf(plain_api_request);
  if (!api_header_list_) throw TransportError("libcurl could not build a header list");
}

HeaderList CurlOptions::headerListOf(const HttpRequest& request,
                                     const std::vector<std::string>& attempt_headers) const {
  HeaderList list;
  if (request.api_headers) {
    for (const auto& header : api_headers_) {
      if (!appendHeader(list, header)) return nullptr;
    }
  }
  for (const auto& header : request.headers) {
    if (!appendHeader(list, header)) return nullptr;
  }
  for (const auto& header : attempt_headers) {
    if (!appendHeader(list, header)) return nullptr;
  }
  // A header of our own rather than CURLOPT_USERAGENT, which libcurl formats anew per request.
  if (!appendHeader(list, user_agent_header_)) return nullptr;
  if (!request.body.empty() && !appendHeader(list, "Expect:")) return nullptr;  // no 100-continue
  return list;
}

void CurlOptions::setDefaults(CURL* easy) const {
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(defaults_.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!defaults_.ca_bundle.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, defaults_.ca_bundle.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
  if (defaults_.abort_when != nullptr) {
    // The transport's shutdown cuts a transfer even on a stalled server.
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &abortWhenSet);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, defaults_.abort_when);
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  }
}

bool CurlOptions::apply(ConfiguredHandle& handle, const HttpRequest& request,
                        Transfer& transfer) const {
  CURL* const easy = handle.get();
  const RequestShape shape = RequestShape::of(request);
  if (handle.shape_ != shape) {
    if (handle.shape_) curl_easy_reset(easy);
    handle.shape_.reset();  // until the defaults are set again
    setDefaults(easy);
    handle.shape_ = shape;
  }
  curl_slist* headers = api_header_list_.get();
  const std::vector<std::string> attempt_headers =
      request.sink ? request.sink->attemptHeaders() : std::vector<std::string>{};
  if (!request.api_headers || !request.headers.empty() || !request.body.empty() ||
      !attempt_headers.empty()) {
    transfer.headers = headerListOf(request, attempt_headers);
    if (!transfer.headers) return false;  // out of memory
    headers = transfer.headers.get();
  }

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  // In the multi, a transfer to an https host waits for a connection being opened to learn
  // (ALPN) whether it speaks HTTP/2, and then shares it as a stream, instead of queueing behind
  // it or opening another. Not over plain http, which never multiplexes: there libcurl learns
  // that only from the first answer, so one stalled answer would hold every other transfer to
  // the host (every wait of the client) until it came.
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, request.url.rfind("https://", 0) == 0 ? 1L : 0L);
  switch (shape.method) {
    case RequestShape::Method::Get:
      curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
      break;
    case RequestShape::Method::Post:
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      break;
    case RequestShape::Method::Other:
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      break;
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  if (shape.timed) {
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  } else {
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
    const auto stall_seconds = std::chrono::ceil<std::chrono::seconds>(defaults_.stall_timeout);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, std::max<long>(1, stall_seconds.count()));
  }
  // libcurl silently resends a request on a fresh connection when a reused one turns out dead;
  // a job-creating POST must go out at most once, so it never rides a reused connection.
  if (shape.fresh) curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  if (shape.gzip) {
    // gzip only: it saves most of a long JSON answer's bytes for little CPU on either side,
    // where brotli at a server's default quality can cost milliseconds per answer.
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "gzip");
  }
  if (shape.redirects) {
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, kMaxRedirects);
    // What came over https never continues in the clear: only http may go on to either.
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR,
                     isHttps(request.url) ? "https" : "http,https");
  }
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error);
  return true;
}

void CurlOptions::detach(ConfiguredHandle& handle) {
  curl_easy_setopt(handle.get(), CURLOPT_ERRORBUFFER, nullptr);
}

}  // namespace useapi::luma::detail
