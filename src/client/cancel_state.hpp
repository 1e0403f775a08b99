#pragma once
// The shared flag behind CancelToken, and subscriptions that wake waiters when it is set.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "useapi/luma/cancel_token.hpp"

namespace useapi::luma::detail {

/// The state all copies of one CancelToken share.
struct CancelState {
  std::atomic<bool> cancelled{false};
  std::mutex mutex;  // guards callbacks and next_id
  std::map<std::uint64_t, std::function<void()>> callbacks;
  std::uint64_t next_id = 0;
};

/// Runs `on_cancel` (on the cancelling thread) when the token is cancelled, for as long as the
/// subscription lives, and at once (on the subscribing thread) when it already is: a cancel
/// that races with the subscription is never lost, though `on_cancel` may then run twice, so it
/// must be idempotent. No call happens after the destructor returns.
class CancelSubscription {
 public:
  CancelSubscription(const CancelToken& token, std::function<void()> on_cancel);
  ~CancelSubscription();
  CancelSubscription(const CancelSubscription&) = delete;
  CancelSubscription& operator=(const CancelSubscription&) = delete;

 private:
  std::shared_ptr<CancelState> state_;
  std::uint64_t id_ = 0;
};

}  // namespace useapi::luma::detail
