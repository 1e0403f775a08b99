// Case 2, one side per process (peak RSS is process-wide): creates JOBS video jobs on the mock
// named by USEAPI_LUMA_BASE_URL (untimed), then waits for all of them either with
// Client::awaitJobs ("client") or with one std::thread per job calling Client::getJob in a loop
// on the same polling schedule ("threads"). Prints one line of key=value figures: wall time of
// the wait, peak RSS, the most threads seen during the wait, the requests the mock received, and
// (given the mock's JOB_SECONDS) when the last job created was due, counted from the wait's start.
//
//   luma-bench-await client|threads JOBS [JOB_SECONDS]

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "mock_stats.hpp"
#include "process_stats.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::bench {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kCreatorThreads = 8;
constexpr milliseconds kSamplePeriod{5};

PollOptions pollOptions() {
  PollOptions options;
  options.initial_interval = milliseconds(200);
  options.max_interval = milliseconds(1000);
  options.multiplier = 1.5;
  options.jitter = 0.1;
  options.timeout = std::chrono::minutes(10);
  return options;
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Creates `count` video jobs from several threads sharing `client`; returns their ids in order.
std::vector<std::string> createJobs(Client& client, int count) {
  std::vector<std::string> ids(static_cast<std::size_t>(count));
  std::atomic<int> next{0};
  std::vector<std::thread> creators;
  for (int t = 0; t < kCreatorThreads; ++t) {
    creators.emplace_back([&] {
      VideoRequest request;
      request.prompt = "a benchmark fox";
      for (int i = next++; i < count; i = next++) {
        ids[static_cast<std::size_t>(i)] = client.generateVideo(request).jobid;
      }
    });
  }
  for (std::thread& creator : creators) creator.join();
  return ids;
}

// Records the most threads the process has while it runs (itself not counted).
class ThreadSampler {
 public:
  ThreadSampler()
      : thread_([this] {
          while (!stop_) {
            peak_ = std::max(peak_.load(), threadCount() - 1);
            std::this_thread::sleep_for(kSamplePeriod);
          }
        }) {}
  ~ThreadSampler() { stop(); }
  ThreadSampler(const ThreadSampler&) = delete;
  ThreadSampler& operator=(const ThreadSampler&) = delete;

  int stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return peak_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> peak_{0};
  std::thread thread_;
};

// Counts the outcome of the wait.
struct Outcome {
  std::atomic<int> completed{0};
  std::atomic<int> failed{0};
  std::atomic<int> errors{0};

  void add(const Job& job) { ++(job.status == JobStatus::Completed ? completed : failed); }
};

void waitWithClient(Client& client, const std::vector<std::string>& ids, Outcome& outcome) {
  for (const Job& job : client.awaitJobs(ids, pollOptions())) outcome.add(job);
}

// The naive way: a thread per job, each polling its job with the same growing interval.
void waitWithThreads(Client& client, const std::vector<std::string>& ids, Outcome& outcome) {
  const PollOptions options = pollOptions();
  std::vector<std::thread> threads;
  threads.reserve(ids.size());
  for (const std::string& id : ids) {
    threads.emplace_back([&client, &outcome, &options, id] {
      std::mt19937 random(std::hash<std::string>{}(id));
      std::uniform_real_distribution<double> spread(1 - options.jitter, 1 + options.jitter);
      double interval = static_cast<double>(options.initial_interval.count());
      try {
        for (Job job = client.getJob(id);; job = client.getJob(id)) {
          if (job.isFinal()) return outcome.add(job);
          std::this_thread::sleep_for(milliseconds(static_cast<long>(interval * spread(random))));
          interval = std::min(interval * options.multiplier,
                              static_cast<double>(options.max_interval.count()));
        }
      } catch (const Error&) {
        ++outcome.errors;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

int run(const std::string& mode, int count, double job_seconds) {
  const char* base_url = std::getenv("USEAPI_LUMA_BASE_URL");
  if (base_url == nullptr) throw std::runtime_error("USEAPI_LUMA_BASE_URL names no luma-mock");
  Client client;

  const Clock::time_point creating = Clock::now();
  const std::vector<std::string> ids = createJobs(client, count);
  const double create_seconds = secondsSince(creating);
  const Clock::time_point created = Clock::now();
  const MockStats before = readMockStats(base_url);
  const std::int64_t rss_before_kib = peakResidentKib();

  Outcome outcome;
  const Clock::time_point waiting = Clock::now();
  const double last_due_seconds =
      std::max(0.0, job_seconds - std::chrono::duration<double>(waiting - created).count());
  ThreadSampler sampler;
  if (mode == "client") {
    waitWithClient(client, ids, outcome);
  } else {
    waitWithThreads(client, ids, outcome);
  }
  const double wall_seconds = secondsSince(waiting);
  const int threads = sampler.stop();
  const MockStats after = readMockStats(base_url);

  std::cout << "mode=" << mode << " jobs=" << count << " create_s=" << create_seconds
            << " last_due_s=" << last_due_seconds << " wall_s=" << wall_seconds
            << " peak_rss_kib=" << peakResidentKib() << " rss_before_wait_kib=" << rss_before_kib
            << " threads=" << threads << " requests=" << after.requests - before.requests
            << " mock_requests_total=" << after.requests << " completed=" << outcome.completed
            << " failed=" << outcome.failed << " errors=" << outcome.errors << std::endl;
  return outcome.completed + outcome.failed == count ? 0 : 1;
}

}  // namespace
}  // namespace useapi::luma::bench

int main(int argc, char** argv) {
  const std::string mode = argc == 3 || argc == 4 ? argv[1] : "";
  if (mode != "client" && mode != "threads") {
    std::cerr << "usage: luma-bench-await client|threads JOBS [JOB_SECONDS]\n";
    return 2;
  }
  try {
    return useapi::luma::bench::run(mode, std::atoi(argv[2]), argc == 4 ? std::atof(argv[3]) : 0);
  } catch (const std::exception& error) {
    std::cerr << "luma-bench-await: " << error.what() << '\n';
    return 1;
  }
}
