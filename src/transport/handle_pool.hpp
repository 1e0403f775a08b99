#pragma once
// Easy handles kept between transfers, so that each keeps its configured options (and, through
// the connection cache, its connection) for the next request.

#include <cstddef>
#include <limits>
#include <mutex>
#include <optional>
#include <vector>

#include "transport/curl_options.hpp"

namespace useapi::luma::detail {

/// A pool of configured easy handles. Thread-safe.
class HandlePool {
 public:
  /// Hands out at most `max_handles` handles at once (idle ones included), and keeps at most
  /// `max_idle` of those given back.
  HandlePool(std::size_t max_handles, std::size_t max_idle)
      : max_handles_(max_handles), max_idle_(max_idle) {}

  /// An idle handle, the last given back first, or a new one; nothing when `max_handles` are
  /// out or when out of memory.
  std::optional<ConfiguredHandle> acquire();
  /// Takes `handle` back, or frees it when `max_idle` are kept already.
  void release(ConfiguredHandle handle);
  /// A handle that was acquired is gone (freed by its holder).
  void forget();

  /// No limit on the handles out at once.
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

 private:
  std::mutex mutex_;
  std::vector<ConfiguredHandle> idle_;
  std::size_t handles_ = 0;  // out and idle
  std::size_t max_handles_;
  std::size_t max_idle_;
};

}  // namespace useapi::luma::detail
