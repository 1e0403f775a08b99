#include "transport/curl_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <future>

#include "model/secret_redaction.hpp"
#include "transport/clock_math.hpp"
#include "transport/retry_rules.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

constexpr int kMaxIdleWaitMs = 1000;
constexpr long kMaxRedirects = 5;
constexpr std::size_t kBodySpareBytes = 64;
constexpr long kStallBytesPerSecond = 1;  // a download slower than this for stall_timeout is cut

void initialiseCurlOnce() {
  static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (result != CURLE_OK) throw TransportError("libcurl could not be initialised");
}

CURLM* asMulti(void* handle) { return static_cast<CURLM*>(handle); }
CURL* asEasy(void* handle) { return static_cast<CURL*>(handle); }

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

FailureKind failureKindOf(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return FailureKind::Connect;
    case CURLE_OPERATION_TIMEDOUT:
      return FailureKind::Timeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_TOO_MANY_REDIRECTS:
      return FailureKind::Tls;  // permanent: configuration, certificate or URL problems
    default:
      return FailureKind::Network;
  }
}

std::string describe(FailureKind kind) {
  switch (kind) {
    case FailureKind::Connect:
      return "could not connect";
    case FailureKind::Timeout:
      return "timed out";
    case FailureKind::Network:
      return "network failure";
    case FailureKind::Tls:
      return "connection refused by configuration or TLS";
    case FailureKind::BodyTooLarge:
      return "answer too large";
    case FailureKind::Sink:
      return "could not store the body";
    case FailureKind::Shutdown:
      return "client shut down";
    case FailureKind::Stopped:
      return "stopped";
  }
  return "failure";
}

// The transport whose I/O thread this is, and the one whose logger this thread is inside.
thread_local const CurlTransport* t_io_thread_of = nullptr;
thread_local const CurlTransport* t_logging_in = nullptr;

// CURLOPT_XFERINFOFUNCTION of calls on callers' threads: aborts the transfer once the transport
// shuts down (libcurl calls it at least about once a second, even when nothing moves).
int abortWhenClosing(void* closing, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/,
                     curl_off_t /*ultotal*/, curl_off_t /*ulnow*/) {
  return static_cast<const std::atomic<bool>*>(closing)->load() ? 1 : 0;
}

// The outcome of an exchange ended by the client's destruction.
HttpOutcome shutDown(int attempts, bool request_sent) {
  HttpOutcome outcome;
  outcome.attempts = attempts;
  outcome.failure =
      TransportFailure{FailureKind::Shutdown, request_sent, "the client was destroyed"};
  return outcome;
}

// The outcome of an attempt that could not start for want of memory: nothing was sent.
HttpOutcome outOfMemory(int attempts) {
  HttpOutcome outcome;
  outcome.attempts = attempts;
  outcome.failure = TransportFailure{FailureKind::Network, false, "out of memory"};
  return outcome;
}

// What decides which options prepareTransfer sets on a handle: requests of one shape set the same
// ones (with other values), so that each overwrites all that the one before it set.
std::string shapeOf(const HttpRequest& request) {
  std::string shape = request.method;
  shape += request.timeout.count() > 0 ? 't' : '-';
  shape += request.kind == RequestKind::CreatesResource || request.fresh_connection ? 'f' : '-';
  shape += request.follow_redirects ? 'r' : '-';
  shape += request.accept_gzip ? 'z' : '-';
  return shape;
}

}  // namespace

// One HTTP exchange across its attempts.
struct CurlTransport::Exchange {
  HttpRequest request;
  Completion done;
  int attempt = 0;
  Clock::time_point started = Clock::now();
};

// One attempt of an exchange: an easy handle in the multi and what it has received.
struct CurlTransport::Transfer {
  std::shared_ptr<Exchange> exchange;
  curl_slist* headers = nullptr;
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  std::size_t max_body_bytes = 0;
  bool too_large = false;
  bool sink_started = false;
  bool sink_failed = false;
  bool stopped = false;          // Transport::stop() was asked: the body was refused
  bool unwanted_status = false;  // a 2xx other than 200 to a request with a sink: not taken

