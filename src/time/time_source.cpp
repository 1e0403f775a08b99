#include "time/time_source.hpp"

#include <algorithm>
#include <random>

namespace useapi::luma::detail {
namespace {

class SystemTime final : public TimeSource {
 public:
  Clock::time_point now() const override { return Clock::now(); }
  bool waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                 Clock::time_point when, const std::function<bool()>& ready) override {
    if (when == Clock::time_point::max()) {  // no limit: no deadline arithmetic to overflow
      wake.wait(lock, ready);
      return true;
    }
    return wake.wait_until(lock, when, ready);
  }
  std::uint64_t randomSeed() override {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }
};

}  // namespace

std::shared_ptr<TimeSource> systemTime() {
  static const std::shared_ptr<TimeSource> instance = std::make_shared<SystemTime>();
  return instance;
}

SimulatedTime::SimulatedTime(Clock::time_point start, std::uint64_t seed)
    : now_(start), seed_(seed) {}

Clock::time_point SimulatedTime::now() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return now_;
}

bool SimulatedTime::waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable& wake,
                              Clock::time_point when, const std::function<bool()>& ready) {
  if (ready()) return true;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (sleepers_.empty()) {  // `lock` held throughout: nothing else runs while time jumps
      if (when > now_) now_ = when;
      return ready();
    }
    waiting_until_.push_back(when);
  }
  struct Leave {
    SimulatedTime& time;
    Clock::time_point when;
    ~Leave() {
      std::lock_guard<std::mutex> guard(time.mutex_);
      time.waiting_until_.erase(
          std::find(time.waiting_until_.begin(), time.waiting_until_.end(), when));
    }
  } leave{*this, when};
  // Real time passes only while an attached thread works (a transfer, posted work); the short
  // real wait sees it go idle, and `wake` ends it early when ready() turns true.
  constexpr auto kLookAgain = std::chrono::microseconds(200);
  while (true) {
    if (ready()) return true;
    if (now() >= when) return false;
    if (!advanceWhenIdle()) wake.wait_for(lock, kLookAgain);
  }
}

bool SimulatedTime::advanceWhenIdle() {
  std::lock_guard<std::mutex> guard(mutex_);
  Clock::time_point target = Clock::time_point::max();
  for (const auto until : waiting_until_) target = std::min(target, until);
  for (SleepingThread* sleeper : sleepers_) {
    const std::optional<Clock::time_point> idle = sleeper->idleUntil();
    if (!idle) return false;
    target = std::min(target, *idle);
  }
  // Nobody waits for a time (only for events): moving it would not help.
  if (target == Clock::time_point::max() || target <= now_) return false;
  now_ = target;
  for (SleepingThread* sleeper : sleepers_) sleeper->wake();
  return true;
}

void SimulatedTime::attach(SleepingThread& thread) {
  std::lock_guard<std::mutex> guard(mutex_);
  sleepers_.push_back(&thread);
}

void SimulatedTime::detach(SleepingThread& thread) {
  std::lock_guard<std::mutex> guard(mutex_);
  sleepers_.erase(std::remove(sleepers_.begin(), sleepers_.end(), &thread), sleepers_.end());
}

std::uint64_t SimulatedTime::randomSeed() {
  std::lock_guard<std::mutex> guard(mutex_);
  return seed_++;
}

void SimulatedTime::advance(Clock::duration step) {
  std::lock_guard<std::mutex> guard(mutex_);
  now_ += step;
  for (SleepingThread* sleeper : sleepers_) sleeper->wake();
}

}  // namespace useapi::luma::detail
