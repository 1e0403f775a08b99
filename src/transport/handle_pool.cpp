#include "transport/handle_pool.hpp"

#include <utility>

namespace useapi::luma::detail {

std::optional<ConfiguredHandle> HandlePool::acquire() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!idle_.empty()) {
    ConfiguredHandle handle = std::move(idle_.back());
    idle_.pop_back();
    return handle;
  }
  if (handles_ >= max_handles_) return std::nullopt;
  ConfiguredHandle handle;
  if (!handle.valid()) return std::nullopt;
  ++handles_;
  return handle;
}

void HandlePool::release(ConfiguredHandle handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < max_idle_) {
    idle_.push_back(std::move(handle));
    return;
  }
  --handles_;  // freed as `handle` goes out of scope
}

void HandlePool::forget() {
  std::lock_guard<std::mutex> lock(mutex_);
  --handles_;
}

}  // namespace useapi::luma::detail
