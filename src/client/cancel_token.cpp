#include "useapi/luma/cancel_token.hpp"

#include "client/cancel_state.hpp"

namespace useapi::luma {

CancelToken::CancelToken() : state_(std::make_shared<detail::CancelState>()) {}

void CancelToken::cancel() noexcept {
  state_->cancelled.store(true);
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (auto& [id, callback] : state_->callbacks) callback();
}

bool CancelToken::cancelled() const noexcept { return state_->cancelled.load(); }

namespace detail {

CancelSubscription::CancelSubscription(const CancelToken& token, std::function<void()> on_cancel)
    : state_(token.state_) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  id_ = state_->next_id++;
  const auto& callback = state_->callbacks.emplace(id_, std::move(on_cancel)).first->second;
  // cancel() sets the flag before it takes the lock: seen set here, its round of callbacks may
  // have run before this one was in the map, so run it now (at worst a second time); not set,
  // that round is still to come and will run it.
  if (state_->cancelled.load()) callback();
}

CancelSubscription::~CancelSubscription() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->callbacks.erase(id_);
}

}  // namespace detail
}  // namespace useapi::luma
