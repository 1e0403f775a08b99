#pragma once
/// \file
/// Cooperative cancellation of waits.

#include <memory>

#include "useapi/luma/export.hpp"

namespace useapi::luma {

namespace detail {
struct CancelState;
class CancelSubscription;
}  // namespace detail

/// A flag that cancels the waits it is passed to. Copies share one flag. Thread-safe.
class USEAPI_LUMA_EXPORT CancelToken {
 public:
  /// A token that is not cancelled.
  CancelToken();
  /// Cancels every wait using this token (or a copy); they return within 100 ms. Never throws.
  void cancel() noexcept;
  /// True once cancel() was called on this token or a copy.
  bool cancelled() const noexcept;

 private:
  friend class detail::CancelSubscription;
  std::shared_ptr<detail::CancelState> state_;
};

}  // namespace useapi::luma
