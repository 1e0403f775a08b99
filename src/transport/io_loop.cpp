#include "transport/io_loop.hpp"

#include <algorithm>
#include <chrono>
#include <utility>
#include <vector>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// The longest sleep: a timer of a clock that moves on its own (a simulated one) is seen late by
// at most this much.
constexpr long kMaxIdleWaitMs = 1000;

// The loop whose thread this is.
thread_local const IoLoop* t_loop_of_thread = nullptr;

}  // namespace

IoLoop::IoLoop(std::shared_ptr<TimeSource> time, int max_connections)
    : time_(std::move(time)), multi_(curl_multi_init()) {
  if (!multi_) throw TransportError("libcurl could not create a multi handle");
  curl_multi_setopt(multi_.get(), CURLMOPT_MAX_HOST_CONNECTIONS,
                    static_cast<long>(std::max(1, max_connections)));
  curl_multi_setopt(multi_.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
}

IoLoop::~IoLoop() { stop(); }

void IoLoop::start(Handlers handlers) {
  handlers_ = std::move(handlers);
  time_->attach(*this);
  thread_ = std::thread([this] { run(); });
}

void IoLoop::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  curl_multi_wakeup(multi_.get());
  thread_.join();
  time_->detach(*this);
}

void IoLoop::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    posted_.push_back(std::move(task));
    idle_ = false;
  }
  curl_multi_wakeup(multi_.get());
}

TimerId IoLoop::schedule(Clock::time_point when, std::function<void()> task) {
  return timers_.schedule(when, std::move(task));
}

void IoLoop::cancelTimer(TimerId id) { timers_.cancel(id); }

bool IoLoop::onLoopThread() const { return t_loop_of_thread == this; }

std::optional<Clock::time_point> IoLoop::idleUntil() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!idle_) return std::nullopt;
  return idle_until_;
}

void IoLoop::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_ = false;
  }
  curl_multi_wakeup(multi_.get());
}

void IoLoop::run() {
  t_loop_of_thread = this;
  std::deque<std::function<void()>> tasks;
  while (true) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) break;
      tasks.swap(posted_);
      idle_ = false;
    }
    while (!tasks.empty()) {
      auto task = std::move(tasks.front());
      tasks.pop_front();
      task();
    }
    timers_.runDue(time_->now());
    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    collectFinished();
    const int wait_ms = millisecondsToWait(handlers_.transferring && handlers_.transferring());
    if (wait_ms > 0) curl_multi_poll(multi_.get(), nullptr, 0, wait_ms, nullptr);
  }
  if (handlers_.ending) handlers_.ending();
}

void IoLoop::collectFinished() {
  std::vector<std::pair<CURL*, CURLcode>> finished;
  int remaining = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &remaining)) {
    if (message->msg == CURLMSG_DONE) {
      finished.emplace_back(message->easy_handle, message->data.result);
    }
  }
  for (const auto& [easy, code] : finished) handlers_.finished(easy, code);
}

int IoLoop::millisecondsToWait(bool transferring) {
  long wait_ms = kMaxIdleWaitMs;
  long curl_ms = -1;
  curl_multi_timeout(multi_.get(), &curl_ms);
  if (curl_ms >= 0) wait_ms = std::min(wait_ms, curl_ms);
  const auto due = timers_.nextDue();
  if (due) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*due - time_->now()).count();
    wait_ms = std::min<long>(wait_ms, std::max<long>(0, static_cast<long>(ms)));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (!posted_.empty() || stopping_) return 0;
  // Asleep with no transfer: only time (or a post) can give it work.
  idle_ = wait_ms > 0 && !transferring;
  idle_until_ = due.value_or(Clock::time_point::max());
  return static_cast<int>(wait_ms);
}

}  // namespace useapi::luma::detail
