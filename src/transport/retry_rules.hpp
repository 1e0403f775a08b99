#pragma once
// When an exchange may be sent again, and how long to pause first.

#include <chrono>
#include <optional>
#include <random>

#include "transport/http_types.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// The longest Retry-After the client honours.
inline constexpr std::chrono::seconds kMaxRetryAfter{60};

/// True when `outcome` of a request of `kind` may be retried: for idempotent requests any
/// transient failure, 429, 500, 502, 503, 504; for job-creating ones only 429 and failures that
/// surely sent nothing, since a resent POST can create (and bill) a second job.
bool isRetryable(RequestKind kind, const HttpOutcome& outcome) noexcept;

/// As above, under `policy`: without RetryPolicy::retry_capacity, a job-creating request's 429
/// is not retried (a batch schedules by free slots instead); other requests keep retrying 429.
bool isRetryable(RequestKind kind, const HttpOutcome& outcome, const RetryPolicy& policy) noexcept;

/// The pause before attempt number `next_attempt` (2 for the first retry): exponential backoff
/// with jitter, at least a server's Retry-After (capped at kMaxRetryAfter).
std::chrono::milliseconds backoffBefore(int next_attempt, const RetryPolicy& policy,
                                        std::optional<std::chrono::milliseconds> retry_after,
                                        std::mt19937_64& random);

/// A Retry-After header value (delay-seconds or an HTTP date) as a delay from now.
std::optional<std::chrono::milliseconds> parseRetryAfter(const std::string& value);

}  // namespace useapi::luma::detail
