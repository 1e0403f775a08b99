// Case 1: requests per second and CPU time per request of Client::getJob in a loop, against a
// plain libcurl easy-handle loop fetching the same job from the same mock, and the mock's own
// ceiling (libcurl multi, several connections). The mock is a separate process (its URL and token
// in USEAPI_LUMA_BASE_URL and USEAPI_TOKEN), so that the CPU time measured for the whole process
// (MeasureProcessCPUTime: the client's I/O thread included) is the client's alone.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "mock_hammer.hpp"
#include "raw_curl_get.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::bench {
namespace {

constexpr std::int64_t kHammerBatch = 500;  // requests per iteration of the ceiling case
constexpr int kPairedBlock = 50;            // requests per loop per iteration of the paired case

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) + " must name the luma-mock to measure against");
  }
  return value;
}

// The base URL, token and one job of the mock, created once.
struct Target {
  std::string base_url = environment("USEAPI_LUMA_BASE_URL");
  std::string token = environment("USEAPI_TOKEN");
  std::string jobid;
};

const Target& target() {
  static const Target kTarget = [] {
    Target result;
    Client client;
    VideoRequest request;
    request.prompt = "a benchmark fox";
    result.jobid = client.generateVideo(request).jobid;
    return result;
  }();
  return kTarget;
}

void clientGetJob(benchmark::State& state) {
  Client client;
  const std::string& jobid = target().jobid;
  benchmark::DoNotOptimize(client.getJob(jobid));  // the connection is open before timing
  for (auto _ : state) benchmark::DoNotOptimize(client.getJob(jobid));
  state.SetItemsProcessed(state.iterations());
}

// Several threads share one Client: all their calls go through its one I/O thread.
void clientGetJobShared(benchmark::State& state) {
  static Client shared;  // thread-safe initialisation; lives until exit
  const std::string& jobid = target().jobid;
  for (auto _ : state) benchmark::DoNotOptimize(shared.getJob(jobid));
  state.SetItemsProcessed(state.iterations());
}

// The plain loop; state.range(0) = 1 adds `Accept-Encoding: gzip` (which the Client sends only
// for lists: luma-mock answers a record uncompressed either way), 0 leaves it out.
void curlEasyGetJob(benchmark::State& state) {
  EasyGetter getter(jobUrl(target().base_url, target().jobid), target().token, state.range(0) != 0);
  if (getter.get() != 200) throw std::runtime_error("the mock did not answer 200");
  for (auto _ : state) {
    if (getter.get() != 200) state.SkipWithError("a GET was not answered 200");
    benchmark::DoNotOptimize(getter.body().data());
  }
  state.SetItemsProcessed(state.iterations());
}

// Wall and CPU seconds (of the whole process) that `block` took.
struct BlockTime {
  double wall = 0;
  double cpu = 0;
};

double processCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

template <class Block>
BlockTime timeBlock(Block&& block) {
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = processCpuSeconds();
  block();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count(),
          processCpuSeconds() - cpu_start};
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The three loops side by side: each iteration runs kPairedBlock requests of Client::getJob, of
// the plain loop with Accept-Encoding and of the plain loop without, in an order that rotates,
// so that a shared machine's drift (its speed changes from second to second) weighs on all three
// alike. The ratios are medians over the iterations of the Client's rate against each plain loop
// in the same iteration; the rates and CPU times are totals.
void pairedGetJob(benchmark::State& state) {
  Client client;
  const std::string& jobid = target().jobid;
  const std::string url = jobUrl(target().base_url, jobid);
  EasyGetter with_encoding(url, target().token, true);
  EasyGetter without_encoding(url, target().token, false);
  bool failed = false;
  const auto client_block = [&] {
    for (int i = 0; i < kPairedBlock; ++i) benchmark::DoNotOptimize(client.getJob(jobid));
  };
  const auto plain_block = [&](EasyGetter& getter) {
    return [&] {
      for (int i = 0; i < kPairedBlock; ++i) failed = failed || getter.get() != 200;
    };
  };
  // Connections open before timing.
  client.getJob(jobid);
  with_encoding.get();
  without_encoding.get();

  BlockTime totals[3];
  std::vector<double> ratio_with;
  std::vector<double> ratio_without;
  std::int64_t iteration = 0;
  for (auto _ : state) {
    BlockTime times[3];
    for (int k = 0; k < 3; ++k) {
      const int loop = static_cast<int>((iteration + k) % 3);
      if (loop == 0) times[0] = timeBlock(client_block);
      if (loop == 1) times[1] = timeBlock(plain_block(with_encoding));
      if (loop == 2) times[2] = timeBlock(plain_block(without_encoding));
    }
    for (int loop = 0; loop < 3; ++loop) {
      totals[loop].wall += times[loop].wall;
      totals[loop].cpu += times[loop].cpu;
    }
    ratio_with.push_back(times[1].wall / times[0].wall);
    ratio_without.push_back(times[2].wall / times[0].wall);
    ++iteration;
  }
  if (failed) state.SkipWithError("a GET was not answered 200");
  const double requests = static_cast<double>(iteration) * kPairedBlock;
  state.counters["client_rps"] = requests / totals[0].wall;
  state.counters["plain_ae_rps"] = requests / totals[1].wall;
  state.counters["plain_id_rps"] = requests / totals[2].wall;
  state.counters["client_cpu_us"] = totals[0].cpu / requests * 1e6;
  state.counters["plain_ae_cpu_us"] = totals[1].cpu / requests * 1e6;
  state.counters["plain_id_cpu_us"] = totals[2].cpu / requests * 1e6;
  state.counters["ratio_ae"] = median(ratio_with);
  state.counters["ratio_id"] = median(ratio_without);
  state.counters["pairs"] = static_cast<double>(iteration);
}

// state.range(0) connections; state.range(1) = 1 with Accept-Encoding.
void mockCeiling(benchmark::State& state) {
  const std::string url = jobUrl(target().base_url, target().jobid);
  const auto connections = static_cast<int>(state.range(0));
  for (auto _ : state) {
    if (hammer(url, target().token, connections, kHammerBatch, state.range(1) != 0) !=
        kHammerBatch) {
      state.SkipWithError("a GET was not answered 200");
    }
  }
  state.SetItemsProcessed(state.iterations() * kHammerBatch);
}

BENCHMARK(clientGetJob)->Name("Client::getJob")->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(curlEasyGetJob)
    ->Name("curl_easy_loop")
    ->ArgName("accept_encoding")
    ->Arg(1)
    ->Arg(0)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(pairedGetJob)->Name("paired_loops")->UseRealTime()->MeasureProcessCPUTime();
BENCHMARK(clientGetJobShared)
    ->Name("Client::getJob_shared")
    ->Threads(4)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(mockCeiling)
    ->Name("mock_ceiling_curl_multi")
    ->ArgNames({"connections", "accept_encoding"})
    ->ArgsProduct({{1, 8}, {1, 0}})
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace useapi::luma::bench

BENCHMARK_MAIN();
