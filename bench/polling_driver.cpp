// Case 6: how soon a wait notices a finished job, and at how many polls. Four strategies side
// by side (the seed pages' 10-s loop, the old default intervals, the learned schedule, and
// webhook-fed waits, at real speed only: their callbacks are real HTTP): per kind of job, the mean
// detection lag (seconds and % of the job's duration) and the polls per job. Video kinds run in
// simulated time (the library's injectable clock, over a Connection whose jobs run for their drawn
// durations); images also at real speed against the luma-mock named by USEAPI_LUMA_BASE_URL
// (started by scripts/bench with --image-seconds 30-60), when REAL_BATCHES is above zero. Prints a
// Markdown table and writes the lag-against-polls plot to SVG.
//
//   luma-bench-polling SVG [SIMULATED_JOBS [REAL_BATCHES [REAL_ROUNDS]]]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "batch/reconciler.hpp"  // unixMsOfIso
#include "useapi/luma.hpp"
#include "useapi/luma/webhook_receiver.hpp"
#include "wait/default_wait.hpp"
#include "wait/wait_context.hpp"
#include "waits/timed_jobs.hpp"

namespace useapi::luma::bench {
namespace {

using std::chrono::milliseconds;
using testing::TimedJob;

struct Strategy {
  const char* name;
  PollOptions options;
  bool webhook = false;  // a WebhookReceiver feeds the Client's waits (real speed only)
};

std::vector<Strategy> strategies() {
  PollOptions seed_loop;  // the seed pages' example: every 10 s, no growth, no jitter
  seed_loop.initial_interval = std::chrono::seconds(10);
  seed_loop.max_interval = std::chrono::seconds(10);
  seed_loop.multiplier = 1;
  seed_loop.jitter = 0;
  seed_loop.spacing = PollSpacing::Intervals;
  PollOptions old_default;  // PollOptions{} before learned polling: 5 s x1.5 up to 30 s
  old_default.spacing = PollSpacing::Intervals;
  PollOptions learned;  // PollOptions{} now
  for (auto* options : {&seed_loop, &old_default, &learned})
    options->timeout = std::chrono::hours(2);
  return {{"10-s loop (seed)", seed_loop},
          {"default intervals (5 s x1.5 to 30 s)", old_default},
          {"learned (PollOptions{})", learned},
          {"webhook", learned, true}};
}

struct Kind {
  const char* name;
  TimedJob job;  // runs: unused
  double min_s;
  double max_s;
};

// The docs: images and draft videos 30-60 s, 1080p about 3 minutes; 540p and 720p between (our
// assumption, as in the estimator's priors).
std::vector<Kind> simulatedKinds() {
  return {
      {"image", {"image", "photon-1", "", "", "", milliseconds(0), milliseconds(0)}, 30, 60},
      {"video draft",
       {"video", "ray-2", "draft", "5s", "", milliseconds(0), milliseconds(0)},
       30,
       60},
      {"video 540p",
       {"video", "ray-2", "540p", "5s", "", milliseconds(0), milliseconds(0)},
       60,
       100},
      {"video 720p",
       {"video", "ray-2", "720p", "5s", "", milliseconds(0), milliseconds(0)},
       90,
       150},
      {"video 1080p",
       {"video", "ray-2", "1080p", "5s", "", milliseconds(0), milliseconds(0)},
       150,
       210},
  };
}

struct Result {
  std::string kind;
  std::string mode;  // "simulated" or "real speed"
  std::string strategy;
  int jobs = 0;
  double lag_s = 0;    // mean
  double lag_pct = 0;  // mean of each job's lag / duration
  double polls = 0;    // per job
};

Result simulate(const Kind& kind, const Strategy& strategy, int jobs) {
  detail::SimulatedTime time;
  testing::TimedJobs connection(time);
  const detail::WaitContextScope scope(std::make_shared<detail::WaitContext>());  // one client
  std::mt19937 random(2026);  // the same durations for every strategy
  std::uniform_real_distribution<double> seconds(kind.min_s, kind.max_s);
  Result result{kind.name, "simulated", strategy.name, jobs};
  for (int i = 0; i < jobs; ++i) {
    TimedJob job = kind.job;
    job.runs = milliseconds(static_cast<long long>(seconds(random) * 1000));
    const std::string jobid = connection.create(job);
    detail::pollUntilFinal(
        connection, {jobid}, [](const Job&) {}, strategy.options, time);
    const double lag = std::chrono::duration<double>(time.now() - connection.endsAt(jobid)).count();
    result.lag_s += lag;
    result.lag_pct += 100 * lag / (static_cast<double>(job.runs.count()) / 1000);
    result.polls += connection.polls(jobid);
  }
  result.lag_s /= jobs;
  result.lag_pct /= jobs;
  result.polls /= jobs;
  return result;
}

// One Client per strategy, `batches` image batches at once, `rounds` times over: each image's
// lag from its `updated` (the mock's completion instant) to the moment awaitEach reported it,
// its polls counted from the Client's log of exchanges.
Result realSpeed(const Strategy& strategy, int batches, int rounds) {
  std::mutex mutex;
  std::map<std::string, int> polls;
  ClientOptions options;  // token and base URL from the environment
  options.max_connections = 16;
  options.logger = [&](LogLevel, std::string_view line) {
    const std::string_view prefix = "GET /jobs/";
    if (line.substr(0, prefix.size()) != prefix) return;
    const std::string jobid(
        line.substr(prefix.size(), line.find(' ', prefix.size()) - prefix.size()));
    const std::lock_guard<std::mutex> lock(mutex);
    ++polls[jobid];
  };
  Client client(options);
  // Declared after the client, so destroyed before it.
  std::unique_ptr<WebhookReceiver> receiver;
  if (strategy.webhook) receiver = std::make_unique<WebhookReceiver>(client);
  Result result{"image", "real speed", strategy.name};
  for (int round = 0; round < rounds; ++round) {
    std::vector<std::thread> threads;
    for (int b = 0; b < batches; ++b) {
      threads.emplace_back([&, b] {
        ImageRequest request;
        request.prompt = "polling benchmark " + std::to_string(round) + "/" + std::to_string(b);
        const ImageBatch batch = client.generateImages(request);
        client.awaitEach(
            batch.jobids,
            [&](const Job& job) {
              const auto now = std::chrono::duration_cast<milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch());
              const auto created = detail::unixMsOfIso(job.created);
              const auto updated = job.updated ? detail::unixMsOfIso(*job.updated) : std::nullopt;
              if (!created || !updated) return;
              const double lag = static_cast<double>(now.count() - *updated) / 1000;
              const double took = static_cast<double>(*updated - *created) / 1000;
              const std::lock_guard<std::mutex> lock(mutex);
              result.lag_s += lag;
              result.lag_pct += 100 * lag / took;
              ++result.jobs;
            },
            strategy.options);
      });
    }
    for (auto& thread : threads) thread.join();
  }
  for (const auto& [jobid, count] : polls) result.polls += count;
  if (result.jobs > 0) {
    result.lag_s /= result.jobs;
    result.lag_pct /= result.jobs;
    result.polls /= result.jobs;
  }
  return result;
}

std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

// Lag % (y) against polls per job (x): one mark per strategy and kind.
void writeSvg(const std::string& path, const std::vector<Result>& results) {
  const double width = 840, height = 460, left = 70, right = 310, top = 30, bottom = 60;
  double max_polls = 1, max_lag = 1;
  for (const auto& r : results) {
    max_polls = std::max(max_polls, r.polls);
    max_lag = std::max(max_lag, r.lag_pct);
  }
  max_polls = std::ceil(max_polls / 5) * 5;
  max_lag = std::ceil(max_lag / 5) * 5;
  const auto x = [&](double polls) { return left + (width - left - right) * polls / max_polls; };
  const auto y = [&](double lag) {
    return height - bottom - (height - top - bottom) * lag / max_lag;
  };
  const std::map<std::string, std::string> colours = {
      {"10-s loop (seed)", "#1f77b4"},
      {"default intervals (5 s x1.5 to 30 s)", "#d62728"},
      {"learned (PollOptions{})", "#2ca02c"},
      {"webhook", "#9467bd"}};
  const std::vector<std::string> shapes = {"circle",   "square", "diamond",
                                           "triangle", "cross",  "star"};
  std::map<std::string, std::size_t> kind_shape;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << left << "\" y=\"18\" font-size=\"14\">Detection lag against polls per "
      << "job (luma-mock; lower left is better)</text>\n";
  // Axes, ticks and the 3% goal line.
  svg << "<line x1=\"" << left << "\" y1=\"" << y(0) << "\" x2=\"" << x(max_polls) << "\" y2=\""
      << y(0) << "\" stroke=\"black\"/>\n<line x1=\"" << left << "\" y1=\"" << y(0) << "\" x2=\""
      << left << "\" y2=\"" << y(max_lag) << "\" stroke=\"black\"/>\n";
  for (double p = 0; p <= max_polls; p += max_polls / 5) {
    svg << "<text x=\"" << x(p) << "\" y=\"" << y(0) + 16 << "\" text-anchor=\"middle\">"
        << fixed(p, 0) << "</text>\n";
  }
  for (double l = 0; l <= max_lag; l += max_lag / 5) {
    svg << "<text x=\"" << left - 6 << "\" y=\"" << y(l) + 4 << "\" text-anchor=\"end\">"
        << fixed(l, 0) << "%</text>\n";
  }
  svg << "<line x1=\"" << left << "\" y1=\"" << y(3) << "\" x2=\"" << x(max_polls) << "\" y2=\""
      << y(3) << "\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n<text x=\"" << x(max_polls) - 4
      << "\" y=\"" << y(3) - 4 << "\" text-anchor=\"end\" fill=\"#555\">goal: 3%</text>\n";
  svg << "<text x=\"" << (left + x(max_polls)) / 2 << "\" y=\"" << height - 20
      << "\" text-anchor=\"middle\">polls per job</text>\n<text x=\"18\" y=\"" << (top + y(0)) / 2
      << "\" transform=\"rotate(-90 18 " << (top + y(0)) / 2
      << ")\" text-anchor=\"middle\">mean lag, % of the job's duration</text>\n";
  const auto mark = [&](std::size_t shape, double cx, double cy, const std::string& colour) {
    std::ostringstream out;
    const std::string style =
        "fill=\"" + colour + "\" fill-opacity=\"0.8\" stroke=\"black\" stroke-width=\"0.5\"";
    switch (shape % shapes.size()) {
      case 0:
        out << "<circle cx=\"" << cx << "\" cy=\"" << cy << "\" r=\"5\" " << style << "/>";
        break;
      case 1:
        out << "<rect x=\"" << cx - 5 << "\" y=\"" << cy - 5 << "\" width=\"10\" height=\"10\" "
            << style << "/>";
        break;
      case 2:
        out << "<polygon points=\"" << cx << "," << cy - 6 << " " << cx + 6 << "," << cy << " "
            << cx << "," << cy + 6 << " " << cx - 6 << "," << cy << "\" " << style << "/>";
        break;
      case 3:
        out << "<polygon points=\"" << cx << "," << cy - 6 << " " << cx + 6 << "," << cy + 5 << " "
            << cx - 6 << "," << cy + 5 << "\" " << style << "/>";
        break;
      case 4:
        out << "<polygon points=\"" << cx - 6 << "," << cy - 2 << " " << cx + 6 << "," << cy - 2
            << " " << cx + 6 << "," << cy + 2 << " " << cx - 6 << "," << cy + 2 << "\" " << style
            << "/>";
        break;
      default:
        out << "<polygon points=\"" << cx << "," << cy + 6 << " " << cx + 6 << "," << cy - 5 << " "
            << cx - 6 << "," << cy - 5 << "\" " << style << "/>";
        break;
    }
    return out.str();
  };
  for (const auto& r : results) {
    const std::string kind = r.kind + (r.mode == "real speed" ? " (real speed)" : "");
    const auto found = kind_shape.emplace(kind, kind_shape.size()).first;
    const auto colour = colours.count(r.strategy) ? colours.at(r.strategy) : "#777";
    svg << mark(found->second, x(r.polls), y(r.lag_pct), colour) << "<title>" << r.strategy << ", "
        << kind << ": " << fixed(r.lag_pct, 1) << "%, " << fixed(r.polls, 1) << " polls</title>\n";
  }
  // Legends: colour = strategy, shape = kind.
  double ly = top + 10;
  const double lx = width - right + 20;
  for (const auto& [name, colour] : colours) {
    svg << "<rect x=\"" << lx << "\" y=\"" << ly - 9 << "\" width=\"10\" height=\"10\" fill=\""
        << colour << "\"/><text x=\"" << lx + 16 << "\" y=\"" << ly << "\">" << name << "</text>\n";
    ly += 18;
  }
  ly += 10;
  for (const auto& [kind, shape] : kind_shape) {
    svg << mark(shape, lx + 5, ly - 4, "#ccc") << "<text x=\"" << lx + 16 << "\" y=\"" << ly
        << "\">" << kind << "</text>\n";
    ly += 18;
  }
  svg << "</svg>\n";
  std::ofstream(path) << svg.str();
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: luma-bench-polling SVG [SIMULATED_JOBS [REAL_BATCHES [REAL_ROUNDS]]]\n";
    return 2;
  }
  const std::string svg = argv[1];
  const int simulated_jobs = argc > 2 ? std::atoi(argv[2]) : 200;
  const int real_batches = argc > 3 ? std::atoi(argv[3]) : 0;
  const int real_rounds = argc > 4 ? std::atoi(argv[4]) : 2;

