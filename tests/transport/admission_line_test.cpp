// Admission to the multi in simulated time: a rate budget spreads starts exactly 1/R apart,
// however many are due at once, and at most max_active transfers run together.

#include "transport/admission_line.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "time/time_source.hpp"
#include "transport/transport_log.hpp"

namespace {

using std::chrono::milliseconds;
using useapi::luma::RetryPolicy;
using useapi::luma::detail::AdmissionLine;
using useapi::luma::detail::Clock;
using useapi::luma::detail::Exchange;
using useapi::luma::detail::HttpOutcome;
using useapi::luma::detail::HttpRequest;
using useapi::luma::detail::RateLimiter;
using useapi::luma::detail::RetrySchedule;
using useapi::luma::detail::SimulatedTime;
using useapi::luma::detail::TimerQueue;
using useapi::luma::detail::TransportLog;

class AdmissionInSimulatedTime : public ::testing::Test {
 protected:
  std::shared_ptr<Exchange> exchange() {
    return std::make_shared<Exchange>(
        HttpRequest{}, [](const HttpOutcome&) {}, schedule_);
  }

  // Runs the timers as the I/O loop does, the clock jumping to each one's time.
  void runTimers() {
    while (const auto due = timers_.nextDue()) {
      if (*due > time_->now()) time_->advance(*due - time_->now());
      timers_.runDue(time_->now());
    }
  }

  std::vector<milliseconds> startTimes() const {
    std::vector<milliseconds> times;
    for (const auto start : starts_) {
      times.push_back(std::chrono::duration_cast<milliseconds>(start - start_));
    }
    return times;
  }

  AdmissionLine::Launch recordStart() {
    return [this](const std::shared_ptr<Exchange>&) {
      starts_.push_back(time_->now());
      return true;
    };
  }

  std::shared_ptr<SimulatedTime> time_ = std::make_shared<SimulatedTime>();
  Clock::time_point start_ = time_->now();
  std::atomic<bool> closing_{false};
  TransportLog log_{nullptr};
  RetrySchedule schedule_{RetryPolicy{}, time_, closing_, log_};
  TimerQueue timers_;
  std::vector<Clock::time_point> starts_;
};

TEST_F(AdmissionInSimulatedTime, TenRequestsAtFourPerSecondStartExactlyAQuarterSecondApart) {
  AdmissionLine line(100, RateLimiter(4, time_), timers_, recordStart());
  for (int i = 0; i < 10; ++i) line.push(exchange());
  runTimers();
  std::vector<milliseconds> expected;
  for (long i = 0; i < 10; ++i) expected.emplace_back(250 * i);
  EXPECT_EQ(startTimes(), expected);
}

TEST_F(AdmissionInSimulatedTime, ALateWakeUpSpacesTheNextStartFromTheLateOneWithoutABurst) {
  AdmissionLine line(100, RateLimiter(10, time_), timers_, recordStart());
  line.push(exchange());
  time_->advance(milliseconds(950));  // nine slots pass with nothing to start
  for (int i = 0; i < 3; ++i) line.push(exchange());
  runTimers();
  EXPECT_EQ(startTimes(), (std::vector<milliseconds>{milliseconds(0), milliseconds(950),
                                                     milliseconds(1050), milliseconds(1150)}));
}

TEST_F(AdmissionInSimulatedTime, ATurnOfTheLineBeforeTheNextSlotStartsNothing) {
  AdmissionLine line(100, RateLimiter(4, time_), timers_, recordStart());
  line.push(exchange());
  line.push(exchange());
  time_->advance(milliseconds(200));
  line.transferEnded();  // the first transfer ends 50 ms before the next slot
  EXPECT_EQ(starts_.size(), 1u);
  runTimers();
  EXPECT_EQ(startTimes(), (std::vector<milliseconds>{milliseconds(0), milliseconds(250)}));
}

TEST_F(AdmissionInSimulatedTime, WithoutABudgetAllStartAtOnce) {
  AdmissionLine line(100, std::nullopt, timers_, recordStart());
  for (int i = 0; i < 5; ++i) line.push(exchange());
  EXPECT_EQ(startTimes(), std::vector<milliseconds>(5, milliseconds(0)));
  EXPECT_FALSE(timers_.nextDue());
}

TEST_F(AdmissionInSimulatedTime, AtMostMaxActiveRunAndEachEndLetsTheNextIn) {
  AdmissionLine line(2, std::nullopt, timers_, recordStart());
  for (int i = 0; i < 5; ++i) line.push(exchange());
  EXPECT_EQ(starts_.size(), 2u);
  line.transferEnded();
  EXPECT_EQ(starts_.size(), 3u);
  line.transferEnded();
  line.transferEnded();
  EXPECT_EQ(starts_.size(), 5u);
}

TEST_F(AdmissionInSimulatedTime, ALaunchThatFailsTakesNoPlace) {
  int launched = 0;
  AdmissionLine line(1, std::nullopt, timers_, [&launched](const std::shared_ptr<Exchange>&) {
    ++launched;
    return false;  // e.g. out of memory: the attempt ended at once
  });
  for (int i = 0; i < 3; ++i) line.push(exchange());
  EXPECT_EQ(launched, 3);
}

TEST_F(AdmissionInSimulatedTime, RemovedAndTakenExchangesNeverStart) {
  AdmissionLine line(1, std::nullopt, timers_, recordStart());
  line.push(exchange());  // runs
  auto second = exchange();
  line.push(second);
  line.push(exchange());
  EXPECT_EQ(line.remove([&second](const Exchange& e) { return &e == second.get(); }), second);
  EXPECT_EQ(line.takeAll().size(), 1u);
  line.transferEnded();
  EXPECT_EQ(starts_.size(), 1u);
}

}  // namespace
