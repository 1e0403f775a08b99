#pragma once
// The job ids the mock issues, in the API's shape (spec "Identifiers"): one stem per request,
// shared by the parent and the 4 images of a batch, and a uuid per job.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace useapi::luma::mock {

/// The part of a job id before its first '-': "j" + MMDDhhmmss + the 3 digits of milliseconds of
/// `created` (UTC) + the request's 6 digits + `letter` ('v' or 'i'), e.g.
/// "j0326140530123456789i" for 2026-03-26T14:05:30.123Z and request digits 456789.
std::string jobIdStem(std::chrono::system_clock::time_point created, unsigned request_digits,
                      char letter);

/// A whole job id: `stem` + "-u<user>-email:<email>:<uuid>-bot:luma".
std::string jobIdOf(const std::string& stem, int user, const std::string& email,
                    const std::string& uuid);

/// The ids of the next jobs, scripted to reproduce literal ids such as the docs' (see
/// tests/support/seed_ids.hpp); each part left unset is as usual.
struct IdScript {
  /// The creation time of every job: its `created`, the time in its id, and (plus the job
  /// duration) its `updated`. Unset: the time of each request. The lifecycle keeps real time.
  std::optional<std::chrono::system_clock::time_point> created;
  /// The first request's 6 digits; the next requests count up from them. Unset: random.
  std::optional<unsigned> first_request_digits;
  /// The uuids of the next jobs in order of creation (a batch: its parent, then its 4 images);
  /// random ones once these are used up.
  std::vector<std::string> uuids;
};

/// The 6 digits of each request: consecutive (modulo 10^6) from a start, so that two requests,
/// even in the same millisecond, never share them. Not thread-safe: its owner (the JobStore)
/// calls it under its lock.
class RequestDigits {
 public:
  /// Digits that start at `first`, or at a random value.
  explicit RequestDigits(std::optional<unsigned> first = std::nullopt);
  /// The digits of the next request, below 10^6.
  unsigned next();

 private:
  unsigned next_ = 0;
};

}  // namespace useapi::luma::mock
