#pragma once
// The journal of created jobs: an SQLite file that outlives the process, so no paid job is lost.

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "journal/journal_v1.hpp"
#include "useapi/luma/job.hpp"

namespace useapi::luma::detail {

class SqliteDatabase;
class SqliteStatement;

/// Why the application needs to do nothing more about a job.
enum class JobDone {
  Acknowledged,  ///< Client::acknowledgeJob: the application says it is done with it.
  MediaSaved,    ///< downloadMedia saved every file of the completed job.
  Deleted,       ///< deleteJob removed it.
  Gone,          ///< The API answered that it does not know the job (its own 404).
};

/// The store of the jobs a Client created, one row per job in the table `jobs`, whose `state`
/// goes "created" -> "final" (seen completed or failed) -> "done" (JobDone). A created job is
/// on disk (WAL, synchronous=FULL) before recordCreated returns, so a crash at any later point
/// loses no returned id; a failed write (a full disk) leaves what is recorded intact.
///
/// The file is an SQLite database (application_id "LJRN", user_version 1) kept in WAL mode with
/// an exclusive lock, plus a flock: one Client per journal at a time, across processes too. A
/// file that is neither such a database nor a text journal of the first format is refused and
/// never changed; a text journal is migrated once (see the constructor). Thread-safe.
class Journal {
 public:
  /// Opens or creates the journal at `path`. A text journal is converted: the database is built
  /// beside it (`<path>.migrating`), the text is kept as `<path>.v1`, and the database is renamed
  /// over `<path>`, so a crash at any point leaves either the whole text or the whole database
  /// at `<path>`. When the conversion cannot be written (a full disk), the text journal is read
  /// only: unfinished() works, recording throws. Throws Error when the file is not a journal,
  /// cannot be opened or created, or is locked by another process.
  explicit Journal(std::filesystem::path path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Throws Error when no job could be recorded now (a text journal not yet converted, and
  /// converting it still fails), so that a caller can stop before creating a job.
  void requireWritable();
  /// Records newly created jobs in one durable transaction. Throws Error (recording none of
  /// them) when it cannot.
  void recordCreated(const std::vector<std::string>& jobids);
  /// Records that a created job was seen final with `status`. Never throws: a lost mark only
  /// means the job is polled once more after a restart.
  void recordFinal(const std::string& jobid, JobStatus status) noexcept;
  /// Records that nothing more is to be done about a job; nothing for a job the journal does not
  /// hold. Throws Error when it cannot be written.
  void recordDone(const std::string& jobid, JobDone why);
  /// The ids created and not yet seen final (nor done), in the order they were created.
  std::vector<std::string> unfinished() const;
  /// The ids created and not yet done (final ones included), in the order they were created.
  std::vector<std::string> unacknowledged() const;
  /// Where the journal is.
  const std::filesystem::path& path() const { return path_; }

 private:
  /// The jobids `select` gives, in order; `mutex_` held.
  static std::vector<std::string> selectJobids(SqliteStatement& select);
  struct Statements;

  void openStore();
  void closeStore() noexcept;
  void relock();
  bool convert(const std::vector<TextJournalJob>& jobs, bool from_text);
  std::string described(const std::string& what) const;

  const std::filesystem::path path_;
  mutable std::mutex mutex_;
  int lock_fd_ = -1;  // flock of the file at path_; closed after the database
  std::unique_ptr<SqliteDatabase> db_;
  std::unique_ptr<Statements> statements_;
  // Set while the file is a text journal that could not be converted: its open jobs, and why.
  std::optional<std::vector<std::string>> text_only_;
  std::string conversion_failure_;
};

}  // namespace useapi::luma::detail
