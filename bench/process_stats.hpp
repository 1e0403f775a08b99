#pragma once
// The benchmark process's own figures, read from /proc/self: peak resident size and threads.

#include <cstdint>

namespace useapi::luma::bench {

/// The process's peak resident set size in KiB (VmHWM of /proc/self/status); 0 if unreadable.
std::int64_t peakResidentKib();

/// The process's threads right now (entries of /proc/self/task), the calling thread included.
int threadCount();

}  // namespace useapi::luma::bench
