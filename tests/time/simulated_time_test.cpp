// SimulatedTime with a SleepingThread attached (what a CurlTransport's I/O loop is): the time
// stands still while that thread works, and once it is idle jumps to the earliest instant that
// it or the waiter waits for, waking it.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "time/time_source.hpp"

namespace {

using namespace std::chrono_literals;
using useapi::luma::detail::Clock;
using useapi::luma::detail::SimulatedTime;
using useapi::luma::detail::SleepingThread;

// A SleepingThread whose idleness the test sets; it counts its wake-ups.
class FakeLoop final : public SleepingThread {
 public:
  std::optional<Clock::time_point> idleUntil() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return idle_until_;
  }
  void wake() override {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_until_.reset();  // working again, as IoLoop is once woken
    ++wakes_;
  }
  void idleUntil(std::optional<Clock::time_point> until) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_until_ = until;
  }
  int wakes() {
    std::lock_guard<std::mutex> lock(mutex_);
    return wakes_;
  }

 private:
  std::mutex mutex_;
  std::optional<Clock::time_point> idle_until_;
  int wakes_ = 0;
};

TEST(SimulatedTime, WithoutAttachedThreadsAWaitJumpsStraightToItsEnd) {
  SimulatedTime time;
  const auto start = time.now();
  std::mutex mutex;
  std::condition_variable wake;
  std::unique_lock<std::mutex> lock(mutex);
  EXPECT_FALSE(time.waitUntil(lock, wake, start + 5h, [] { return false; }));
  EXPECT_EQ(time.now(), start + 5h);
}

TEST(SimulatedTime, StandsStillWhileAnAttachedThreadWorksThenMovesToTheEarliestInstant) {
  SimulatedTime time;
  const auto start = time.now();
  FakeLoop loop;  // working: no idle instant
  time.attach(loop);
  std::atomic<bool> returned{false};
  std::thread waiter([&] {
    std::mutex mutex;
    std::condition_variable wake;
    std::unique_lock<std::mutex> lock(mutex);
    EXPECT_FALSE(time.waitUntil(lock, wake, start + 1h, [] { return false; }));
    returned = true;
  });
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(time.now(), start) << "the time moved while the loop worked";
  EXPECT_FALSE(returned.load());

  loop.idleUntil(start + 10min);  // its next timer comes first: the time goes there, and wakes it
  while (loop.wakes() == 0) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(time.now(), start + 10min);
  EXPECT_FALSE(returned.load());

  loop.idleUntil(Clock::time_point::max());  // nothing more to do: the waiter's end comes
  waiter.join();
  EXPECT_EQ(time.now(), start + 1h);
  time.detach(loop);
}

TEST(SimulatedTime, AWaitForAnEventAloneNeverMovesTheTime) {
  SimulatedTime time;
  const auto start = time.now();
  FakeLoop loop;
  loop.idleUntil(Clock::time_point::max());
  time.attach(loop);
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<bool> ready{false};
  std::thread notifier([&] {
    std::this_thread::sleep_for(20ms);
    std::lock_guard<std::mutex> lock(mutex);
    ready = true;
    wake.notify_all();
  });
  std::unique_lock<std::mutex> lock(mutex);
  EXPECT_TRUE(time.waitUntil(lock, wake, Clock::time_point::max(), [&] { return ready.load(); }));
  lock.unlock();
  notifier.join();
  EXPECT_EQ(time.now(), start);
  time.detach(loop);
}

}  // namespace
