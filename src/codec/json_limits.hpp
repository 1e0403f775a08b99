#pragma once
// The bounds every JSON answer is read within (see json_document.hpp).

#include <cstddef>

namespace useapi::luma::detail {

/// Deepest nesting of arrays and objects accepted in any answer.
inline constexpr int kMaxJsonDepth = 64;

/// Most running jobs a GET /jobs answer may list (4 at once on each of 1000 accounts): a longer
/// list is refused rather than decoded without bound.
inline constexpr std::size_t kMaxListedJobs = 4000;

/// Most accounts a GET /accounts answer may list.
inline constexpr std::size_t kMaxListedAccounts = 1000;

}  // namespace useapi::luma::detail
