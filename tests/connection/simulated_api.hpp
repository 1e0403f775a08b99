#pragma once
// A Client over the real connection (real HTTP over loopback, real I/O thread) on a simulated
// clock, and a small API server that notes the simulated instant of every request it gets: for
// the tests of timed behaviour (backoff, Retry-After, rate pacing, wait deadlines) at the
// Client's level, exactly and in milliseconds of real time.

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "connection/curl_connection.hpp"
#include "support/loopback_listener.hpp"
#include "support/seed_ids.hpp"
#include "time/time_source.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::testing {

using namespace std::chrono_literals;
using detail::Clock;
using std::chrono::milliseconds;

/// A job record of `status`, in the shape the docs show.
inline std::string jobRecord(const std::string& jobid, const std::string& status) {
  return seed::videoRecord(jobid, status);
}

/// An answer of the server: status, body, and Retry-After seconds when set.
struct ScriptedAnswer {
  int status = 200;
  std::string body;
  int retry_after_seconds = -1;
};

/// POST /videos creates job seed::videoJobId(n) (n from 1: the seed page's id first); GET
/// /jobs/{id} answers what `poll` says for that job's n-th poll (from 1); DELETE /jobs/{id}, POST
/// /assets/{email} and GET /media/blob (outside the API root) succeed. Each can be overridden by
/// `script`, which answers a request's n-th arrival on its route ("POST /videos", "GET /jobs/{id}",
/// ...).
class SimulatedApi {
 public:
  /// What GET /media/blob serves.
  static constexpr const char* kBlob = "0123456789";

  using Poll = std::function<ScriptedAnswer(const std::string& jobid, std::size_t number)>;

  SimulatedApi(std::shared_ptr<detail::SimulatedTime> time, Poll poll)
      : time_(std::move(time)), poll_(std::move(poll)) {
    // A worker per connection the client may keep alive (8 of the I/O thread, 8 of callers'
    // threads): a connection beyond the pool would wait for another's keep-alive to run out.
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.Post("/v1/luma/videos", [this](const httplib::Request&, httplib::Response& res) {
      const auto [number, scripted] = arrive("POST /videos");
      if (scripted) return answer(res, *scripted);
      const std::string jobid = seed::videoJobId(static_cast<unsigned>(++jobs_));
      answer(res, {200, jobRecord(jobid, "created")});
    });
    server_.Get(R"(/v1/luma/jobs/(.+))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  const std::string jobid = req.matches[1];
                  const auto [number, scripted] = arrive("GET /jobs/" + jobid);
                  answer(res, scripted ? *scripted : poll_(jobid, number));
                });
    server_.Delete(R"(/v1/luma/jobs/(.+))",
                   [this](const httplib::Request& req, httplib::Response& res) {
                     const auto scripted = arrive("DELETE /jobs/" + std::string(req.matches[1]));
                     answer(res, scripted.second.value_or(ScriptedAnswer{200, "{}"}));
                   });
    server_.Post(R"(/v1/luma/assets/(.+))",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   const std::string email = req.matches[1];
                   const auto scripted = arrive("POST /assets/" + email);
                   answer(res, scripted.second.value_or(ScriptedAnswer{
                                   200, R"({"assetRef":"asset-1","email":")" + email + "\"}"}));
                 });
    server_.Get("/media/blob", [this](const httplib::Request&, httplib::Response& res) {
      const auto scripted = arrive("GET /media/blob");
      answer(res, scripted.second.value_or(ScriptedAnswer{200, kBlob}));
    });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  ~SimulatedApi() { listener_.reset(); }
  SimulatedApi(const SimulatedApi&) = delete;
  SimulatedApi& operator=(const SimulatedApi&) = delete;

  /// Answers the next requests of `route` with `answers`, in turn.
  void script(const std::string& route, std::vector<ScriptedAnswer> answers) {
    std::lock_guard<std::mutex> lock(mutex_);
    scripts_[route] = std::move(answers);
  }
  std::string baseUrl() const { return listener_->origin() + "/v1/luma"; }
  std::string origin() const { return listener_->origin(); }

  /// The simulated instants, in ms from `start`, of the requests of `route` ("" for all), in
  /// the order they arrived.
  std::vector<long long> arrivals(Clock::time_point start, const std::string& route = "") {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<long long> at;
    for (const auto& [name, when] : arrivals_) {
      if (route.empty() || name.rfind(route, 0) == 0) {
        at.push_back(std::chrono::duration_cast<milliseconds>(when - start).count());
      }
    }
    return at;
  }

 private:
  std::pair<std::size_t, std::optional<ScriptedAnswer>> arrive(const std::string& route) {
    std::lock_guard<std::mutex> lock(mutex_);
    arrivals_.emplace_back(route, time_->now());
    const std::size_t number = ++numbers_[route];
    auto& answers = scripts_[route];
    if (number <= answers.size()) return {number, answers[number - 1]};
    return {number, std::nullopt};
  }
  static void answer(httplib::Response& res, const ScriptedAnswer& answer) {
    res.status = answer.status;
    if (answer.retry_after_seconds >= 0) {
      res.set_header("Retry-After", std::to_string(answer.retry_after_seconds));
    }
    res.set_content(answer.body, "application/json");
  }

  std::shared_ptr<detail::SimulatedTime> time_;
  Poll poll_;
  httplib::Server server_;
  std::mutex mutex_;
  std::map<std::string, std::vector<ScriptedAnswer>> scripts_;
  std::map<std::string, std::size_t> numbers_;
  std::vector<std::pair<std::string, Clock::time_point>> arrivals_;
  int jobs_ = 0;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
};

