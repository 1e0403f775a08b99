#pragma once
// What the fuzz targets share: a failed property aborts the process, so that libFuzzer reports it
// as a crash and saves the input (assert() is compiled out of release builds; this never is).

#include <cstdio>
#include <cstdlib>

namespace useapi::luma::fuzz {

/// Aborts with `what` when `condition` is false.
inline void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace useapi::luma::fuzz
