#pragma once
// A batch's state file: one SQLite row per item, written durably before each POST and after each
// answer, readable by other processes while the batch runs.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/batch.hpp"

namespace useapi::luma::detail {

class SqliteDatabase;

/// The state file's SQLite application_id: "LBAT".
inline constexpr std::uint32_t kBatchApplicationId = 0x4C424154;
/// The version of the state file's schema (PRAGMA user_version).
inline constexpr std::uint32_t kBatchSchemaVersion = 1;

/// One item as the state file holds it.
struct StoredItem {
  BatchItemResult result;                          ///< Its state, account, jobs, files, times.
  std::string request;                             ///< The wire body (canonical JSON) of the item.
  std::optional<std::int64_t> attempt_started_ms;  ///< Unix ms when its last POST started.
};

/// The state named `name`; nullopt for a name it does not know.
std::optional<BatchItemState> stateFromName(const std::string& name);

/// The state file of a running batch, locked by this process (an flock on "<file>.lock" beside
/// it, a file SQLite never opens): a second runner on the
/// same file is refused, readers are not. Not thread-safe: one thread writes.
class BatchStore {
 public:
  /// Opens (creating when missing) and locks the state file at `path`. Throws Error, leaving
  /// the file untouched, when it is not a batch state file or another batch holds it.
  explicit BatchStore(const std::filesystem::path& path);
  ~BatchStore();
  BatchStore(const BatchStore&) = delete;
  BatchStore& operator=(const BatchStore&) = delete;

  /// The rows of the file in order; empty for a new file.
  std::vector<StoredItem> load();
  /// Writes every row of a new batch at once (one transaction, synced).
  void create(const std::vector<StoredItem>& items);
  /// Writes the row at `position` (0-based). A row in Submitting or Running (written before a
  /// POST, and with the ids of the jobs it created) is synced to the disk before this returns;
  /// the others survive a crash of the process, and a rerun redoes them after a power loss.
  void save(std::size_t position, const StoredItem& item);
  /// Starts a group: the rows saved until commitGroup() go to the file in one transaction,
  /// synced to the disk once at its commit (the first save opens it). Nothing written in a
  /// group is visible to a reader, or survives a crash, before commitGroup() returns.
  void beginGroup();
  /// Commits the group's rows (one sync for all of them) and ends the group.
  void commitGroup();
  /// Drops the group's uncommitted rows (after a failure) and ends the group.
  void abandonGroup() noexcept;
  /// Records why the API stopped the batch (empty: it did not) and whether it was interrupted.
  void saveRunOutcome(const std::string& stopped_by, bool interrupted);

 private:
  std::filesystem::path path_;
  int lock_fd_ = -1;
  bool synced_ = true;              // PRAGMA synchronous is FULL
  bool grouping_ = false;           // between beginGroup and commitGroup
  bool group_transaction_ = false;  // the group's transaction is open
  std::unique_ptr<SqliteDatabase> db_;
};

/// The whole report a state file holds, read without taking its lock (see readBatchState).
BatchReport readStateFile(const std::filesystem::path& path);

}  // namespace useapi::luma::detail