/// A test of a Client on the real connection in simulated time against a SimulatedApi.
class SimulatedClientTest : public ::testing::Test {
 protected:
  /// Each job is "running" for its first `running_polls` polls, then "completed".
  void completeAfter(std::size_t running_polls) { running_polls_ = running_polls; }

  /// Options with short, jitter-free retry pauses (100 ms doubling up to 1 s).
  ClientOptions clientOptions() const {
    ClientOptions options;
    options.api_token = "simulated-token";
    options.base_url = api_.baseUrl();
    options.retry.initial_backoff = 100ms;
    options.retry.max_backoff = 1s;
    options.retry.jitter = 0;
    return options;
  }
  Client client(const ClientOptions& options) {
    return Client(detail::makeCurlConnection(options, time_));
  }
  /// Jitter-free polling: 1 s doubling up to `max`, no deadline unless given.
  static PollOptions polling(milliseconds max = 8s) {
    PollOptions options;
    options.initial_interval = 1s;
    options.multiplier = 2;
    options.max_interval = max;
    options.jitter = 0;
    options.timeout = milliseconds::max();
    return options;
  }
  /// The future's value, waited for on the simulated clock (so that it moves meanwhile).
  template <typename T>
  T get(std::future<T>& future) {
    std::mutex mutex;
    std::condition_variable never;
    std::unique_lock<std::mutex> lock(mutex);
    time_->waitUntil(lock, never, Clock::time_point::max(),
                     [&] { return future.wait_for(0s) == std::future_status::ready; });
    return future.get();
  }
  /// Simulated milliseconds since the test began.
  long long elapsed() const {
    return std::chrono::duration_cast<milliseconds>(time_->now() - start_).count();
  }
  std::vector<long long> arrivals(const std::string& route = "") {
    return api_.arrivals(start_, route);
  }

  std::shared_ptr<detail::SimulatedTime> time_ = std::make_shared<detail::SimulatedTime>();
  const Clock::time_point start_ = time_->now();
  std::atomic<std::size_t> running_polls_{0};
  SimulatedApi api_{time_, [this](const std::string& jobid, std::size_t number) {
                      return ScriptedAnswer{
                          200,
                          jobRecord(jobid, number <= running_polls_ ? "running" : "completed")};
                    }};
  const Clock::time_point real_start_ = Clock::now();
};

}  // namespace useapi::luma::testing