  ~Transfer() { curl_slist_free_all(headers); }

  static size_t onBody(char* data, size_t size, size_t count, void* user);
  static size_t onHeader(char* data, size_t size, size_t count, void* user);
  CURL* easy = nullptr;
};

size_t CurlTransport::Transfer::onBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const HttpRequest& request = transfer->exchange->request;
  if (request.stop_signal && request.stop_signal->requested.load()) {
    transfer->stopped = true;  // not one more byte once a stop is asked
    return 0;
  }
  const auto& sink = request.sink;
  long status = 0;
  curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
  if (sink && status >= 201 && status <= 299) {
    // A partial (206) or any other 2xx body is not the file: end at once with that status.
    transfer->unwanted_status = true;
    return 0;
  }
  if (sink && status == 200) {
    if (!transfer->sink_started) {
      curl_off_t length = -1;
      curl_easy_getinfo(transfer->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      sink->begin(length >= 0 ? std::optional<std::uint64_t>(length) : std::nullopt);
      transfer->sink_started = true;
    }
    if (!sink->write(data, bytes)) {
      transfer->sink_failed = true;
      return 0;
    }
    return bytes;
  }
  if (transfer->response.body.size() + bytes > transfer->max_body_bytes) {
    transfer->too_large = true;
    return 0;
  }
  std::string& body = transfer->response.body;
  // Spare room after an answer that comes in one piece, as the decoders read it in place
  // (simdjson reads up to 64 bytes past the text): no copy to make it readable.
  if (body.empty()) body.reserve(bytes + kBodySpareBytes);
  body.append(data, bytes);
  return bytes;
}

size_t CurlTransport::Transfer::onHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (startsWithNoCase(line, "http/")) {
    transfer->response.retry_after.reset();  // a new response (redirect, 100-continue)
  } else if (startsWithNoCase(line, "retry-after:")) {
    transfer->response.retry_after =
        parseRetryAfter(std::string(line.substr(std::strlen("retry-after:"))));
  }
  return bytes;
}

CurlTransport::CurlTransport(TransportSettings settings)
    : settings_(std::move(settings)),
      user_agent_header_("User-Agent: " + settings_.user_agent),
      random_(std::random_device{}()) {
  initialiseCurlOnce();
  HttpRequest plain_api_request;
  plain_api_request.api_headers = true;
  api_header_list_ = headerListOf(plain_api_request);
  if (!api_header_list_) throw TransportError("libcurl could not build a header list");
  multi_ = curl_multi_init();
  if (!multi_) {
    curl_slist_free_all(static_cast<curl_slist*>(api_header_list_));
    throw TransportError("libcurl could not create a multi handle");
  }
  curl_multi_setopt(asMulti(multi_), CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(std::max(1, settings_.max_connections)));
  curl_multi_setopt(asMulti(multi_), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  max_active_ = static_cast<std::size_t>(std::max(16, 4 * std::max(1, settings_.max_connections)));
  if (settings_.max_requests_per_second > 0) {
    rate_limiter_.emplace(settings_.max_requests_per_second);
  }
  thread_ = std::thread([this] { run(); });
}

CurlTransport::~CurlTransport() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  curl_multi_wakeup(asMulti(multi_));
  thread_.join();
  for (void* easy : idle_easy_) curl_easy_cleanup(asEasy(easy));
  for (const CallerHandle& handle : caller_idle_) curl_easy_cleanup(asEasy(handle.easy));
  curl_multi_cleanup(asMulti(multi_));
  curl_slist_free_all(static_cast<curl_slist*>(api_header_list_));
}

void CurlTransport::send(HttpRequest request, Completion done) {
  auto exchange = std::make_shared<Exchange>();
  exchange->request = std::move(request);
  exchange->done = std::move(done);
  post([this, exchange] { startAttempt(exchange); });
}

void CurlTransport::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    posted_.push_back(std::move(task));
  }
  curl_multi_wakeup(asMulti(multi_));
}

