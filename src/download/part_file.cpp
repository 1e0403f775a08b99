#include "download/part_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPartTag = ".part-";

// The folder a file of `dest` is created in: "." for a bare file name.
fs::path folderOf(const fs::path& dest) {
  return dest.has_parent_path() ? dest.parent_path() : fs::path(".");
}

// ".<name>.part-": what every temporary file of `dest` is named from.
std::string partPrefix(const fs::path& dest) { return "." + dest.filename().string() + kPartTag; }

std::string randomDigits() {
  std::random_device random;
  return std::to_string(random()) + std::to_string(random());
}

// True when `fd` is open on the very file that `path` names now.
bool sameFile(int fd, const fs::path& path) {
  struct stat opened {};
  struct stat named {};
  return ::fstat(fd, &opened) == 0 && ::lstat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

// True when the file system holding `fd` has no block left for this process to write.
bool diskIsFull(int fd) {
  struct statvfs space {};
  if (::fstatvfs(fd, &space) != 0) return false;
  const auto available = ::geteuid() == 0 ? space.f_bfree : space.f_bavail;
  return space.f_blocks > 0 && available == 0;  // some virtual file systems report no blocks
}

// rename(), failing with EEXIST instead of replacing a file at `to`, even one created an instant
// before: by RENAME_NOREPLACE, else by a hard link, else (a file system with neither, such as
// FAT) by a look before the rename. Returns 0 or -1 with errno set.
int renameWithoutReplacing(const fs::path& from, const fs::path& to) {
#ifdef __linux__
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
#endif
  if (::link(from.c_str(), to.c_str()) == 0) {
    ::unlink(from.c_str());
    return 0;
  }
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EMLINK) return -1;
  std::error_code ignored;
  if (fs::symlink_status(to, ignored).type() != fs::file_type::not_found) {
    errno = EEXIST;
    return -1;
  }
  return std::rename(from.c_str(), to.c_str());
}

void closeKeepingErrno(int fd) {
  const int saved = errno;
  ::close(fd);
  errno = saved;
}

}  // namespace

std::string folderProblem(const fs::path& dest, const fs::path& folder, int error_number) {
  std::string problem;
  switch (error_number) {
    case ENOENT:
      problem = "the folder " + folder.string() + " does not exist";
      break;
    case ENOTDIR:
      problem = folder.string() + " is not a folder";
      break;
    case EACCES:
    case EPERM:
      problem = "no permission to write in the folder " + folder.string();
      break;
    case EROFS:
      problem = "the folder " + folder.string() + " is on a read-only file system";
      break;
    case ENOSPC:
    case EDQUOT:
      problem = "the disk holding " + folder.string() + " is full";
      break;
    default:
      problem = "could not create a file in " + folder.string();
      break;
  }
  return "cannot download to " + dest.string() + ": " + problem + " (" +
         std::strerror(error_number) + ")";
}

PartFile::PartFile(const fs::path& dest) {
  const fs::path folder = folderOf(dest);
  while (true) {
    path_ = folder / (partPrefix(dest) + randomDigits());
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) continue;  // another download drew the same digits
    if (fd < 0) throw Error(folderProblem(dest, folder, errno));
    // Between open and flock, removeOrphanedParts may have taken the unlocked file for a
    // leftover: once locked, it is ours only if the name still leads to it. Where flock is not
    // supported, the file goes on unlocked: no cleaner can lock it either, so none removes it.
    if (::flock(fd, LOCK_EX) == 0 && !sameFile(fd, path_)) {
      ::close(fd);
      continue;
    }
    lock_fd_ = fd;
    break;
  }
  if (diskIsFull(lock_fd_)) {
    ::unlink(path_.c_str());
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw Error(folderProblem(dest, folder, ENOSPC));
  }
}

PartFile::~PartFile() {
  if (!moved_) ::unlink(path_.c_str());  // while locked: no cleaner can mistake it
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::FILE* PartFile::openStream() const {
  const int fd = ::fcntl(lock_fd_, F_DUPFD_CLOEXEC, 0);
  std::FILE* stream = fd < 0 ? nullptr : ::fdopen(fd, "wb");
  if (stream == nullptr) {
    if (fd >= 0) closeKeepingErrno(fd);
    throw Error("could not open " + path_.string() + ": " + std::strerror(errno));
  }
  return stream;
}

void PartFile::moveTo(const fs::path& final_path, bool replace) {
  const int result = replace ? std::rename(path_.c_str(), final_path.c_str())
                             : renameWithoutReplacing(path_, final_path);
  if (result != 0 && errno == EEXIST) {
    throw Error(final_path.string() +
                " already exists and was left as it is; the download was not saved "
                "(DownloadOptions::overwrite replaces such a file)");
  }
  if (result != 0) {
    throw Error("could not move the download to " + final_path.string() + ": " +
                std::strerror(errno));
  }
  moved_ = true;
}

void removeOrphanedParts(const fs::path& dest) noexcept {
  try {
    const std::string prefix = partPrefix(dest);
    std::error_code error;
    fs::directory_iterator entries(folderOf(dest), error);
    if (error) return;
    for (const fs::directory_entry& entry : entries) {
      const std::string name = entry.path().filename().string();
      // ".<name>.part-" and digits only: ".<name>.part-x.part-1" belongs to another destination.
      if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
          !std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; })) {
        continue;
      }
      const int fd = ::open(entry.path().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) continue;
      struct stat status {};
      // A free lock: no live download holds it (the kernel drops a dead process's locks).
      if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) &&
          ::flock(fd, LOCK_EX | LOCK_NB) == 0 && sameFile(fd, entry.path())) {
        ::unlink(entry.path().c_str());
      }
      ::close(fd);
    }
  } catch (...) {  // out of memory listing the folder: the leftovers wait for the next run
  }
}

}  // namespace useapi::luma::detail
