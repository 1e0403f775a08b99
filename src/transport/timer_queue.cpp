#include "transport/timer_queue.hpp"

namespace useapi::luma::detail {

TimerId TimerQueue::schedule(Clock::time_point when, std::function<void()> task) {
  const TimerId id = next_id_++;
  tasks_.emplace(std::make_pair(when, id), std::move(task));
  times_.emplace(id, when);
  return id;
}

void TimerQueue::cancel(TimerId id) {
  const auto it = times_.find(id);
  if (it == times_.end()) return;
  tasks_.erase(std::make_pair(it->second, id));
  times_.erase(it);
}

void TimerQueue::runDue(Clock::time_point now) {
  while (!tasks_.empty() && tasks_.begin()->first.first <= now) {
    auto node = tasks_.extract(tasks_.begin());
    times_.erase(node.key().second);
    node.mapped()();
  }
}

std::optional<Clock::time_point> TimerQueue::nextDue() const {
  if (tasks_.empty()) return std::nullopt;
  return tasks_.begin()->first.first;
}

void TimerQueue::clear() {
  tasks_.clear();
  times_.clear();
}

}  // namespace useapi::luma::detail
