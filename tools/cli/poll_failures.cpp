#include "poll_failures.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace useapi::luma::cli {
namespace {

constexpr std::string_view kPollPrefix = "GET /jobs/";
constexpr std::string_view kResultArrow = " -> ";

// What one log line says about the exchange: its result ("200", "503", "could not connect (...)").
// The line is "<endpoint> -> <result> after <n> ms; retrying in <m> ms (attempt <k>)" or
// "<endpoint> -> <result> in <n> ms[ (attempt <k>)]"; a result may itself hold " in " or " after ".
std::optional<std::string_view> resultOf(std::string_view line, std::size_t start) {
  const auto retrying = line.rfind("; retrying in ");
  const auto end =
      retrying != std::string_view::npos ? line.rfind(" after ", retrying) : line.rfind(" in ");
  if (end == std::string_view::npos || end < start) return std::nullopt;
  return line.substr(start, end - start);
}

bool isStatus(std::string_view result) {
  return result.size() == 3 && std::all_of(result.begin(), result.end(),
                                           [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace

std::string ordinal(int number) {
  const int last_two = number % 100;
  const int last = number % 10;
  const char* suffix = "th";
  if (last_two < 11 || last_two > 13) {
    if (last == 1) suffix = "st";
    if (last == 2) suffix = "nd";
    if (last == 3) suffix = "rd";
  }
  return std::to_string(number) + suffix;
}

std::function<void(LogLevel, std::string_view)> PollFailureWatch::logger() {
  return [this](LogLevel, std::string_view line) { onLogLine(line); };
}

void PollFailureWatch::watch(std::vector<std::string> jobids, Listener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  failures_.assign(jobids.size(), 0);
  jobids_ = std::move(jobids);
  listener_ = std::move(listener);
}

void PollFailureWatch::stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  jobids_.clear();
  failures_.clear();
  listener_ = nullptr;
}

void PollFailureWatch::onLogLine(std::string_view line) {
  if (line.substr(0, kPollPrefix.size()) != kPollPrefix) return;
  std::lock_guard<std::mutex> lock(mutex_);  // the listener runs under it: one line at a time
  if (!listener_) return;
  for (std::size_t i = 0; i < jobids_.size(); ++i) {
    const std::string& jobid = jobids_[i];
    const std::size_t id_at = kPollPrefix.size();
    if (line.compare(id_at, jobid.size(), jobid) != 0 ||
        line.compare(id_at + jobid.size(), kResultArrow.size(), kResultArrow) != 0) {
      continue;
    }
    const auto result = resultOf(line, id_at + jobid.size() + kResultArrow.size());
    if (!result) return;
    if (isStatus(*result) && (*result)[0] == '2') {
      if (failures_[i] > 0) listener_(jobid, std::string());
      failures_[i] = 0;
      return;
    }
    if (isStatus(*result) && (*result)[0] == '4' && *result != "408" && *result != "429") {
      return;  // permanent: the wait ends with it, nothing is retried
    }
    ++failures_[i];
    const std::string reason = isStatus(*result)
                                   ? "HTTP " + std::string(*result)
                                   : std::string(result->substr(0, result->find(" (")));
    listener_(jobid, "retrying: " + reason + ", " + ordinal(failures_[i] + 1) + " try");
    return;
  }
}

}  // namespace useapi::luma::cli
