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
  state_->callbacks.emplace(id_, std::move(on_cancel));
}

CancelSubscription::~CancelSubscription() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->callbacks.erase(id_);
}

}  // namespace detail
}  // namespace useapi::luma
