#include "transport/curl_transport.hpp"

#include <algorithm>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <utility>

#include "transport/caller_thread_calls.hpp"
#include "transport/curl_handles.hpp"
#include "transport/curl_options.hpp"
#include "transport/exchange.hpp"
#include "transport/io_loop.hpp"
#include "transport/multi_exchanges.hpp"
#include "transport/rate_limiter.hpp"
#include "transport/retry_loop.hpp"
#include "transport/transport_log.hpp"

namespace useapi::luma::detail {

CurlTransport::CurlTransport(TransportSettings settings) {
  initialiseCurlOnce();
  if (!settings.time) settings.time = systemTime();
  const int connections = std::max(1, settings.max_connections);
  log_ = std::make_unique<TransportLog>(std::move(settings.logger));
  HandleDefaults defaults;
  defaults.connect_timeout = settings.connect_timeout;
  defaults.ca_bundle = settings.ca_bundle;
  defaults.stall_timeout = settings.stall_timeout;
  defaults.abort_when = &closing_;
  options_ = std::make_unique<CurlOptions>(std::move(defaults), std::move(settings.api_headers),
                                           settings.user_agent);
  retry_ = std::make_unique<RetrySchedule>(settings.retry, settings.time, closing_, *log_);
  loop_ = std::make_unique<IoLoop>(settings.time, connections);
  std::optional<RateLimiter> limiter;
  if (settings.max_requests_per_second > 0) {
    limiter.emplace(settings.max_requests_per_second, settings.time);
    rate_limited_ = true;
  }
  // Transfers in the multi at once; more wait in line.
  const auto max_active = static_cast<std::size_t>(std::max(16, 4 * connections));
  exchanges_ = std::make_unique<MultiExchanges>(*loop_, *options_, max_active, std::move(limiter),
                                                settings.max_body_bytes);
  caller_calls_ = std::make_unique<CallerThreadCalls>(
      *options_, *retry_, static_cast<std::size_t>(connections), settings.max_body_bytes);
  IoLoop::Handlers handlers;
  handlers.finished = [this](CURL* easy, CURLcode code) { exchanges_->finished(easy, code); };
  handlers.transferring = [this] { return exchanges_->transferring(); };
  handlers.ending = [this] {
    loop_->timers().clear();
    exchanges_->abandon();
  };
  loop_->start(std::move(handlers));
}

CurlTransport::~CurlTransport() { loop_->stop(); }

void CurlTransport::send(HttpRequest request, Completion done) {
  auto exchange = std::make_shared<Exchange>(std::move(request), std::move(done), *retry_);
  post([this, exchange] { exchanges_->start(exchange); });
}

HttpOutcome CurlTransport::sendAndWait(HttpRequest request) {
  // A download reports progress while the I/O thread writes it, and a rate budget is kept by
  // the I/O thread's line: both go there. So do calls beyond max_connections at once.
  if (!request.sink && !request.stop_signal && !rate_limited_) {
    if (std::optional<HttpOutcome> outcome = caller_calls_->trySend(request)) {
      return std::move(*outcome);
    }
  }
  return sendThroughLoop(std::move(request));
}

HttpOutcome CurlTransport::sendThroughLoop(HttpRequest request) {
  // Waited for on the transport's clock, so that a simulated one knows this thread waits.
  struct Answer {
    std::mutex mutex;
    std::condition_variable ready;
    std::optional<HttpOutcome> outcome;
  };
  auto answer = std::make_shared<Answer>();
  send(std::move(request), [answer](HttpOutcome result) {
    std::lock_guard<std::mutex> lock(answer->mutex);
    answer->outcome = std::move(result);
    answer->ready.notify_all();
  });
  std::unique_lock<std::mutex> lock(answer->mutex);
  retry_->time().waitUntil(lock, answer->ready, Clock::time_point::max(),
                           [&answer] { return answer->outcome.has_value(); });
  return std::move(*answer->outcome);
}

void CurlTransport::post(std::function<void()> task) { loop_->post(std::move(task)); }

TimerId CurlTransport::schedule(Clock::time_point when, std::function<void()> task) {
  return loop_->schedule(when, std::move(task));
}

void CurlTransport::cancelTimer(TimerId id) { loop_->cancelTimer(id); }

void CurlTransport::stop(const std::shared_ptr<StopSignal>& signal) {
  signal->requested.store(true);  // the body callback refuses from now on
  post([this, signal] { exchanges_->stop(signal); });
}

bool CurlTransport::onCallbackThread() const {
  return loop_->onLoopThread() || log_->insideLogger();
}

void CurlTransport::shutdown() {
  closing_.store(true);
  caller_calls_->wakeAll();
  auto abandoned = std::make_shared<std::promise<void>>();
  std::future<void> done = abandoned->get_future();
  post([this, abandoned] {
    exchanges_->abandon();
    abandoned->set_value();
  });
  done.wait();
}

void CurlTransport::log(LogLevel level, const std::string& line) const { log_->write(level, line); }

}  // namespace useapi::luma::detail
