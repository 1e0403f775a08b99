#include "batch/reconciler.hpp"

#include <cstdio>
#include <ctime>
#include <map>

namespace useapi::luma::detail {

std::optional<std::int64_t> unixMsOfIso(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  double seconds = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%lf", &year, &month, &day, &hour, &minute,
                  &seconds) != 6) {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = 0;
  const std::time_t whole = ::timegm(&parts);
  if (whole == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<std::int64_t>(whole) * 1000 + static_cast<std::int64_t>(seconds * 1000);
}

Reconciliation reconcile(const JobList& running, const PendingSubmission& pending,
                         const std::set<std::string>& known) {
  std::vector<const JobSummary*> matches;
  for (const JobSummary& job : running.jobs) {
    if (known.count(job.jobid) != 0 || job.account != pending.account) continue;
    if (std::string(toString(job.type)) != pending.type) continue;
    if (!job.model.empty() && job.model != pending.model) continue;
    if (pending.started_ms) {
      const auto created = unixMsOfIso(job.created);
      if (!created || *created < *pending.started_ms - kClockSkewMs) continue;
    }
    matches.push_back(&job);
  }
  Reconciliation result;
  const auto names = [&matches] {
    std::string list;
    for (const auto* job : matches) list += (list.empty() ? "" : ", ") + job->jobid;
    return list;
  };
  if (pending.type == "video") {
    if (matches.size() == 1) {
      result.jobids.push_back(matches.front()->jobid);
    } else if (matches.empty()) {
      result.why = "no running job of account " + pending.account + " matches it";
    } else {
      result.why = "several running jobs of account " + pending.account + " match it: " + names();
    }
    return result;
  }
  // The 4 jobs of one image batch share their `created` instant.
  std::map<std::string, std::vector<std::string>> by_instant;
  for (const auto* job : matches) by_instant[job->created].push_back(job->jobid);
  if (by_instant.size() == 1 && by_instant.begin()->second.size() == 4) {
    result.jobids = by_instant.begin()->second;
  } else if (matches.empty()) {
    result.why = "no running job of account " + pending.account + " matches it";
  } else {
    result.why = "running image jobs of account " + pending.account +
                 " may be its batch but cannot be told apart: " + names();
  }
  return result;
}

}  // namespace useapi::luma::detail