TimerId CurlTransport::schedule(Clock::time_point when, std::function<void()> task) {
  const TimerId id = next_timer_++;
  timers_.emplace(std::make_pair(when, id), std::move(task));
  timer_times_.emplace(id, when);
  return id;
}

void CurlTransport::cancelTimer(TimerId id) {
  const auto it = timer_times_.find(id);
  if (it == timer_times_.end()) return;
  timers_.erase(std::make_pair(it->second, id));
  timer_times_.erase(it);
}

bool CurlTransport::onCallbackThread() const {
  return t_io_thread_of == this || t_logging_in == this;
}

void CurlTransport::shutdown() {
  closing_.store(true);
  {
    std::lock_guard<std::mutex> lock(caller_mutex_);
    caller_wake_.notify_all();
  }
  auto abandoned = std::make_shared<std::promise<void>>();
  std::future<void> done = abandoned->get_future();
  post([this, abandoned] {
    abandonExchanges();
    abandoned->set_value();
  });
  done.wait();
}

void CurlTransport::run() {
  t_io_thread_of = this;
  std::deque<std::function<void()>> tasks;
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) break;
      tasks.swap(posted_);
    }
    runPostedTasks(tasks);
    runDueTimers();
    int running = 0;
    curl_multi_perform(asMulti(multi_), &running);
    collectFinished();
    const int wait_ms = millisecondsToWait();
    if (wait_ms > 0) curl_multi_poll(asMulti(multi_), nullptr, 0, wait_ms, nullptr);
  }
  abandonAll();
}

void CurlTransport::runPostedTasks(std::deque<std::function<void()>>& tasks) {
  while (!tasks.empty()) {
    auto task = std::move(tasks.front());
    tasks.pop_front();
    task();
  }
}

void CurlTransport::runDueTimers() {
  const auto now = Clock::now();
  while (!timers_.empty() && timers_.begin()->first.first <= now) {
    auto node = timers_.extract(timers_.begin());
    timer_times_.erase(node.key().second);
    node.mapped()();
  }
}

int CurlTransport::millisecondsToWait() {
  long wait_ms = kMaxIdleWaitMs;
  long curl_ms = -1;
  curl_multi_timeout(asMulti(multi_), &curl_ms);
  if (curl_ms >= 0) wait_ms = std::min(wait_ms, curl_ms);
  if (!timers_.empty()) {
    const auto until = timers_.begin()->first.first - Clock::now();
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(until).count();
    wait_ms = std::min<long>(wait_ms, std::max<long>(0, static_cast<long>(ms)));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!posted_.empty() || stopping_) return 0;
  return static_cast<int>(wait_ms);
}

void* CurlTransport::acquireEasy() {
  void* easy = nullptr;
  if (idle_easy_.empty()) {
    easy = curl_easy_init();
    if (easy == nullptr) return nullptr;
  } else {
    easy = idle_easy_.back();
    idle_easy_.pop_back();
    curl_easy_reset(asEasy(easy));
  }
  configureHandle(easy);
  return easy;
}

void CurlTransport::startAttempt(const std::shared_ptr<Exchange>& exchange) {
  if (closing_.load()) {
    exchange->done(shutDown(exchange->attempt, exchange->attempt > 0));
    return;
  }
  const auto& signal = exchange->request.stop_signal;
  if (signal && signal->requested.load()) {  // stopped before it started
    HttpOutcome stopped;
    stopped.attempts = exchange->attempt;
    stopped.failure = TransportFailure{FailureKind::Stopped, false, "stopped"};
    exchange->done(std::move(stopped));
    return;
  }
  waiting_.push_back(exchange);
  startWaiting();
}

