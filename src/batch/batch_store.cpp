#include "batch/batch_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>

#include "journal/sqlite_database.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

constexpr const char* kSchema = R"sql(
  CREATE TABLE items (
    position INTEGER PRIMARY KEY,   -- the item's place in the batch, from 0
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,             -- 'image' or 'video'
    request TEXT NOT NULL,          -- the wire body, canonical JSON
    state TEXT NOT NULL,            -- 'queued', 'submitting', 'running', 'saving', 'completed',
                                    -- 'failed', 'rejected', 'uncertain'
    account TEXT,
    jobids TEXT NOT NULL DEFAULT '[]',  -- JSON array
    batch_jobid TEXT,
    files TEXT NOT NULL DEFAULT '[]',   -- JSON array of paths
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    attempt_started_ms INTEGER,     -- Unix ms, as are the other *_ms
    submitted_ms INTEGER,
    finished_ms INTEGER,
    saved_ms INTEGER
  );
  CREATE TABLE run (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

constexpr const char* kColumns =
    "position, id, type, request, state, account, jobids, batch_jobid, files, error, attempts, "
    "attempt_started_ms, submitted_ms, finished_ms, saved_ms";

std::string systemError(const std::filesystem::path& path, const std::string& what) {
  return "batch state file " + path.string() + ": " + what + ": " + std::strerror(errno);
}

// Throws, saying the file was left unchanged, unless `db` is a batch state file of this schema.
void checkHeader(SqliteDatabase& db, const std::filesystem::path& path) {
  const std::string what = "batch state file " + path.string();
  const std::string untouched = "; it was left unchanged";
  std::int64_t application_id = 0;
  std::int64_t version = 0;
  try {
    application_id = db.integer("PRAGMA application_id", "cannot read");
    version = db.integer("PRAGMA user_version", "cannot read");
  } catch (const SqliteError&) {
    throw Error(what + " is not a batch state file of useapi::luma" + untouched);
  }
  if (application_id != kBatchApplicationId) {
    throw Error(what + " is not a batch state file of useapi::luma" + untouched);
  }
  if (version != kBatchSchemaVersion) {
    throw Error(what + " has schema version " + std::to_string(version) + " (this library reads " +
                std::to_string(kBatchSchemaVersion) + ")" + untouched);
  }
}

void bindOptional(SqliteStatement& statement, int index, const std::optional<std::int64_t>& value) {
  if (value) statement.bind(index, *value);  // unbound parameters are NULL
}

void bindText(SqliteStatement& statement, int index, const std::string& value) {
  if (!value.empty()) statement.bind(index, value);
}

std::optional<std::int64_t> optionalInteger(const SqliteStatement& statement, int index) {
  const std::string text = statement.column(index);
  if (text.empty()) return std::nullopt;
  return std::stoll(text);
}

template <class T>
std::string jsonArray(const std::vector<T>& values) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& value : values) {
    if constexpr (std::is_same_v<T, std::filesystem::path>) {
      array.push_back(value.string());
    } else {
      array.push_back(value);
    }
  }
  return array.dump();
}

std::vector<std::string> stringsOf(const std::string& text) {
  std::vector<std::string> values;
  const auto array = nlohmann::json::parse(text, nullptr, false);
  if (!array.is_array()) return values;
  for (const auto& value : array) {
    if (value.is_string()) values.push_back(value.get<std::string>());
  }
  return values;
}

StoredItem rowOf(const SqliteStatement& statement) {
  StoredItem item;
  BatchItemResult& result = item.result;
  result.id = statement.column(1);
  result.type = statement.column(2);
  item.request = statement.column(3);
  result.state = stateFromName(statement.column(4)).value_or(BatchItemState::Queued);
  result.account = statement.column(5);
  result.jobids = stringsOf(statement.column(6));
  result.batch_jobid = statement.column(7);
  for (auto& file : stringsOf(statement.column(8))) result.files.emplace_back(std::move(file));
  result.error = statement.column(9);
  result.attempts = static_cast<int>(optionalInteger(statement, 10).value_or(0));
  item.attempt_started_ms = optionalInteger(statement, 11);
  result.submitted_ms = optionalInteger(statement, 12);
  result.finished_ms = optionalInteger(statement, 13);
  result.saved_ms = optionalInteger(statement, 14);
  return item;
}

