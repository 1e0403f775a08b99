#pragma once
// What a running luma-mock reports about itself (GET /__mock/stats), read with plain libcurl.

#include <cstdint>
#include <string>

namespace useapi::luma::bench {

/// The mock's own statistics.
struct MockStats {
  std::int64_t requests = 0;           ///< API requests it recorded (it stops counting at 100,000).
  std::int64_t jobs_created = 0;       ///< Generation requests that created jobs.
  std::int64_t capacity_refusals = 0;  ///< Generation requests answered 429 (accounts full).
};

/// The mock whose API root is `base_url` (e.g. "http://127.0.0.1:8080/v1/luma") reports its
/// statistics. Throws std::runtime_error when it cannot be asked.
MockStats readMockStats(const std::string& base_url);

/// The origin ("scheme://host:port") of an API base URL.
std::string originOf(const std::string& base_url);

}  // namespace useapi::luma::bench