void CurlTransport::startWaiting() {
  while (!waiting_.empty() && transfers_.size() < max_active_) {
    if (rate_limiter_) {
      const auto now = Clock::now();
      if (now < rate_limiter_->nextStart()) {
        if (!pace_timer_armed_) {
          pace_timer_armed_ = true;
          schedule(rate_limiter_->nextStart(), [this] {
            pace_timer_armed_ = false;
            startWaiting();
          });
        }
        return;
      }
      rate_limiter_->recordStart(now);
    }
    auto next = std::move(waiting_.front());
    waiting_.pop_front();
    launchAttempt(next);
  }
}

void CurlTransport::launchAttempt(const std::shared_ptr<Exchange>& exchange) {
  ++exchange->attempt;
  CURL* easy = asEasy(acquireEasy());
  if (!easy) {
    complete(exchange, outOfMemory(exchange->attempt));
    return;
  }
  std::unique_ptr<Transfer> transfer = prepareTransfer(exchange, easy);
  if (!transfer) {
    curl_easy_cleanup(easy);
    complete(exchange, outOfMemory(exchange->attempt));
    return;
  }
  transfers_.emplace(easy, std::move(transfer));
  curl_multi_add_handle(asMulti(multi_), easy);
}

void CurlTransport::configureHandle(void* handle) const {
  CURL* easy = asEasy(handle);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings_.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings_.ca_bundle.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, settings_.ca_bundle.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
}

void* CurlTransport::headerListOf(const HttpRequest& request) const {
  curl_slist* list = nullptr;
  // curl_slist_append returns null when out of memory, and the list so far is then lost to
  // the caller: keep it, free it, and give no list rather than one missing a line.
  const auto append = [&list](const std::string& line) {
    curl_slist* longer = curl_slist_append(list, line.c_str());
    if (longer == nullptr) curl_slist_free_all(list);
    list = longer;
    return longer != nullptr;
  };
  if (request.api_headers) {
    for (const auto& header : settings_.api_headers) {
      if (!append(header)) return nullptr;
    }
  }
  for (const auto& header : request.headers) {
    if (!append(header)) return nullptr;
  }
  // A header of our own rather than CURLOPT_USERAGENT, which libcurl formats anew per request.
  if (!append(user_agent_header_)) return nullptr;
  if (!request.body.empty() && !append("Expect:")) return nullptr;  // no 100-continue
  return list;
}

std::unique_ptr<CurlTransport::Transfer> CurlTransport::prepareTransfer(
    const std::shared_ptr<Exchange>& exchange, void* handle) const {
  CURL* easy = asEasy(handle);
  const HttpRequest& request = exchange->request;
  auto transfer = std::make_unique<Transfer>();
  transfer->exchange = exchange;
  transfer->easy = easy;
  transfer->max_body_bytes = settings_.max_body_bytes;
  auto* headers = static_cast<curl_slist*>(api_header_list_);
  if (!request.api_headers || !request.headers.empty() || !request.body.empty()) {
    transfer->headers = static_cast<curl_slist*>(headerListOf(request));
    if (transfer->headers == nullptr) return nullptr;  // out of memory
    headers = transfer->headers;
  }

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  // In the multi, a transfer to an https host waits for a connection being opened to learn
  // (ALPN) whether it speaks HTTP/2, and then shares it as a stream, instead of queueing behind
  // it or opening another. Not over plain http, which never multiplexes: there libcurl learns
  // that only from the first answer, so one stalled answer would hold every other transfer to
  // the host (every wait of the client) until it came.
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, request.url.rfind("https://", 0) == 0 ? 1L : 0L);
  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "POST") {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  } else {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  if (request.timeout.count() > 0) {
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  } else {
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, kStallBytesPerSecond);
    const auto stall_seconds = std::chrono::ceil<std::chrono::seconds>(settings_.stall_timeout);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, std::max<long>(1, stall_seconds.count()));
  }
  // libcurl silently resends a request on a fresh connection when a reused one turns out dead;
  // a job-creating POST must go out at most once, so it never rides a reused connection.
  if (request.kind == RequestKind::CreatesResource || request.fresh_connection) {
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
  }
  if (request.accept_gzip) {
    // gzip only: it saves most of a long JSON answer's bytes for little CPU on either side,
    // where brotli at a server's default quality can cost milliseconds per answer.
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "gzip");
  }
  if (request.follow_redirects) {
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, kMaxRedirects);
    // What came over https never continues in the clear: only http may go on to either.
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR,
                     startsWithNoCase(request.url, "https:") ? "https" : "http,https");
  }
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
  return transfer;
}

