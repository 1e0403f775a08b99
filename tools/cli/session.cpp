#include "session.hpp"

#include <chrono>

namespace useapi::luma::cli {

PollOptions Session::polling() const {
  PollOptions polling;
  if (options.poll_interval_ms > 0) {
    polling.initial_interval = std::chrono::milliseconds(options.poll_interval_ms);
    polling.max_interval = polling.initial_interval;
  } else {
    polling.initial_interval = std::chrono::seconds(2);
    polling.max_interval = std::chrono::seconds(15);
  }
  polling.multiplier = 1.5;
  if (options.timeout_seconds > 0) {
    polling.timeout =
        std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000.0));
  }
  polling.cancel = cancel;
  return polling;
}

}  // namespace useapi::luma::cli
