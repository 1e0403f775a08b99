#include "transport/admission_line.hpp"

#include <algorithm>
#include <utility>

namespace useapi::luma::detail {

AdmissionLine::AdmissionLine(std::size_t max_active, std::optional<RateLimiter> limiter,
                             TimerQueue& timers, Launch launch)
    : max_active_(std::max<std::size_t>(1, max_active)),
      limiter_(std::move(limiter)),
      timers_(timers),
      launch_(std::move(launch)) {}

void AdmissionLine::push(std::shared_ptr<Exchange> exchange) {
  waiting_.push_back(std::move(exchange));
  startWaiting();
}

void AdmissionLine::transferEnded() {
  if (active_ > 0) --active_;
  startWaiting();
}

void AdmissionLine::startWaiting() {
  if (starting_) return;  // the loop below goes on with what a launch freed
  starting_ = true;
  struct Started {  // cleared however the loop ends
    bool& flag;
    ~Started() { flag = false; }
  } started{starting_};
  while (!waiting_.empty() && active_ < max_active_) {
    if (limiter_) {
      if (const auto next_start = limiter_->tryStart()) {
        if (!pace_timer_armed_) {
          pace_timer_armed_ = true;
          timers_.schedule(*next_start, [this] {
            pace_timer_armed_ = false;
            startWaiting();
          });
        }
        break;
      }
    }
    auto next = std::move(waiting_.front());
    waiting_.pop_front();
    if (launch_(next)) ++active_;
  }
}

std::shared_ptr<Exchange> AdmissionLine::remove(
    const std::function<bool(const Exchange&)>& matches) {
  const auto it = std::find_if(waiting_.begin(), waiting_.end(),
                               [&matches](const auto& exchange) { return matches(*exchange); });
  if (it == waiting_.end()) return nullptr;
  std::shared_ptr<Exchange> exchange = std::move(*it);
  waiting_.erase(it);
  return exchange;
}

std::deque<std::shared_ptr<Exchange>> AdmissionLine::takeAll() {
  std::deque<std::shared_ptr<Exchange>> all;
  all.swap(waiting_);
  return all;
}

}  // namespace useapi::luma::detail