  std::vector<Result> results;
  if (real_batches > 0) {
    // The strategies at once, one Client each: the same minutes of wall time for all.
    std::vector<Result> real(strategies().size());
    std::vector<std::thread> threads;
    const auto all = strategies();
    for (std::size_t s = 0; s < all.size(); ++s) {
      threads.emplace_back([&, s] { real[s] = realSpeed(all[s], real_batches, real_rounds); });
    }
    for (auto& thread : threads) thread.join();
    results.insert(results.end(), real.begin(), real.end());
  }
  for (const Kind& kind : simulatedKinds()) {
    for (const Strategy& strategy : strategies()) {
      if (!strategy.webhook) results.push_back(simulate(kind, strategy, simulated_jobs));
    }
  }

  std::cout << "| kind (durations) | run | jobs | 10-s loop (seed): lag s / % / polls | default "
               "intervals: lag s / % / polls | learned: lag s / % / polls | webhook: lag s / % / "
               "polls |\n"
            << "|---|---|---|---|---|---|---|\n";
  std::map<std::pair<std::string, std::string>, std::vector<const Result*>> rows;
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& r : results) {
    const auto key = std::make_pair(r.kind, r.mode);
    if (!rows.count(key)) order.push_back(key);
    rows[key].push_back(&r);
  }
  std::map<std::string, std::string> ranges;
  for (const Kind& kind : simulatedKinds())
    ranges[kind.name] = fixed(kind.min_s, 0) + "-" + fixed(kind.max_s, 0) + " s";
  for (const auto& key : order) {
    const auto& row = rows[key];
    std::cout << "| " << key.first << " (" << ranges[key.first] << ") | " << key.second << " | "
              << row.front()->jobs << " |";
    for (const Result* r : row) {
      std::cout << " " << fixed(r->lag_s, 2) << " s / " << fixed(r->lag_pct, 1) << "% / "
                << fixed(r->polls, 1) << " |";
    }
    if (row.size() < strategies().size()) std::cout << " (real speed only) |";
    std::cout << "\n";
  }
  writeSvg(svg, results);
  return 0;
}

}  // namespace
}  // namespace useapi::luma::bench

int main(int argc, char** argv) {
  try {
    return useapi::luma::bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "luma-bench-polling: " << error.what() << '\n';
    return 1;
  }
}
