#include "client/journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

constexpr std::string_view kCreated = "created ";
constexpr std::string_view kFinal = "final ";
// Compaction on open once the file holds this many finished entries, and more than open ones.
constexpr std::size_t kCompactAfter = 256;

std::string systemError(const std::string& what, const std::filesystem::path& path) {
  return "journal " + path.string() + ": " + what + ": " + std::strerror(errno);
}

// Writes all of `data` to `fd`; false on an error other than EINTR.
bool writeAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

bool readAll(int fd, std::string& out) {
  char buffer[1 << 14];
  for (;;) {
    const ssize_t got = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(out.size()));
    if (got < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (got == 0) return true;
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

// Opens `path` for appending and takes its exclusive lock; throws Error if either fails.
int openLocked(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) throw Error(systemError("cannot open", path));
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw Error("journal " + path.string() + " is not a regular file");
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const bool busy = errno == EWOULDBLOCK;
    std::string message =
        busy ? "journal " + path.string() + " is in use by another client (one client per journal)"
             : systemError("cannot lock", path);
    ::close(fd);
    throw Error(message);
  }
  return fd;
}

void syncDirectoryOf(const std::filesystem::path& path) {
  const auto directory =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string journalEscape(const std::string& jobid) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  text.reserve(jobid.size());
  for (const char c : jobid) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || byte == '%') {
      text += '%';
      text += kHex[byte >> 4];
      text += kHex[byte & 0xf];
    } else {
      text += c;
    }
  }
  return text;
}

std::string journalUnescape(const std::string& text) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string jobid;
  jobid.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      jobid += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      jobid += text[i];
    }
  }
  return jobid;
}

Journal::Journal(std::filesystem::path path) : path_(std::move(path)), fd_(openLocked(path_)) {
  try {
    load();
    if (finished_lines_ >= kCompactAfter && finished_lines_ > open_.size()) compact();
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

Journal::~Journal() { ::close(fd_); }

void Journal::load() {
  std::string content;
  if (!readAll(fd_, content)) throw Error(systemError("cannot read", path_));
  // A last line without its newline was being written when a process stopped: its job was
  // never returned to anyone (the call returns only after the whole line is on disk). Drop it,
  // so the next line starts clean.
  const std::size_t complete =
      content.rfind('\n') == std::string::npos ? 0 : content.rfind('\n') + 1;
  if (complete < content.size()) {
    if (::ftruncate(fd_, static_cast<off_t>(complete)) != 0) {
      throw Error(systemError("cannot drop a torn last line", path_));
    }
    content.resize(complete);
  }
  std::size_t start = 0;
  while (start < content.size()) {
    const std::size_t end = content.find('\n', start);
    const std::string_view line(content.data() + start, end - start);
    start = end + 1;
    if (line.substr(0, kCreated.size()) == kCreated) {
      const std::string jobid = journalUnescape(std::string(line.substr(kCreated.size())));
      if (open_.insert(jobid).second) order_.push_back(jobid);
    } else if (line.substr(0, kFinal.size()) == kFinal) {
      open_.erase(journalUnescape(std::string(line.substr(kFinal.size()))));
      ++finished_lines_;
    }
    // Other lines (none are written today) are ignored, so later versions can add kinds.
  }
  pruneOrder();
}

void Journal::pruneOrder() {
  order_.erase(std::remove_if(order_.begin(), order_.end(),
                              [this](const std::string& jobid) { return open_.count(jobid) == 0; }),
               order_.end());
}

void Journal::compact() {
  std::string lines;
  for (const auto& jobid : order_) lines.append(kCreated).append(journalEscape(jobid)) += '\n';
  const std::filesystem::path temporary = path_.string() + ".compacting";
  std::filesystem::remove(temporary);
  const int fd = openLocked(temporary);
  if (!writeAll(fd, lines) || ::fsync(fd) != 0 || ::rename(temporary.c_str(), path_.c_str()) != 0) {
    const std::string message = systemError("cannot compact", path_);
    ::close(fd);
    std::filesystem::remove(temporary);
    throw Error(message);
  }
  syncDirectoryOf(path_);
  ::close(fd_);  // releases the old file's lock; the new file is already locked
  fd_ = fd;
  finished_lines_ = 0;
}

void Journal::append(const std::string& lines, bool sync) {
  if (!writeAll(fd_, lines)) throw Error(systemError("cannot write", path_));
  if (sync && ::fdatasync(fd_) != 0) throw Error(systemError("cannot flush to disk", path_));
}

void Journal::recordCreated(const std::vector<std::string>& jobids) {
  std::string lines;
  for (const auto& jobid : jobids) lines.append(kCreated).append(journalEscape(jobid)) += '\n';
  std::lock_guard<std::mutex> lock(mutex_);
  append(lines, /*sync=*/true);
  for (const auto& jobid : jobids) {
    if (open_.insert(jobid).second) order_.push_back(jobid);
  }
}

void Journal::recordFinal(const std::string& jobid) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mutex_);
    if (open_.count(jobid) == 0) return;
    append(std::string(kFinal) + journalEscape(jobid) + '\n', /*sync=*/false);
    open_.erase(jobid);
    ++finished_lines_;
    if (order_.size() > 2 * open_.size() + 64) pruneOrder();
  } catch (...) {
    // Kept open: the job is waited for once more after a restart, which is harmless.
  }
}

std::vector<std::string> Journal::unfinished() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> jobids;
  for (const auto& jobid : order_) {
    if (open_.count(jobid) != 0) jobids.push_back(jobid);
  }
  return jobids;
}

}  // namespace useapi::luma::detail
