#pragma once
// The I/O-thread wait engine (Poller) in simulated time: a Transport whose "I/O thread" is the
// test's own, and the clock it runs on. Whenever the waiting thread would sleep, the tasks due
// before it would wake (posted work, exchanges' answers, timers) run in time order, the clock
// jumping to each; so hours of polling take milliseconds and every instant is exact.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "time/time_source.hpp"
#include "transport/transport.hpp"

namespace useapi::luma::testing {

class SimulatedLoop final : public detail::TimeSource, public detail::Transport {
 public:
  /// Answers a request; `number` counts this job's requests from 1.
  using Responder =
      std::function<detail::HttpOutcome(const std::string& jobid, std::size_t number)>;
  /// A request sent: which job, and when.
  struct Sent {
    std::string jobid;
    detail::Clock::time_point at;
  };

  explicit SimulatedLoop(Responder responder) : responder_(std::move(responder)) {}

  /// GET /jobs/{jobid} as Poller's RequestFor gives it.
  static detail::HttpRequest requestFor(const std::string& jobid) {
    detail::HttpRequest request;
    request.url = "sim:/jobs/" + jobid;
    request.endpoint = "GET /jobs/" + jobid;
    return request;
  }

  // TimeSource: runs what is due before `when` while ready() is false; then jumps to `when`.
  detail::Clock::time_point now() const override { return now_; }
  bool waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable&,
                 detail::Clock::time_point when, const std::function<bool()>& ready) override {
    while (!ready()) {
      if (!runNext(when, &lock)) {
        if (when == detail::Clock::time_point::max()) {
          throw std::logic_error("the wait would sleep for ever: nothing left to run");
        }
        if (when > now_) now_ = when;
        return ready();
      }
    }
    return true;
  }
  std::uint64_t randomSeed() override { return seed_++; }

  // Transport.
  void send(detail::HttpRequest request, Completion done) override {
    const std::string jobid = request.url.substr(request.url.rfind('/') + 1);
    sent_.push_back({jobid, now_});
    const std::size_t number = ++numbers_[jobid];
    auto outcome = responder_(jobid, number);
    post([done = std::move(done), outcome = std::move(outcome)]() mutable {
      done(std::move(outcome));
    });
  }
  detail::HttpOutcome sendAndWait(detail::HttpRequest) override {
    throw std::logic_error("sendAndWait is not simulated");
  }
  void stop(const std::shared_ptr<detail::StopSignal>&) override {}
  void post(std::function<void()> task) override {
    if (inline_) return task();
    schedule(now_, std::move(task));
  }
  detail::TimerId schedule(detail::Clock::time_point when, std::function<void()> task) override {
    const detail::TimerId id = ++last_id_;
    tasks_.emplace(std::make_pair(when, id), std::move(task));
    return id;
  }
  void cancelTimer(detail::TimerId id) override {
    for (auto it = tasks_.begin(); it != tasks_.end(); ++it) {
      if (it->first.second == id) {
        tasks_.erase(it);
        return;
      }
    }
  }

  /// Runs tasks in time order until `done()` (e.g. a future is ready) or none is left.
  void runUntil(const std::function<bool()>& done) {
    while (!done() && runNext(detail::Clock::time_point::max(), nullptr)) {
    }
  }
  /// From now on, posted work runs at once: what a Poller's destructor needs (it posts, then
  /// waits for that work on the calling thread). Runs what is due now first; timers stay.
  void runPostsInline() {
    while (runNext(now_, nullptr)) {
    }
    inline_ = true;
  }

  const std::vector<Sent>& sent() const { return sent_; }

 private:
  // Runs the first task due at or before `limit`, unlocking `lock` meanwhile (the task may
  // take it, as the I/O thread would); false when there is none.
  bool runNext(detail::Clock::time_point limit, std::unique_lock<std::mutex>* lock) {
    if (tasks_.empty() || tasks_.begin()->first.first > limit) return false;
    auto node = tasks_.extract(tasks_.begin());
    if (node.key().first > now_) now_ = node.key().first;
    if (lock) lock->unlock();
    node.mapped()();
    if (lock) lock->lock();
    return true;
  }

  Responder responder_;
  detail::Clock::time_point now_{std::chrono::hours(1)};
  std::uint64_t seed_ = 7;
  detail::TimerId last_id_ = 0;
  bool inline_ = false;
  std::map<std::pair<detail::Clock::time_point, detail::TimerId>, std::function<void()>> tasks_;
  std::map<std::string, std::size_t> numbers_;
  std::vector<Sent> sent_;
};

}  // namespace useapi::luma::testing