void CurlTransport::collectFinished() {
  std::vector<std::pair<CURL*, CURLcode>> finished;
  int remaining = 0;
  while (CURLMsg* message = curl_multi_info_read(asMulti(multi_), &remaining)) {
    if (message->msg == CURLMSG_DONE) {
      finished.emplace_back(message->easy_handle, message->data.result);
    }
  }
  for (const auto& [easy, code] : finished) finishTransfer(easy, code);
}

HttpOutcome CurlTransport::outcomeOf(Transfer& transfer, int code_value) const {
  CURL* easy = transfer.easy;
  const auto code = static_cast<CURLcode>(code_value);
  HttpOutcome outcome;
  outcome.attempts = transfer.exchange->attempt;
  if (transfer.stopped) {
    outcome.failure = TransportFailure{FailureKind::Stopped, true, "stopped"};
    return outcome;
  }
  if (code == CURLE_OK || transfer.unwanted_status) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    outcome.response = std::move(transfer.response);
  } else {
    long request_size = 0;
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_size);
    TransportFailure failure;
    failure.request_sent = request_size > 0;
    if (transfer.too_large) {
      failure.kind = FailureKind::BodyTooLarge;
      failure.message = "the answer is larger than the limit of " +
                        std::to_string(settings_.max_body_bytes) + " bytes";
    } else if (transfer.sink_failed) {
      failure.kind = FailureKind::Sink;
      failure.message = transfer.exchange->request.sink->failureMessage();
    } else {
      failure.kind = failureKindOf(code);
      const std::string detail = transfer.error[0] ? transfer.error : curl_easy_strerror(code);
      failure.message = describe(failure.kind) + " (" + detail + ")";
      if (failure.kind == FailureKind::Connect) failure.request_sent = false;
    }
    outcome.failure = std::move(failure);
  }
  return outcome;
}

void CurlTransport::finishTransfer(void* handle, int code) {
  CURL* easy = asEasy(handle);
  auto node = transfers_.extract(handle);
  if (node.empty()) return;
  std::unique_ptr<Transfer> transfer = std::move(node.mapped());
  curl_multi_remove_handle(asMulti(multi_), easy);
  HttpOutcome outcome = outcomeOf(*transfer, code);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
  if (idle_easy_.size() < max_active_) {
    idle_easy_.push_back(easy);
  } else {
    curl_easy_cleanup(easy);
  }
  complete(transfer->exchange, std::move(outcome));
  startWaiting();
}

void CurlTransport::complete(const std::shared_ptr<Exchange>& exchange, HttpOutcome outcome) {
  if (closing_.load()) {
    exchange->done(shutDown(exchange->attempt, true));
    return;
  }
  const auto& signal = exchange->request.stop_signal;
  const bool stopping = signal && signal->requested.load();
  if (const auto when = stopping ? std::nullopt : retryTime(*exchange, outcome, random_)) {
    if (signal) stoppable_retries_.push_back(exchange);  // stop() must find it between attempts
    schedule(*when, [this, exchange] {
      if (exchange->request.stop_signal) {
        const auto it = std::find(stoppable_retries_.begin(), stoppable_retries_.end(), exchange);
        if (it == stoppable_retries_.end()) return;  // stop() has ended it
        stoppable_retries_.erase(it);
      }
      startAttempt(exchange);
    });
    return;
  }
  exchange->done(std::move(outcome));
}

void CurlTransport::stop(const std::shared_ptr<StopSignal>& signal) {
  signal->requested.store(true);  // the body callback refuses from now on
  post([this, signal] { stopExchange(signal); });
}

