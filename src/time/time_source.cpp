#include "time/time_source.hpp"

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

bool SimulatedTime::waitUntil(std::unique_lock<std::mutex>& lock, std::condition_variable&,
                              Clock::time_point when, const std::function<bool()>& ready) {
  (void)lock;  // held throughout: nothing else runs while simulated time jumps
  if (ready()) return true;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (when > now_) now_ = when;
  }
  return ready();
}

std::uint64_t SimulatedTime::randomSeed() {
  std::lock_guard<std::mutex> guard(mutex_);
  return seed_++;
}

void SimulatedTime::advance(Clock::duration step) {
  std::lock_guard<std::mutex> guard(mutex_);
  now_ += step;
}

}  // namespace useapi::luma::detail
