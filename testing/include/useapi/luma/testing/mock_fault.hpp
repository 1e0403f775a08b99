#pragma once
/// \file
/// Scripted misbehaviour of a testing::MockServer.

#include <cstdint>
#include <optional>
#include <string>

namespace useapi::luma::testing {

/// A scripted answer for the next requests of a route instead of the normal one, so that a test
/// can see how its code copes with errors, outages and slow or broken answers. A "JSON of the
/// wrong types" fault is simply status 200 with a body such as {"jobid":42,"status":["x"]}.
struct MockFault {
  /// "METHOD /path-prefix" below the API root, e.g. "POST /videos", "GET /jobs"; the full path
  /// for media, e.g. "GET /media/".
  std::string route;
  int status = 500;                                    ///< HTTP status to answer with.
  std::string body = R"({"error":"Injected fault"})";  ///< Body to answer with.
  std::string content_type = "application/json";       ///< Content-Type of `body`; not empty.
  std::optional<int> retry_after_seconds;              ///< Sends Retry-After when set.
  int times = 1;                                       ///< How many requests it answers.
  int stall_ms = 0;                                    ///< Waits this long before answering.
  /// The route acts first (e.g. creates the job), then the fault answers. With status 0 the
  /// route always acts and its own answer is kept (delayed by stall_ms, cut by
  /// truncate_after_bytes): "the job was created but the answer was lost".
  bool after_acting = false;
  /// Sends the full Content-Length but only this many body bytes, then closes the connection
  /// (a cut transfer; on a media route counted from where the request's Range starts).
  std::optional<std::uint64_t> truncate_after_bytes;
  /// Closes the connection with a TCP reset and no HTTP answer at all (status and body unused);
  /// with after_acting the route acts first, otherwise it never acts.
  bool reset = false;
  /// Sends the answer in small pieces at this rate (at least 1), Content-Length unchanged.
  std::optional<int> drip_bytes_per_second;
};

/// A scripted misdelivery of the next webhook callbacks (a job's replyUrl), so that a test can see
/// how its receiver copes. A callback that gets no answer (or a 5xx) is always retried 3 times,
/// 100 ms apart, as the API does.
struct MockCallbackFault {
  /// "delay": sent delay_ms late. "duplicate": sent twice, the copy delay_ms after.
  /// "reorder": the final record first, then a stale copy (status "processing") delay_ms after.
  /// "drop": never sent. "dead": the receiver counts as dead for the first dead_attempts
  /// attempts (4, the default, loses the callback).
  std::string kind = "drop";
  int times = 1;           ///< How many callbacks it affects.
  int delay_ms = 200;      ///< See kind.
  int dead_attempts = 4;   ///< See kind "dead".
  bool final_only = true;  ///< Affects only callbacks of final records (else any callback).
};

}  // namespace useapi::luma::testing
