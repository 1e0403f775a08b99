// The counting operator new behind memory_meter.hpp, and the child-process measurement. Written
// here rather than taken from a library: the figure wanted is the live bytes of this process's
// own allocations, which only a replacement operator new sees (malloc hooks are gone from glibc).

#include "support/memory_meter.hpp"

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <new>
#include <string>

#include "useapi/luma/errors.hpp"

namespace {
std::atomic<long long> g_live_bytes{0};
std::atomic<long long> g_peak_bytes{0};
std::atomic<std::size_t> g_largest_block{0};  // 0: no limit

void* counted(std::size_t size) {
  const std::size_t largest = g_largest_block.load();
  if (largest != 0 && size > largest) return nullptr;
  void* block = std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) return nullptr;
  const long long live = g_live_bytes += static_cast<long long>(malloc_usable_size(block));
  long long peak = g_peak_bytes.load();
  while (live > peak && !g_peak_bytes.compare_exchange_weak(peak, live)) {
  }
  return block;
}

void uncounted(void* block) {
  if (block == nullptr) return;
  g_live_bytes -= static_cast<long long>(malloc_usable_size(block));
  std::free(block);
}

// A line of /proc/self/status in KiB ("VmRSS:", "VmHWM:").
long statusKib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  }
  return -1;
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* block = counted(size)) return block;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void operator delete(void* block) noexcept { uncounted(block); }
void operator delete[](void* block) noexcept { uncounted(block); }
void operator delete(void* block, std::size_t) noexcept { uncounted(block); }
void operator delete[](void* block, std::size_t) noexcept { uncounted(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { uncounted(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { uncounted(block); }

namespace useapi::luma::memory_meter {

Measure measureInChild(const std::function<void()>& call) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    Measure out;
    ::malloc_trim(0);  // free pages the parent left in the heap must not hide new ones
    std::FILE* clear = std::fopen("/proc/self/clear_refs", "w");
    out.ok = clear != nullptr && std::fputs("5", clear) >= 0;
    if (clear != nullptr) std::fclose(clear);
    const long before = statusKib("VmRSS:");
    const long long live_before = g_live_bytes.load();
    g_peak_bytes = live_before;
    try {
      call();
    } catch (const Error& error) {
      out.refused = true;
      std::snprintf(out.message, sizeof out.message, "%s", error.what());
    } catch (const std::exception& error) {
      out.escaped = true;
      std::snprintf(out.message, sizeof out.message, "%s", error.what());
    }
    out.growth_kib = statusKib("VmHWM:") - before;
    out.allocated_peak = g_peak_bytes.load() - live_before;
    const ssize_t written = ::write(fds[1], &out, sizeof out);
    ::_exit(written == sizeof out ? 0 : 1);
  }
  ::close(fds[1]);
  Measure result;
  const ssize_t got = ::read(fds[0], &result, sizeof result);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (got != sizeof result) return {};
  return result;
}

void failBlocksLargerThan(std::size_t bytes) { g_largest_block = bytes; }

}  // namespace useapi::luma::memory_meter
