#pragma once
// The journal of created jobs: a file that outlives the process, so no paid job is lost.

#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace useapi::luma::detail {

/// An append-only text file of job ids: "created <id>" once a job exists, "final <id>" once it
/// was seen completed, failed, deleted or gone. A "created" line is on disk (fsync) before the
/// call that created the job returns, so a crash at any later point loses no returned id.
///
/// The file is locked (flock) while a Journal has it open: one Client per journal at a time,
/// across processes too. On open, a journal with many finished entries is compacted (rewritten
/// through a temporary file and an atomic rename). Thread-safe.
class Journal {
 public:
  /// Opens or creates the journal at `path`. Throws Error when it cannot be opened, read or
  /// locked (another process uses it).
  explicit Journal(std::filesystem::path path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Records newly created jobs and flushes them to the disk. Throws Error if it cannot.
  void recordCreated(const std::vector<std::string>& jobids);
  /// Records that a job needs no more waiting, if the journal holds it open. Never throws: a
  /// lost "final" line only means the job is waited for once more after a restart.
  void recordFinal(const std::string& jobid) noexcept;
  /// The ids created and not yet final, in the order they were created.
  std::vector<std::string> unfinished() const;
  /// Where the journal is.
  const std::filesystem::path& path() const { return path_; }

 private:
  void load();
  void compact();
  void pruneOrder();
  void append(const std::string& lines, bool sync);

  const std::filesystem::path path_;
  int fd_ = -1;
  mutable std::mutex mutex_;        // guards open_ and the file's tail
  std::vector<std::string> order_;  // created ids, in order (finished ones pruned lazily)
  std::set<std::string> open_;      // ids created and not yet final
  std::size_t finished_lines_ = 0;  // "final" lines in the file
};

/// A job id as written in the journal: '%', control bytes and spaces percent-encoded, so that
/// an id the server sent can never break a line.
std::string journalEscape(const std::string& jobid);
/// The inverse of journalEscape.
std::string journalUnescape(const std::string& text);

}  // namespace useapi::luma::detail
