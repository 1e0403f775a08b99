// Reads the process's peak resident size and thread count from /proc/self.

#include "process_stats.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace useapi::luma::bench {

std::int64_t peakResidentKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string key = "VmHWM:";
  while (std::getline(status, line)) {
    if (line.compare(0, key.size(), key) == 0) return std::stoll(line.substr(key.size()));
  }
  return 0;
}

int threadCount() {
  std::error_code error;
  int count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/task", error), end; !error && it != end;
       it.increment(error)) {
    ++count;
  }
  return count;
}

}  // namespace useapi::luma::bench
