// The I/O loop's timers: run in time order on the transport's clock, a simulated one in tests.

#include "transport/timer_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "time/time_source.hpp"
#include "transport/io_loop.hpp"

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;
using useapi::luma::detail::Clock;
using useapi::luma::detail::IoLoop;
using useapi::luma::detail::SimulatedTime;
using useapi::luma::detail::TimerQueue;

TEST(TimerQueue, RunsDueTasksInTimeOrderTiesInTheOrderScheduled) {
  TimerQueue timers;
  const Clock::time_point start = Clock::time_point(hours(1));
  std::string order;
  timers.schedule(start + milliseconds(30), [&order] { order += 'c'; });
  timers.schedule(start + milliseconds(10), [&order] { order += 'a'; });
  timers.schedule(start + milliseconds(10), [&order] { order += 'b'; });
  timers.schedule(start + milliseconds(40), [&order] { order += 'd'; });
  timers.runDue(start + milliseconds(30));
  EXPECT_EQ(order, "abc");
  EXPECT_EQ(timers.nextDue(), start + milliseconds(40));
}

TEST(TimerQueue, ACancelledTaskNeverRunsAndATaskMayScheduleADueOne) {
  TimerQueue timers;
  const Clock::time_point start = Clock::time_point(hours(1));
  std::string order;
  const auto dropped = timers.schedule(start, [&order] { order += 'x'; });
  timers.schedule(start, [&] {
    timers.schedule(start, [&order] { order += 'b'; });
    order += 'a';
  });
  timers.cancel(dropped);
  timers.cancel(dropped);  // twice is harmless
  timers.runDue(start);
  EXPECT_EQ(order, "ab");
  EXPECT_FALSE(timers.nextDue());
}

TEST(IoLoopTimers, FollowTheInjectedClockNotTheWallClock) {
  const auto time = std::make_shared<SimulatedTime>();
  IoLoop loop(time, 1);
  loop.start({[](CURL*, CURLcode) {}, nullptr, nullptr});
  std::promise<void> ran;
  std::atomic<bool> fired{false};
  loop.post([&] {
    loop.schedule(time->now() + hours(3), [&] {
      fired = true;
      ran.set_value();
    });
  });
  loop.post([] {});  // a turn of the loop after the timer is set: not due
  const auto real_start = Clock::now();
  std::promise<void> turned;
  loop.post([&turned] { turned.set_value(); });
  turned.get_future().wait();
  EXPECT_FALSE(fired.load());
  time->advance(hours(3));
  loop.post([] {});  // wakes the loop to see the new time
  EXPECT_EQ(ran.get_future().wait_for(seconds(5)), std::future_status::ready);
  EXPECT_LT(Clock::now() - real_start, seconds(2)) << "three simulated hours, not real ones";
  loop.stop();
}

}  // namespace
