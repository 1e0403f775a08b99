// CurlTransport on an injected clock (TransportSettings::time), against a loopback server that
// answers 429 with Retry-After: both paths pause in simulated time, so a 5 s Retry-After costs
// the test nothing, and the clock they read is the injected one.

#include "transport/curl_transport.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_listener.hpp"
#include "time/time_source.hpp"

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using useapi::luma::detail::Clock;
using useapi::luma::detail::CurlTransport;
using useapi::luma::detail::HttpOutcome;
using useapi::luma::detail::HttpRequest;
using useapi::luma::detail::SimulatedTime;
using useapi::luma::detail::TransportSettings;
using useapi::luma::testing::LoopbackListener;

// Answers 429 (Retry-After: 5), then 503, then 200, noting the simulated time of each request.
class BusyServer {
 public:
  explicit BusyServer(std::shared_ptr<SimulatedTime> time) : time_(std::move(time)) {
    server_.Get("/busy", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      times_.push_back(time_->now());
      if (times_.size() == 1) {
        res.status = 429;
        res.set_header("Retry-After", "5");
      } else {
        res.status = times_.size() == 2 ? 503 : 200;
      }
      res.set_content("{}", "application/json");
    });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  ~BusyServer() { listener_.reset(); }
  BusyServer(const BusyServer&) = delete;
  BusyServer& operator=(const BusyServer&) = delete;

  std::string url() const { return listener_->origin() + "/busy"; }
  std::vector<Clock::time_point> times() {
    std::lock_guard<std::mutex> lock(mutex_);
    return times_;
  }

 private:
  std::shared_ptr<SimulatedTime> time_;
  httplib::Server server_;
  std::unique_ptr<LoopbackListener> listener_;
  std::mutex mutex_;
  std::vector<Clock::time_point> times_;
};

class TransportClock : public ::testing::Test {
 protected:
  TransportSettings settings(double max_requests_per_second = 0) const {
    TransportSettings settings;
    settings.user_agent = "clock-test";
    settings.retry.initial_backoff = milliseconds(1000);
    settings.retry.jitter = 0;
    settings.max_requests_per_second = max_requests_per_second;
    settings.time = time_;
    return settings;
  }
  HttpRequest busy() const {
    HttpRequest request;
    request.url = server_.url();
    request.endpoint = "GET /busy";
    request.timeout = seconds(10);
    return request;
  }
  std::vector<long> gapsInMs() {
    const auto times = server_.times();
    std::vector<long> gaps;
    for (std::size_t i = 1; i < times.size(); ++i) {
      gaps.push_back(std::chrono::duration_cast<milliseconds>(times[i] - times[i - 1]).count());
    }
    return gaps;
  }

  std::shared_ptr<SimulatedTime> time_ = std::make_shared<SimulatedTime>();
  BusyServer server_{time_};
};

TEST_F(TransportClock, ACallOnItsCallersThreadPausesInSimulatedTime) {
  CurlTransport transport(settings());
  const auto real_start = Clock::now();
  const HttpOutcome outcome = transport.sendAndWait(busy());
  ASSERT_TRUE(outcome.response);
  EXPECT_EQ(outcome.response->status, 200);
  EXPECT_EQ(outcome.attempts, 3);
  // Retry-After: 5 over a 1 s backoff, then the 2 s backoff of the third attempt, exactly.
  EXPECT_EQ(gapsInMs(), (std::vector<long>{5000, 2000}));
  EXPECT_LT(Clock::now() - real_start, seconds(3));
}

TEST_F(TransportClock, AnExchangeOfTheIoThreadWaitsForTheInjectedClock) {
  CurlTransport transport(settings());
  std::promise<HttpOutcome> done;
  transport.send(busy(), [&done](HttpOutcome outcome) { done.set_value(std::move(outcome)); });
  auto outcome = done.get_future();
  const auto real_start = Clock::now();
  // The I/O thread's retry timer is due in simulated time: it fires only as the clock is moved.
  while (outcome.wait_for(milliseconds(2)) != std::future_status::ready) {
    ASSERT_LT(Clock::now() - real_start, seconds(10)) << "never answered";
    time_->advance(milliseconds(50));
    transport.post([] {});  // a turn of the loop, to see the new time
  }
  const HttpOutcome result = outcome.get();
  ASSERT_TRUE(result.response);
  EXPECT_EQ(result.response->status, 200);
  const auto gaps = gapsInMs();
  ASSERT_EQ(gaps.size(), 2u);
  // Never before its time on the injected clock, and long before the clock would have run on
  // by itself for 5 real seconds (some 125 simulated ones at this pace).
  EXPECT_GE(gaps[0], 5000);
  EXPECT_LT(gaps[0], 9000);
  EXPECT_GE(gaps[1], 2000);
  EXPECT_LT(gaps[1], 6000);
}

}  // namespace
