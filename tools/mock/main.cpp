// luma-mock: runs the emulator until SIGINT or SIGTERM.

#include <CLI/CLI.hpp>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mock/mock_server.hpp"

namespace {

using useapi::luma::mock::DurationRange;
using useapi::luma::mock::ForeignJobs;

// Whole milliseconds of a number of seconds written as text; throws when it is not one in
// [0, 86400].
std::chrono::milliseconds millisecondsOf(const std::string& text) {
  std::size_t used = 0;
  double seconds = -1;
  try {
    seconds = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !(seconds >= 0) || seconds > 86400.0) {
    throw CLI::ValidationError("'" + text + "' is not a number of seconds from 0 to 86400");
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000.0));
}

// "30-60" (seconds, each job's drawn between) or "45" (fixed).
DurationRange rangeOf(const std::string& text) {
  const auto dash = text.find('-', 1);
  if (dash == std::string::npos) {
    const auto fixed = millisecondsOf(text);
    return {fixed, fixed};
  }
  const DurationRange range{millisecondsOf(text.substr(0, dash)),
                            millisecondsOf(text.substr(dash + 1))};
  if (range.max < range.min) throw CLI::ValidationError("'" + text + "': MIN above MAX");
  return range;
}

// "KIND=RANGE", e.g. "video:1080p=60-90".
std::pair<std::string, DurationRange> kindRangeOf(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw CLI::ValidationError("'" + text + "' is not KIND=SECONDS or KIND=MIN-MAX");
  }
  return {text.substr(0, equals), rangeOf(text.substr(equals + 1))};
}

// "EMAIL:COUNT:SECONDS" (EMAIL may be empty: the first account).
ForeignJobs foreignJobsOf(const std::string& text) {
  const auto last = text.rfind(':');
  const auto middle =
      last == std::string::npos || last == 0 ? std::string::npos : text.rfind(':', last - 1);
  if (middle == std::string::npos) {
    throw CLI::ValidationError("'" + text + "' is not EMAIL:COUNT:SECONDS");
  }
  ForeignJobs jobs;
  jobs.email = text.substr(0, middle);
  const std::string count = text.substr(middle + 1, last - middle - 1);
  if (count.empty() || count.size() > 6 ||
      count.find_first_not_of("0123456789") != std::string::npos) {
    throw CLI::ValidationError("'" + text + "': COUNT is not a whole number");
  }
  jobs.count = std::stoi(count);
  jobs.duration = millisecondsOf(text.substr(last + 1));
  return jobs;
}

}  // namespace

int main(int argc, char** argv) {
  useapi::luma::mock::MockOptions options;
  double job_seconds = 3.0;
  std::vector<std::string> tokens;
  std::string image_seconds;
  std::string video_seconds;
  std::vector<std::string> seconds_for;
  std::vector<std::string> foreign_jobs;
  std::vector<std::string> expired;
  double media_ttl_seconds = 0;

  CLI::App app{"luma-mock: an offline emulator of the useapi.net Luma API"};
  app.add_option("--host", options.host, "Interface to listen on")->capture_default_str();
  app.add_option("--port", options.port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  app.add_option("--token", tokens, "Accepted API token (repeatable; default: mock-token)");
  app.add_option("--job-seconds", job_seconds, "Seconds from submission to completion")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--concurrency", options.concurrency, "Running jobs per account before 429")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--email", options.email, "The email of the account each user starts with")
      ->capture_default_str();
  app.add_flag("--webhook-on-submission,!--no-webhook-on-submission", options.webhook_on_submission,
               "Also call a job's replyUrl on submission (status created), not only when it is "
               "final (default: on)");
  options.serving_threads = 512;  // a batch on hundreds of accounts opens many connections
  app.add_option("--threads", options.serving_threads,
                 "Connections served at once (one thread each while kept alive)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_option("--accounts", options.accounts,
                 "Accounts each user starts with: --email, then its local part numbered "
                 "(mock2@example.com, ...)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  app.add_option("--seed", options.seed,
                 "Seed of the random choices (the account of a job without email, durations)")
      ->capture_default_str();
  app.add_option("--image-seconds", image_seconds,
                 "Image batch durations: SECONDS or MIN-MAX, each drawn at random (default: "
                 "--job-seconds)");
  app.add_option("--video-seconds", video_seconds,
                 "Video durations: SECONDS or MIN-MAX (default: --job-seconds)");
  app.add_option("--seconds-for", seconds_for,
                 "KIND=SECONDS or KIND=MIN-MAX for a type and resolution, e.g. video:1080p=60-90 "
                 "(repeatable; wins over --image-seconds and --video-seconds)");
  app.add_option("--foreign-jobs", foreign_jobs,
                 "EMAIL:COUNT:SECONDS: at start, COUNT video jobs of another process hold slots "
                 "of the first token's account EMAIL for SECONDS (repeatable)");
  app.add_option("--expired", expired,
                 "EMAIL: the first token's account whose session has expired (596) from the "
                 "start (repeatable)");
  app.add_option("--media-ttl", media_ttl_seconds,
                 "Seconds a completed job's media URLs stay good after the GET /jobs/{jobid} "
                 "that handed them out (each read hands out fresh ones; an expired one answers "
                 "403, as a CDN's signed link does); default: they never expire")
      ->check(CLI::Range(0.001, 86400.0));
  CLI11_PARSE(app, argc, argv);

  if (!tokens.empty()) options.tokens = tokens;
  options.job_duration = std::chrono::milliseconds(static_cast<long long>(job_seconds * 1000));
  if (media_ttl_seconds > 0) {
    options.media_ttl = std::chrono::milliseconds(std::llround(media_ttl_seconds * 1000));
  }
  std::vector<ForeignJobs> foreign;
  try {
    if (!image_seconds.empty()) options.job_durations["image"] = rangeOf(image_seconds);
    if (!video_seconds.empty()) options.job_durations["video"] = rangeOf(video_seconds);
    for (const auto& text : seconds_for) {
      auto [kind, range] = kindRangeOf(text);
      options.job_durations.insert_or_assign(std::move(kind), range);
    }
    for (const auto& text : foreign_jobs) foreign.push_back(foreignJobsOf(text));
  } catch (const CLI::Error& error) {
    return app.exit(error);
  }

  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  useapi::luma::mock::MockServer server(options);
  try {
    server.start();
    for (const auto& email : expired) {
      if (!server.expireAccount(email)) {
        throw std::invalid_argument("--expired: no account " + email);
      }
    }
    for (const auto& jobs : foreign) server.addForeignJobs(jobs);
  } catch (const std::exception& error) {
    std::cerr << error.what() << '\n';
    return 1;
  }
  std::cout << "luma-mock listening on " << server.baseUrl() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  std::cout << "luma-mock stopping (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << ")"
            << std::endl;
  server.stop();
  return 0;
}