std::vector<StoredItem> loadRows(SqliteDatabase& db) {
  std::vector<StoredItem> items;
  SqliteStatement select(
      db, (std::string("SELECT ") + kColumns + " FROM items ORDER BY position").c_str());
  while (select.step("cannot read the items")) items.push_back(rowOf(select));
  return items;
}

void writeRow(SqliteDatabase& db, std::size_t position, const StoredItem& item) {
  SqliteStatement upsert(db, (std::string("INSERT OR REPLACE INTO items (") + kColumns +
                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                              "?14, ?15)")
                                 .c_str());
  const BatchItemResult& result = item.result;
  upsert.bind(1, static_cast<std::int64_t>(position));
  upsert.bind(2, result.id);
  upsert.bind(3, result.type);
  upsert.bind(4, item.request);
  upsert.bind(5, toString(result.state));
  bindText(upsert, 6, result.account);
  upsert.bind(7, jsonArray(result.jobids));
  bindText(upsert, 8, result.batch_jobid);
  upsert.bind(9, jsonArray(result.files));
  bindText(upsert, 10, result.error);
  upsert.bind(11, static_cast<std::int64_t>(result.attempts));
  bindOptional(upsert, 12, item.attempt_started_ms);
  bindOptional(upsert, 13, result.submitted_ms);
  bindOptional(upsert, 14, result.finished_ms);
  bindOptional(upsert, 15, result.saved_ms);
  upsert.step("cannot write an item");
}

}  // namespace

std::optional<BatchItemState> stateFromName(const std::string& name) {
  for (auto state : {BatchItemState::Queued, BatchItemState::Submitting, BatchItemState::Running,
                     BatchItemState::Saving, BatchItemState::Completed, BatchItemState::Failed,
                     BatchItemState::Rejected, BatchItemState::Uncertain}) {
    if (toString(state) == name) return state;
  }
  return std::nullopt;
}

BatchStore::BatchStore(const std::filesystem::path& path) : path_(path) {
  // The lock is a file of its own beside the state: SQLite never opens it, so closing it never
  // drops a lock SQLite holds on the state file (POSIX locks go with any descriptor's close).
  const std::string lock_path = path.string() + ".lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) throw Error(systemError(lock_path, "cannot open its lock file"));
  try {
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        throw Error("batch state file " + path.string() +
                    " is in use by another batch run (one run per state file)");
      }
      throw Error(systemError(path, "cannot lock"));
    }
    std::error_code error;
    const bool exists = std::filesystem::exists(path, error);
    if (exists && !std::filesystem::is_regular_file(path, error)) {
      throw Error("batch state file " + path.string() + " is not a regular file");
    }
    const bool empty = !exists || std::filesystem::file_size(path, error) == 0;
    db_ = std::make_unique<SqliteDatabase>(
        path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        "batch state file " + path.string());
    db_->exec("PRAGMA busy_timeout = 5000;", "cannot configure");
    if (!empty) checkHeader(*db_, path);
    db_->exec("PRAGMA synchronous = FULL;", "cannot configure");
    if (empty) {
      // The header (application_id, user_version) goes to the main file in one rollback-journal
      // transaction before WAL is on, so that the file says what it is even right after a crash.
      db_->exec(("BEGIN; PRAGMA application_id = " + std::to_string(kBatchApplicationId) +
                 "; PRAGMA user_version = " + std::to_string(kBatchSchemaVersion) + ";" + kSchema +
                 "COMMIT;")
                    .c_str(),
                "cannot create");
    }
    if (db_->text("PRAGMA journal_mode = WAL", "cannot configure") != "wal") {
      throw Error("batch state file " + path.string() + ": cannot use write-ahead logging");
    }
  } catch (...) {
    db_.reset();
    ::close(lock_fd_);
    throw;
  }
}

