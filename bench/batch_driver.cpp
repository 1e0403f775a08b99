// Case 5: the makespan of a batch against the ideal. Runs runBatch over ITEMS video items on the
// luma-mock named by USEAPI_LUMA_BASE_URL (started by scripts/bench with --accounts ACCOUNTS and
// --concurrency SLOTS, every job taking JOB_SECONDS), then prints one line of key=value figures:
// the makespan (first submission to last file saved), the ideal (ITEMS x JOB_SECONDS / slots),
// their ratio, 429 answers per item, peak RSS, the most threads seen, and the items' final
// states. With SVG it writes the run's timeline picture there.
//
//   luma-bench-batch ITEMS ACCOUNTS SLOTS JOB_SECONDS WORKDIR [SVG]

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "mock_stats.hpp"
#include "process_stats.hpp"
#include "useapi/luma.hpp"
#include "useapi/luma/batch.hpp"

namespace useapi::luma::bench {
namespace {

using std::chrono::milliseconds;

// Polling matched to jobs of `job_seconds`: the first look at a job (after the one right after
// its POST) when it is due, then every 2% of a job, so that a finished job is seen within ~2% of
// its time without polling a running one again and again. No jitter: the jobs are spread already.
PollOptions pollFor(double job_seconds) {
  PollOptions options;
  options.initial_interval = milliseconds(static_cast<std::int64_t>(job_seconds * 1000) + 5);
  options.max_interval =
      milliseconds(std::max<std::int64_t>(10, static_cast<std::int64_t>(job_seconds * 20)));
  options.multiplier = 1.0;
  options.jitter = 0;
  options.timeout = std::chrono::minutes(30);
  return options;
}

std::vector<BatchItem> itemsOf(int count) {
  std::vector<BatchItem> items;
  items.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    VideoRequest request;
    request.prompt = "benchmark item " + std::to_string(i) + ": a fox crossing a snowy field";
    items.push_back({"item-" + std::to_string(i), request});
  }
  return items;
}

int run(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: luma-bench-batch ITEMS ACCOUNTS SLOTS JOB_SECONDS WORKDIR [SVG]\n";
    return 2;
  }
  const int item_count = std::atoi(argv[1]);
  const int accounts = std::atoi(argv[2]);
  const int slots = std::atoi(argv[3]);
  const double job_seconds = std::atof(argv[4]);
  const std::filesystem::path workdir = argv[5];
  const std::string svg = argc > 6 ? argv[6] : "";

  const char* base_url = std::getenv("USEAPI_LUMA_BASE_URL");
  if (base_url == nullptr) throw std::runtime_error("USEAPI_LUMA_BASE_URL is not set");
  const MockStats before = readMockStats(base_url);
  ClientOptions client_options;  // token and base URL from the environment
  client_options.max_connections = 16;
  client_options.durable_downloads = false;  // as curl would: the figure is the scheduling

  std::filesystem::remove_all(workdir);
  BatchOptions options;
  options.state_file = workdir / "batch.db";
  options.output_dir = workdir / "out";
  options.poll = pollFor(job_seconds);
  options.max_downloads = 32;
  std::atomic<int> most_threads{0};
  options.on_progress = [&](const BatchProgress&) {
    const int threads = threadCount();
    if (threads > most_threads) most_threads = threads;
  };

  const std::vector<BatchItem> items = itemsOf(item_count);
  const BatchReport report = runBatch(client_options, items, options);
  const MockStats after = readMockStats(base_url);
  const auto capacity_answers = after.capacity_refusals - before.capacity_refusals;

  std::int64_t first_submitted = INT64_MAX;
  std::int64_t last_saved = 0;
  for (const auto& item : report.items) {
    if (item.submitted_ms) first_submitted = std::min(first_submitted, *item.submitted_ms);
    if (item.saved_ms) last_saved = std::max(last_saved, *item.saved_ms);
  }
  const double makespan =
      last_saved > first_submitted ? static_cast<double>(last_saved - first_submitted) / 1000 : 0;
  const double ideal = item_count * job_seconds / (accounts * slots);
  if (!svg.empty()) std::ofstream(svg) << renderBatchTimeline(report);

  std::cout << "items=" << item_count << " accounts=" << accounts << " slots=" << slots
            << " job_seconds=" << job_seconds << " makespan_s=" << makespan << " ideal_s=" << ideal
            << " ratio=" << (ideal > 0 ? makespan / ideal : 0) << " capacity_429_per_item="
            << static_cast<double>(capacity_answers) / std::max(1, item_count)
            << " requests=" << (after.requests - before.requests)
            << " peak_rss_kib=" << peakResidentKib() << " threads=" << most_threads
            << " completed=" << report.count(BatchItemState::Completed)
            << " failed=" << report.count(BatchItemState::Failed)
            << " rejected=" << report.count(BatchItemState::Rejected)
            << " uncertain=" << report.count(BatchItemState::Uncertain) << '\n';
  return report.count(BatchItemState::Completed) == report.items.size() ? 0 : 1;
}

}  // namespace
}  // namespace useapi::luma::bench

int main(int argc, char** argv) {
  try {
    return useapi::luma::bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "luma-bench-batch: " << error.what() << '\n';
    return 1;
  }
}
