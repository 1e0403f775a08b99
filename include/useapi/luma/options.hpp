#pragma once
/// \file
/// Settings of a Client and of its waits.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "useapi/luma/cancel_token.hpp"
#include "useapi/luma/export.hpp"
#include "useapi/luma/job.hpp"

namespace useapi::luma {

/// How failed HTTP calls are retried. Only calls that cannot create a second job are retried:
/// GET and DELETE on connection failures, timeouts, 429 and 5xx; a job-creating POST only on 429
/// and on failures to connect.
struct USEAPI_LUMA_EXPORT RetryPolicy {
  int max_attempts = 4;                            ///< Attempts in all, the first included.
  std::chrono::milliseconds initial_backoff{500};  ///< Pause before the first retry.
  std::chrono::milliseconds max_backoff{20000};    ///< Longest pause between attempts.
  double multiplier = 2.0;                         ///< Growth of the pause per attempt.
  double jitter = 0.2;                             ///< Random spread of each pause, as a fraction.
  /// Whether a job-creating POST answered 429 (every slot busy) is retried. A batch turns it off
  /// and schedules by the accounts' free slots instead.
  bool retry_capacity = true;
};

/// The severity of a log line.
enum class LogLevel { Debug, Info, Warn, Error };

/// Settings of a Client.
struct USEAPI_LUMA_EXPORT ClientOptions {
  std::string api_token;  ///< Empty: the environment variable USEAPI_TOKEN.
  std::string base_url;   ///< Empty: USEAPI_LUMA_BASE_URL, else "https://api.useapi.net/v1/luma".
  std::chrono::milliseconds connect_timeout{10000};  ///< Limit on establishing a connection.
  std::chrono::milliseconds request_timeout{60000};  ///< Limit on one API call (not downloads).
  /// A download that moves no byte for this long (whole seconds, at least 1) is cut.
  std::chrono::milliseconds stall_timeout{30000};
  /// True: a downloaded file is on disk (fsync) before it is renamed into place, so that even a
  /// power loss right after download() returns cannot leave an empty or partial file at `dest`.
  /// False: the rename still keeps partial files away from `dest` if the process dies, but the
  /// bytes may sit in the OS cache for a while, as with the curl program (faster when the disk
  /// is slower than the network).
  bool durable_downloads = true;
  RetryPolicy retry;       ///< Retries of failed calls.
  std::string user_agent;  ///< Appended to the library's own User-Agent.
  /// Receives a line per HTTP exchange (method, path, status, timing; never the token). It runs
  /// on the thread that ran the exchange (the I/O thread, or the caller's for a one-shot call),
  /// one line at a time: keep it quick. A blocking call of the Client from it throws Error.
  std::function<void(LogLevel, std::string_view)> logger;
  std::string ca_bundle;    ///< Empty: the system's CA store. Verification is never off.
  int max_connections = 8;  ///< Connections kept open per host.
  /// Zero: no limit. Otherwise requests of this client, all together (every poll of every wait,
  /// retries included), start at most this many per second, evenly spaced.
  double max_requests_per_second = 0;
  /// Empty: no journal. Otherwise an SQLite file where every created job id is written (and
  /// synced to disk) before generateImages/generateVideo returns it; the job stays listed by
  /// Client::unfinishedJobs() until it is seen final, and by Client::unacknowledgedJobs(),
  /// across restarts, until it is done (acknowledgeJob, downloadMedia, deleteJob, or the API's
  /// own "not found"). A text journal of earlier versions is converted
  /// once (the text kept as `<path>.v1`); any other file is refused and left unchanged. One Client
  /// per journal file at a time (it is locked).
  std::string journal_path;
  /// Empty: no webhooks. Set: every generate* call sends replyUrl = webhook_url + "/" + a secret
  /// of its own (unless the request sets its own reply_url), and a wait on such a job ends when
  /// its callback arrives (Client::deliverWebhook, or a WebhookReceiver), polling only as a
  /// safety net against a lost one. See docs/webhooks.md.
  std::string webhook_url;
  /// True: a callback is confirmed by one GET /jobs/{jobid} before a wait trusts it (callbacks
  /// are not signed). False: the callback's record is taken as is.
  bool confirm_webhooks = true;
};

/// How a wait spaces its polls of a job.
enum class PollSpacing {
  /// Learned while initial_interval, max_interval and multiplier keep their defaults; the
  /// given intervals as soon as any of them is set to another value.
  Automatic,
  /// From how long jobs of the kind take: the first poll at once, then none while completion is
  /// unlikely, dense polls around the expected end, sparse ones well past it; on average no more
  /// polls per job than a 10-second loop. The three interval fields are not used.
  Learned,
  /// Exactly the given intervals: initial_interval, growing by multiplier up to max_interval.
  Intervals,
};

/// How a wait polls its jobs.
struct USEAPI_LUMA_EXPORT PollOptions {
  std::chrono::milliseconds initial_interval{5000};  ///< Pause after the first poll.
  std::chrono::milliseconds max_interval{30000};     ///< Longest pause between polls of a job.
  double multiplier = 1.5;                           ///< Growth of the pause per poll.
  double jitter = 0.1;                               ///< Random spread of each pause.
  /// Zero, or milliseconds::max() (any span past what steady_clock can hold): no deadline.
  std::chrono::milliseconds timeout{std::chrono::minutes(30)};
  std::function<void(const Job&)>
      on_update;       ///< Each record whose status changed; waiter's thread.
  CancelToken cancel;  ///< A cancelled wait returns within 100 ms.
  /// How polls are spaced; by default learned, unless the intervals above are set.
  PollSpacing spacing = PollSpacing::Automatic;
};

}  // namespace useapi::luma