void CurlTransport::stopExchange(const std::shared_ptr<StopSignal>& signal) {
  HttpOutcome stopped;
  stopped.failure = TransportFailure{FailureKind::Stopped, true, "stopped"};
  const auto carries = [&signal](const std::shared_ptr<Exchange>& exchange) {
    return exchange->request.stop_signal == signal;
  };
  for (auto it = transfers_.begin(); it != transfers_.end(); ++it) {
    if (!carries(it->second->exchange)) continue;
    // Removing an unfinished transfer closes its connection: the server sees it end.
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    transfers_.erase(it);
    curl_multi_remove_handle(asMulti(multi_), transfer->easy);
    curl_easy_cleanup(transfer->easy);
    stopped.attempts = transfer->exchange->attempt;
    transfer->exchange->done(std::move(stopped));
    startWaiting();
    return;
  }
  for (auto* line : {&waiting_, &stoppable_retries_}) {
    const auto it = std::find_if(line->begin(), line->end(), carries);
    if (it == line->end()) continue;
    const std::shared_ptr<Exchange> exchange = *it;
    line->erase(it);  // a retry timer that still holds it finds it gone and does nothing
    stopped.attempts = exchange->attempt;
    exchange->done(std::move(stopped));
    return;
  }
}

std::optional<Clock::time_point> CurlTransport::retryTime(const Exchange& exchange,
                                                          const HttpOutcome& outcome,
                                                          std::mt19937_64& random) const {
  const HttpRequest& request = exchange.request;
  // The log line's parts, built only when there is a logger (a call without one allocates less).
  const bool logging = static_cast<bool>(settings_.logger);
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - exchange.started);
  const std::string result = !logging           ? std::string()
                             : outcome.response ? std::to_string(outcome.response->status)
                                                : outcome.failure->message;
  const bool retry =
      exchange.attempt < settings_.retry.max_attempts && isRetryable(request.kind, outcome);
  if (retry) {
    const auto retry_after = outcome.response ? outcome.response->retry_after : std::nullopt;
    const auto delay = backoffBefore(exchange.attempt + 1, settings_.retry, retry_after, random);
    const auto when = saturatingAdd(Clock::now(), delay);
    if (!request.deadline || when < *request.deadline) {
      if (logging) {
        log(LogLevel::Warn, request.endpoint + " -> " + result + " after " +
                                std::to_string(elapsed.count()) + " ms; retrying in " +
                                std::to_string(delay.count()) + " ms (attempt " +
                                std::to_string(exchange.attempt + 1) + ")");
      }
      return when;
    }
  }
  if (logging) {
    log(outcome.failure ? LogLevel::Warn : LogLevel::Info,
        request.endpoint + " -> " + result + " in " + std::to_string(elapsed.count()) + " ms" +
            (exchange.attempt > 1 ? " (attempt " + std::to_string(exchange.attempt) + ")" : ""));
  }
  return std::nullopt;
}

HttpOutcome CurlTransport::sendAndWait(HttpRequest request) {
  // A download reports progress while the I/O thread writes it, and a rate budget is kept by
  // the I/O thread's waiting line: both go there. So do calls beyond max_connections at once.
  std::optional<CallerHandle> handle;
  if (!request.sink && !request.stop_signal && !rate_limiter_) handle = acquireCallerHandle();
  if (!handle) return sendThroughLoop(std::move(request));

  auto exchange = std::make_shared<Exchange>();
  exchange->request = std::move(request);
  const std::string shape = shapeOf(exchange->request);
  thread_local std::mt19937_64 random(std::random_device{}());  // seeded once per thread
  CURL* easy = asEasy(handle->easy);
  while (true) {
    if (closing_.load()) {
      releaseCallerHandle(std::move(*handle));
      return shutDown(exchange->attempt, exchange->attempt > 0);
    }
    ++exchange->attempt;
    // A request of the shape the handle last served sets the very options that one set, so the
    // handle needs no curl_easy_reset (a poll loop, say); another shape starts from defaults.
    if (handle->shape != shape) {
      if (!handle->shape.empty()) curl_easy_reset(easy);
      configureHandle(easy);
      // The client's destruction cuts a call on its caller's thread, even on a stalled server.
      curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &abortWhenClosing);
      curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &closing_);
      curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
      handle->shape = shape;
    }
    std::unique_ptr<Transfer> transfer = prepareTransfer(exchange, easy);
    const auto perform = [&] {
      const CURLcode code = curl_easy_perform(easy);
      HttpOutcome result = outcomeOf(*transfer, code);
      curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
      return result;
    };
    HttpOutcome outcome = transfer ? perform() : outOfMemory(exchange->attempt);
    if (closing_.load() && outcome.failure) outcome = shutDown(exchange->attempt, true);
    const auto when = closing_.load() ? std::nullopt : retryTime(*exchange, outcome, random);
    if (!when) {
      releaseCallerHandle(std::move(*handle));
      return outcome;
    }
    std::unique_lock<std::mutex> lock(caller_mutex_);
    caller_wake_.wait_until(lock, *when, [this] { return closing_.load(); });
  }
}

