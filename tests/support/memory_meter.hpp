#pragma once
// Peak memory of one call, measured in a child process: its resident growth (VmHWM over VmRSS
// before, after /proc/self/clear_refs) and the peak of live operator new bytes. Linking
// memory_meter.cpp replaces the program's operator new and delete with counting ones, so a
// program links it at most once and only programs that measure should (the decode memory test
// and benchmark).

#include <cstddef>
#include <functional>

namespace useapi::luma::memory_meter {

/// What a measured call did.
struct Measure {
  bool ok = false;               ///< The child measured (clear_refs worked) and reported back.
  bool refused = false;          ///< The call threw a useapi::luma::Error.
  bool escaped = false;          ///< It threw something else.
  long growth_kib = 0;           ///< Peak resident growth.
  long long allocated_peak = 0;  ///< Peak live operator new bytes over those before the call.
  char message[200] = {};        ///< what() of the exception, if one was thrown.
};

/// Runs `call` in a forked child and measures it. Call it from a single-threaded process.
Measure measureInChild(const std::function<void()>& call);

/// From now on (in this process and children forked later), operator new fails for blocks over
/// `bytes` (0: no limit), to see how a failed allocation ends.
void failBlocksLargerThan(std::size_t bytes);

}  // namespace useapi::luma::memory_meter
