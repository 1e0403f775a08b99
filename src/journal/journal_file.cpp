#include "journal/journal_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

constexpr std::string_view kSqliteMagic("SQLite format 3\0", 16);
constexpr std::size_t kHeaderBytes = 100;
constexpr std::size_t kUserVersionOffset = 60;
constexpr std::size_t kApplicationIdOffset = 68;

std::uint32_t bigEndianAt(const std::array<unsigned char, kHeaderBytes>& header,
                          std::size_t offset) {
  return (std::uint32_t{header[offset]} << 24) | (std::uint32_t{header[offset + 1]} << 16) |
         (std::uint32_t{header[offset + 2]} << 8) | std::uint32_t{header[offset + 3]};
}

// Reads up to `size` bytes at `offset`; returns how many, or -1.
ssize_t readAt(int fd, void* buffer, std::size_t size, off_t offset) {
  for (;;) {
    const ssize_t got = ::pread(fd, buffer, size, offset);
    if (got >= 0 || errno != EINTR) return got;
  }
}

void syncFolderOf(const std::filesystem::path& path) {
  const auto folder = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string journalSystemError(const std::string& what, const std::filesystem::path& path) {
  return "journal " + path.string() + ": " + what + ": " + std::strerror(errno);
}

int lockJournalFile(const std::filesystem::path& path, bool& created) {
  created = false;
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    created = fd >= 0;
  }
  if (fd < 0) throw Error(journalSystemError("cannot open", path));
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw Error("journal " + path.string() + " is not a regular file");
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const bool busy = errno == EWOULDBLOCK;
    const std::string message =
        busy ? "journal " + path.string() + " is in use by another client (one client per journal)"
             : journalSystemError("cannot lock", path);
    ::close(fd);
    throw Error(message);
  }
  return fd;
}

JournalFileKind journalFileKind(int fd, const std::filesystem::path& path) {
  std::array<unsigned char, kHeaderBytes> header{};
  const ssize_t got = readAt(fd, header.data(), header.size(), 0);
  if (got < 0) throw Error(journalSystemError("cannot read", path));
  if (got == 0) return JournalFileKind::Empty;
  const std::string_view start(reinterpret_cast<const char*>(header.data()),
                               static_cast<std::size_t>(got));
  if (start.substr(0, kSqliteMagic.size()) != kSqliteMagic) return JournalFileKind::Text;

  const std::string refused = "journal " + path.string() + " is an SQLite database ";
  const std::string untouched = "; it was left unchanged";
  if (static_cast<std::size_t>(got) < kHeaderBytes ||
      bigEndianAt(header, kApplicationIdOffset) != kJournalApplicationId) {
    throw Error(refused + "but not a job journal of useapi::luma" + untouched);
  }
  const std::uint32_t version = bigEndianAt(header, kUserVersionOffset);
  if (version > kJournalSchemaVersion) {
    throw Error(refused + "of schema version " + std::to_string(version) +
                ", written by a newer useapi::luma (this one reads version " +
                std::to_string(kJournalSchemaVersion) + ")" + untouched);
  }
  if (version < 1) throw Error(refused + "without a journal schema" + untouched);
  return JournalFileKind::Database;
}

std::string readJournalFile(int fd, const std::filesystem::path& path) {
  std::string content;
  char buffer[1 << 14];
  for (;;) {
    const ssize_t got = readAt(fd, buffer, sizeof buffer, static_cast<off_t>(content.size()));
    if (got < 0) throw Error(journalSystemError("cannot read", path));
    if (got == 0) return content;
    content.append(buffer, static_cast<std::size_t>(got));
  }
}

void removeDatabaseFiles(const std::filesystem::path& path) noexcept {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    ::unlink((path.string() + suffix).c_str());
  }
}

void keepBackup(const std::filesystem::path& original, const std::filesystem::path& backup) {
  ::unlink(backup.c_str());
  if (::link(original.c_str(), backup.c_str()) == 0) return;
  std::error_code error;
  std::filesystem::copy_file(original, backup, std::filesystem::copy_options::overwrite_existing,
                             error);
  if (error) {
    ::unlink(backup.c_str());
    throw Error("journal " + original.string() + ": cannot keep a copy as " + backup.string() +
                ": " + error.message());
  }
}

void replaceFile(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw Error(journalSystemError("cannot rename " + from.string() + " over it", to));
  }
  syncFolderOf(to);
}

}  // namespace useapi::luma::detail
