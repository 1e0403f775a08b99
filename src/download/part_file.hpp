#pragma once
// The temporary file a download is written to beside its destination, and the clean-up of those
// that crashed runs left behind.

#include <cstdio>
#include <filesystem>

namespace useapi::luma::detail {

/// A temporary file ".<name>.part-<digits>" beside a download's destination `<folder>/<name>`,
/// created empty and locked with flock(LOCK_EX) for as long as this object lives, so that
/// removeOrphanedParts() of another download (in this process or another) never takes it.
/// Removed when destroyed unless moveTo() put it in place. Not thread-safe.
class PartFile {
 public:
  /// Creates the file beside `dest`. Throws Error saying what is wrong with the folder: it does
  /// not exist, is not a folder, may not be written to, is read-only, or its disk is full.
  explicit PartFile(const std::filesystem::path& dest);
  /// Removes the file (while still holding its lock) unless moveTo() succeeded.
  ~PartFile();
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  /// The file's path.
  const std::filesystem::path& path() const { return path_; }
  /// A stream writing the file from its start; the caller closes it (the lock outlives it).
  /// Throws Error when out of descriptors or memory.
  std::FILE* openStream() const;
  /// Renames the file to `final_path`, still locked. With `replace` false an existing file
  /// there is never replaced, even one created an instant before: Error naming it instead.
  /// Throws Error when the rename fails.
  void moveTo(const std::filesystem::path& final_path, bool replace);

 private:
  std::filesystem::path path_;
  int lock_fd_ = -1;  // holds the flock until the file is moved or removed
  bool moved_ = false;
};

/// Removes the ".<name>.part-<digits>" files beside `dest` that no live download holds (their
/// flock is free): what downloads to `dest` left when their process died. A file another
/// download is writing, or one named for another destination, is never touched. Never throws.
void removeOrphanedParts(const std::filesystem::path& dest) noexcept;

/// The error message for a file-system failure `error_number` while creating a file in `folder`
/// for the download to `dest`, saying in words what is wrong (the folder does not exist, ...).
std::string folderProblem(const std::filesystem::path& dest, const std::filesystem::path& folder,
                          int error_number);

}  // namespace useapi::luma::detail
