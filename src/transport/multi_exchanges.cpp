#include "transport/multi_exchanges.hpp"

#include <utility>
#include <vector>

#include "transport/attempt_outcome.hpp"

namespace useapi::luma::detail {

MultiExchanges::MultiExchanges(IoLoop& loop, const CurlOptions& options, std::size_t max_active,
                               std::optional<RateLimiter> limiter, std::size_t max_body_bytes)
    : loop_(loop),
      options_(options),
      max_body_bytes_(max_body_bytes),
      idle_handles_(HandlePool::kUnlimited, max_active),
      line_(max_active, std::move(limiter), loop.timers(),
            [this](const std::shared_ptr<Exchange>& exchange) { return launch(exchange); }) {}

MultiExchanges::~MultiExchanges() {
  for (auto& [easy, running] : running_) curl_multi_remove_handle(loop_.multi(), easy);
}

void MultiExchanges::start(const std::shared_ptr<Exchange>& exchange) { line_.push(exchange); }

bool MultiExchanges::launch(const std::shared_ptr<Exchange>& exchange) {
  if (exchange->loop.beforeAttempt() == RetryLoop::Next::Done) {
    end(exchange);  // closing, or stopped before this attempt
    return false;
  }
  std::optional<ConfiguredHandle> handle = idle_handles_.acquire();
  auto transfer =
      handle ? std::make_unique<Transfer>(exchange->request, handle->get(), max_body_bytes_)
             : nullptr;
  if (!transfer || !options_.apply(*handle, exchange->request, *transfer)) {
    if (handle) idle_handles_.release(std::move(*handle));
    afterAttempt(exchange, outOfMemoryOutcome(exchange->loop.attempts()));
    return false;
  }
  CURL* const easy = handle->get();
  running_.emplace(easy, Running{exchange, std::move(transfer), std::move(*handle)});
  curl_multi_add_handle(loop_.multi(), easy);
  return true;
}

void MultiExchanges::finished(CURL* easy, CURLcode code) {
  auto node = running_.extract(easy);
  if (node.empty()) return;
  Running& running = node.mapped();
  curl_multi_remove_handle(loop_.multi(), easy);
  HttpOutcome outcome = classifyAttempt(*running.transfer, code, running.exchange->loop.attempts());
  CurlOptions::detach(running.handle);
  idle_handles_.release(std::move(running.handle));
  afterAttempt(running.exchange, std::move(outcome));
  line_.transferEnded();
}

void MultiExchanges::afterAttempt(const std::shared_ptr<Exchange>& exchange, HttpOutcome outcome) {
  if (exchange->loop.afterAttempt(std::move(outcome)) == RetryLoop::Next::Done) {
    end(exchange);
    return;
  }
  pausing_.insert(exchange);
  loop_.schedule(exchange->loop.resumeAt(), [this, exchange] {
    if (pausing_.erase(exchange) == 0) return;  // stop() or abandon() has ended it
    start(exchange);
  });
}

void MultiExchanges::end(const std::shared_ptr<Exchange>& exchange) {
  exchange->done(exchange->loop.takeOutcome());
}

void MultiExchanges::stop(const std::shared_ptr<StopSignal>& signal) {
  for (auto it = running_.begin(); it != running_.end(); ++it) {
    if (it->second.exchange->request.stop_signal != signal) continue;
    // Removing an unfinished transfer closes its connection: the server sees it end. Its handle
    // is freed, not pooled.
    Running running = std::move(it->second);
    running_.erase(it);
    curl_multi_remove_handle(loop_.multi(), running.handle.get());
    idle_handles_.forget();
    running.exchange->done(stoppedOutcome(running.exchange->loop.attempts(), true));
    line_.transferEnded();
    return;
  }
  const auto carries = [&signal](const Exchange& exchange) {
    return exchange.request.stop_signal == signal;
  };
  if (auto waiting = line_.remove(carries)) {
    waiting->done(stoppedOutcome(waiting->loop.attempts(), true));
    return;
  }
  for (auto it = pausing_.begin(); it != pausing_.end(); ++it) {
    if (!carries(**it)) continue;
    // Its retry timer finds it gone and does nothing.
    const std::shared_ptr<Exchange> exchange = std::move(pausing_.extract(it).value());
    exchange->done(stoppedOutcome(exchange->loop.attempts(), true));
    return;
  }
}

void MultiExchanges::abandon() {
  std::vector<std::shared_ptr<Exchange>> between_attempts;
  for (auto& exchange : line_.takeAll()) between_attempts.push_back(std::move(exchange));
  for (const auto& exchange : pausing_) between_attempts.push_back(exchange);
  pausing_.clear();
  for (const auto& exchange : between_attempts) {
    exchange->done(shutDownOutcome(exchange->loop.attempts(), false));
  }
  auto running = std::move(running_);
  running_.clear();
  for (auto& [easy, attempt] : running) {
    curl_multi_remove_handle(loop_.multi(), easy);
    idle_handles_.forget();
    attempt.exchange->done(shutDownOutcome(attempt.exchange->loop.attempts(), true));
  }
}

}  // namespace useapi::luma::detail