HttpOutcome CurlTransport::sendThroughLoop(HttpRequest request) {
  auto promise = std::make_shared<std::promise<HttpOutcome>>();
  std::future<HttpOutcome> outcome = promise->get_future();
  send(std::move(request),
       [promise](HttpOutcome result) { promise->set_value(std::move(result)); });
  return outcome.get();
}

std::optional<CurlTransport::CallerHandle> CurlTransport::acquireCallerHandle() {
  std::lock_guard<std::mutex> lock(caller_mutex_);
  if (!caller_idle_.empty()) {
    CallerHandle handle = std::move(caller_idle_.back());
    caller_idle_.pop_back();
    return handle;
  }
  if (caller_handles_ >= static_cast<std::size_t>(std::max(1, settings_.max_connections))) {
    return std::nullopt;
  }
  void* easy = curl_easy_init();
  if (easy == nullptr) return std::nullopt;
  ++caller_handles_;
  return CallerHandle{easy, std::string()};
}

void CurlTransport::releaseCallerHandle(CallerHandle handle) {
  std::lock_guard<std::mutex> lock(caller_mutex_);
  caller_idle_.push_back(std::move(handle));
}

void CurlTransport::abandonAll() {
  timers_.clear();
  timer_times_.clear();
  abandonExchanges();
}

void CurlTransport::abandonExchanges() {
  auto waiting = std::move(waiting_);
  for (auto& exchange : stoppable_retries_) waiting.push_back(std::move(exchange));
  stoppable_retries_.clear();
  for (auto& exchange : waiting) {
    HttpOutcome outcome;
    outcome.attempts = exchange->attempt;
    outcome.failure = TransportFailure{FailureKind::Shutdown, false, "the client was destroyed"};
    exchange->done(std::move(outcome));
  }
  auto transfers = std::move(transfers_);
  for (auto& [easy, transfer] : transfers) {
    curl_multi_remove_handle(asMulti(multi_), asEasy(easy));
    curl_easy_cleanup(asEasy(easy));
    HttpOutcome outcome;
    outcome.attempts = transfer->exchange->attempt;
    outcome.failure = TransportFailure{FailureKind::Shutdown, true, "the client was destroyed"};
    transfer->exchange->done(std::move(outcome));
  }
}

void CurlTransport::log(LogLevel level, const std::string& line) const {
  if (!settings_.logger) return;
  const std::string redacted = redactSecrets(line);  // a redirect URL, a server's text
  std::lock_guard<std::mutex> lock(log_mutex_);      // callers' threads and the I/O thread
  // Marks this thread as inside the logger, where a blocking call of the Client is refused.
  struct Inside {
    const CurlTransport* outer = t_logging_in;
    explicit Inside(const CurlTransport* transport) { t_logging_in = transport; }
    ~Inside() { t_logging_in = outer; }
    Inside(const Inside&) = delete;
    Inside& operator=(const Inside&) = delete;
  } inside(this);
  settings_.logger(level, redacted);
}

}  // namespace useapi::luma::detail
