#include "transport/retry_rules.hpp"

#include <curl/curl.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>

#include "transport/clock_math.hpp"

namespace useapi::luma::detail {

bool isRetryable(RequestKind kind, const HttpOutcome& outcome) noexcept {
  if (outcome.failure) {
    const TransportFailure& failure = *outcome.failure;
    switch (failure.kind) {
      case FailureKind::Tls:
      case FailureKind::BodyTooLarge:
      case FailureKind::Sink:
      case FailureKind::Shutdown:
      case FailureKind::Stopped:
        return false;
      case FailureKind::Connect:
      case FailureKind::Timeout:
      case FailureKind::Network:
        return kind == RequestKind::Idempotent || !failure.request_sent;
    }
    return false;
  }
  if (!outcome.response) return false;
  const int status = outcome.response->status;
  if (status == 429) return true;
  const bool transient_server_error =
      status == 500 || status == 502 || status == 503 || status == 504;
  return transient_server_error && kind == RequestKind::Idempotent;
}

bool isRetryable(RequestKind kind, const HttpOutcome& outcome, const RetryPolicy& policy) noexcept {
  const bool capacity = !outcome.failure && outcome.response && outcome.response->status == 429;
  if (capacity && kind == RequestKind::CreatesResource && !policy.retry_capacity) return false;
  return isRetryable(kind, outcome);
}

std::chrono::milliseconds backoffBefore(int next_attempt, const RetryPolicy& policy,
                                        std::optional<std::chrono::milliseconds> retry_after,
                                        std::mt19937_64& random) {
  const double growth = std::pow(std::max(policy.multiplier, 1.0), std::max(next_attempt - 2, 0));
  double pause = static_cast<double>(policy.initial_backoff.count()) * growth;
  pause = std::min(pause, static_cast<double>(policy.max_backoff.count()));
  const double spread = std::clamp(policy.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> jitter(1.0 - spread, 1.0 + spread);
  pause = std::max(0.0, pause * jitter(random));
  auto delay = saturatingMilliseconds(pause);  // a policy of milliseconds::max() never wraps
  if (retry_after) {
    const auto capped = std::min<std::chrono::milliseconds>(*retry_after, kMaxRetryAfter);
    delay = std::max(delay, capped);
  }
  return delay;
}

std::optional<std::chrono::milliseconds> parseRetryAfter(const std::string& value) {
  std::string text = value;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (text.size() > 9) return kMaxRetryAfter;
    return std::chrono::seconds(std::stol(text));
  }
  const std::time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  const std::time_t now = std::time(nullptr);
  return std::chrono::seconds(std::max<std::time_t>(0, when - now));
}

}  // namespace useapi::luma::detail
