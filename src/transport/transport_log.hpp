#pragma once
// The transport's log lines: secrets redacted, one line at a time, and a mark on the thread while
// it is inside the user's logger (where a blocking call of the Client would never return).

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// Writes the transport's lines to the user's logger. Thread-safe.
class TransportLog {
 public:
  /// Writes to `logger`; none: writes nothing.
  explicit TransportLog(std::function<void(LogLevel, std::string_view)> logger)
      : logger_(std::move(logger)) {}

  /// Whether lines go anywhere: build one only when they do.
  bool enabled() const { return static_cast<bool>(logger_); }
  /// Passes `line`, its secrets redacted, to the logger.
  void write(LogLevel level, const std::string& line) const;
  /// Whether the calling thread is inside this log's logger.
  bool insideLogger() const;

 private:
  std::function<void(LogLevel, std::string_view)> logger_;
  mutable std::mutex mutex_;  // callers' threads and the I/O thread log
};

}  // namespace useapi::luma::detail