BatchStore::~BatchStore() {
  db_.reset();  // SQLite's own locks go before the descriptor whose close would drop them
  ::close(lock_fd_);
}

std::vector<StoredItem> BatchStore::load() { return loadRows(*db_); }

void BatchStore::create(const std::vector<StoredItem>& items) {
  db_->exec("BEGIN IMMEDIATE", "cannot write");
  try {
    for (std::size_t i = 0; i < items.size(); ++i) writeRow(*db_, i, items[i]);
    db_->exec("COMMIT", "cannot write");
  } catch (...) {
    if (db_->inTransaction()) sqlite3_exec(db_->get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void BatchStore::save(std::size_t position, const StoredItem& item) {
  // A paid job depends on two writes: the one before its POST (Submitting) and the one holding
  // its ids (Running). Those are on the disk before save() returns; the others survive a crash
  // of the process (WAL) and, after a power loss, are redone by a rerun from the job ids.
  if (grouping_) {
    if (!group_transaction_) {
      // One sync at the group's commit covers every row in it, durable or not.
      if (!synced_) db_->exec("PRAGMA synchronous = FULL", "cannot configure");
      synced_ = true;
      db_->exec("BEGIN IMMEDIATE", "cannot write");
      group_transaction_ = true;
    }
    writeRow(*db_, position, item);
    return;
  }
  const auto state = item.result.state;
  const bool durable = state == BatchItemState::Submitting || state == BatchItemState::Running;
  if (durable != synced_) {
    db_->exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
              "cannot configure");
    synced_ = durable;
  }
  writeRow(*db_, position, item);
}

void BatchStore::beginGroup() { grouping_ = true; }

void BatchStore::commitGroup() {
  grouping_ = false;
  if (!group_transaction_) return;
  group_transaction_ = false;
  try {
    db_->exec("COMMIT", "cannot write");
  } catch (...) {
    if (db_->inTransaction()) sqlite3_exec(db_->get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void BatchStore::abandonGroup() noexcept {
  grouping_ = false;
  if (!group_transaction_) return;
  group_transaction_ = false;
  if (db_->inTransaction()) sqlite3_exec(db_->get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void BatchStore::saveRunOutcome(const std::string& stopped_by, bool interrupted) {
  SqliteStatement upsert(*db_, "INSERT OR REPLACE INTO run (key, value) VALUES (?1, ?2)");
  upsert.bind(1, std::string_view("stopped_by")).bind(2, stopped_by);
  upsert.step("cannot write the run's outcome");
  upsert.reset();
  upsert.bind(1, std::string_view("interrupted"))
      .bind(2, std::string_view(interrupted ? "1" : "0"));
  upsert.step("cannot write the run's outcome");
}

BatchReport readStateFile(const std::filesystem::path& path) {
  // Only SQLite opens the file here: closing a descriptor of our own would drop the locks that
  // SQLite holds on it for a batch running in this very process.
  const std::string what = "batch state file " + path.string();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw Error(what + " does not exist");
  if (std::filesystem::file_size(path, error) == 0 || error) {
    throw Error(what + " is empty: a batch is being created there, or it is no batch state file");
  }
  SqliteDatabase db(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, what);
  db.exec("PRAGMA busy_timeout = 5000;", "cannot configure");
  checkHeader(db, path);
  BatchReport report;
  for (auto& item : loadRows(db)) report.items.push_back(std::move(item.result));
  SqliteStatement select(db, "SELECT key, value FROM run");
  while (select.step("cannot read the run's outcome")) {
    if (select.column(0) == "stopped_by") report.stopped_by = select.column(1);
    if (select.column(0) == "interrupted") report.interrupted = select.column(1) == "1";
  }
  return report;
}

}  // namespace useapi::luma::detail
