#pragma once
// The default waits of a Connection: getJob() polled on the caller's thread, as PollOptions say.

#include <functional>
#include <future>
#include <string>
#include <vector>

#include "time/time_source.hpp"
#include "useapi/luma/connection.hpp"

namespace useapi::luma::detail {

/// Polls `connection.getJob()` for each of `jobids` on the calling thread, on a JobWait's
/// schedule and clock `time`, and calls `on_final` with each job's final record the moment it
/// is seen; returns once all are final. Pauses are spent asleep on `time` (a cancel wakes them
/// at once). Throws TimeoutError at the deadline, CancelledError once cancelled, a getJob
/// failure that no later poll can mend at once (transient ones are retried), or whatever a
/// callback throws; each names the jobs left unfinished.
void pollUntilFinal(Connection& connection, const std::vector<std::string>& jobids,
                    const std::function<void(const Job&)>& on_final, const PollOptions& options,
                    TimeSource& time);

/// Waits for one job with `await_each` (a Connection's awaitEach, or pollUntilFinal on a clock
/// of a test's) on a thread of its own that the future's destruction joins. The future holds
/// the completed record, or throws as Client::awaitJob() (JobFailedError for a failed job).
using AwaitEach = std::function<void(const std::vector<std::string>& jobids,
                                     const std::function<void(const Job&)>& on_final,
                                     const PollOptions& options)>;
std::future<Job> awaitOnItsOwnThread(const std::string& jobid, const PollOptions& options,
                                     AwaitEach await_each);

}  // namespace useapi::luma::detail
