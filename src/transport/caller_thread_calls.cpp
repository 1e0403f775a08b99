#include "transport/caller_thread_calls.hpp"

#include <utility>

#include "transport/attempt_outcome.hpp"
#include "transport/transfer.hpp"

namespace useapi::luma::detail {

CallerThreadCalls::CallerThreadCalls(const CurlOptions& options, RetrySchedule& schedule,
                                     std::size_t max_handles, std::size_t max_body_bytes)
    : options_(options),
      schedule_(schedule),
      max_body_bytes_(max_body_bytes),
      handles_(max_handles, max_handles) {}

std::optional<HttpOutcome> CallerThreadCalls::trySend(const HttpRequest& request) {
  std::optional<ConfiguredHandle> handle = handles_.acquire();
  if (!handle) return std::nullopt;
  RetryLoop loop(request, schedule_);
  const auto attempt = [&](int number) {
    Transfer transfer(request, handle->get(), max_body_bytes_);
    if (!options_.apply(*handle, request, transfer)) return outOfMemoryOutcome(number);
    const CURLcode code = curl_easy_perform(handle->get());
    HttpOutcome outcome = classifyAttempt(transfer, code, number);
    CurlOptions::detach(*handle);
    return outcome;
  };
  const auto pause = [this](Clock::time_point until) {
    std::unique_lock<std::mutex> lock(mutex_);
    schedule_.time().waitUntil(lock, wake_, until, [this] { return schedule_.closing(); });
  };
  HttpOutcome outcome = runRetryLoop(loop, attempt, pause);
  handles_.release(std::move(*handle));
  return outcome;
}

void CallerThreadCalls::wakeAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  wake_.notify_all();
}

}  // namespace useapi::luma::detail
