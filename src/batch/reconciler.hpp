#pragma once
// After a crash, an item left Submitting may or may not have created a job: it is looked for
// among the account's running jobs, never sent again blindly.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "useapi/luma/job_list.hpp"

namespace useapi::luma::detail {

/// How far a server's clock may be behind ours when matching a job's `created` to the moment
/// our POST started.
inline constexpr std::int64_t kClockSkewMs = 2000;

/// What the batch knows of the item being reconciled.
struct PendingSubmission {
  std::string account;                     ///< The account its POST went to.
  std::string type;                        ///< "image" or "video".
  std::string model;                       ///< The model's wire string.
  std::optional<std::int64_t> started_ms;  ///< Unix ms when its POST started.
};

/// The outcome of looking for an item's job.
struct Reconciliation {
  /// The jobs adopted (a video's one, an image batch's 4); empty when none could be.
  std::vector<std::string> jobids;
  /// Why nothing was adopted: no job matches, or several do (named).
  std::string why;
};

/// Looks among `running` (GET /jobs) for the job of `pending`: same account, type and model,
/// created at or after its POST started (less kClockSkewMs), not in `known` (the batch's jobs).
/// A video is adopted when exactly one job matches; an image batch when exactly 4 image jobs of
/// one `created` instant match (the 4 jobs of one batch).
Reconciliation reconcile(const JobList& running, const PendingSubmission& pending,
                         const std::set<std::string>& known);

/// Unix ms of an ISO 8601 UTC time ("2026-03-26T14:05:30.123Z"); nullopt when unreadable.
std::optional<std::int64_t> unixMsOfIso(const std::string& text);

}  // namespace useapi::luma::detail
