// Case 1: requests per second and CPU time per request of Client::getJob in a loop, against a
// plain libcurl easy-handle loop fetching the same job from the same mock, and the mock's own
// ceiling (libcurl multi, several connections). The mock is a separate process (its URL and token
// in USEAPI_LUMA_BASE_URL and USEAPI_TOKEN), so that the CPU time measured for the whole process
// (MeasureProcessCPUTime: the client's I/O thread included) is the client's alone.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "mock_hammer.hpp"
#include "raw_curl_get.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::bench {
namespace {

constexpr std::int64_t kHammerBatch = 500;  // requests per iteration of the ceiling case

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

// The plain loop; state.range(0) = 1 adds Accept-Encoding as the Client sends it (so that the
// mock compresses the answers for both alike), 0 leaves it out (uncompressed answers).
void curlEasyGetJob(benchmark::State& state) {
  EasyGetter getter(jobUrl(target().base_url, target().jobid), target().token, state.range(0) != 0);
  if (getter.get() != 200) throw std::runtime_error("the mock did not answer 200");
  for (auto _ : state) {
    if (getter.get() != 200) state.SkipWithError("a GET was not answered 200");
    benchmark::DoNotOptimize(getter.body().data());
  }
  state.SetItemsProcessed(state.iterations());
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
