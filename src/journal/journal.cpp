#include "journal/journal.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>

#include "journal/journal_file.hpp"
#include "journal/sqlite_database.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// Version 1 of the store. One row per job; later tables (a batch runner's) sit beside it.
constexpr const char* kSchema = R"sql(
  CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY,       -- creation order
    jobid TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'final', 'done')),
    created_at INTEGER NOT NULL,   -- Unix time in milliseconds, as are the other *_at
    final_status TEXT,             -- 'completed' or 'failed', once seen final
    final_at INTEGER,
    done_reason TEXT,              -- 'acknowledged', 'media saved', 'deleted', 'gone', 'migrated'
    done_at INTEGER
  );
  CREATE INDEX jobs_not_done ON jobs (seq) WHERE state <> 'done';
)sql";

// Every connection: no shared-memory file (none to create on a full disk), and a commit is on
// the disk before it returns.
constexpr const char* kConnectionSettings =
    "PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = FULL;";

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* reasonText(JobDone why) {
  switch (why) {
    case JobDone::Acknowledged:
      return "acknowledged";
    case JobDone::MediaSaved:
      return "media saved";
    case JobDone::Deleted:
      return "deleted";
    case JobDone::Gone:
      return "gone";
  }
  return "done";
}

// Rolls back a transaction still open when a scope ends early.
class TransactionGuard {
 public:
  explicit TransactionGuard(SqliteDatabase& db) : db_(db) {}
  ~TransactionGuard() {
    if (db_.inTransaction()) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  TransactionGuard(const TransactionGuard&) = delete;
  TransactionGuard& operator=(const TransactionGuard&) = delete;

 private:
  SqliteDatabase& db_;
};

}  // namespace

struct Journal::Statements {
  explicit Statements(SqliteDatabase& db)
      : forget(db, "DELETE FROM jobs WHERE jobid = ?1"),
        insert(db, "INSERT INTO jobs (jobid, created_at) VALUES (?1, ?2)"),
        mark_final(db,
                   "UPDATE jobs SET state = 'final', final_status = ?2, final_at = ?3 "
                   "WHERE jobid = ?1 AND state = 'created'"),
        mark_done(db,
                  "UPDATE jobs SET state = 'done', done_reason = ?2, done_at = ?3 "
                  "WHERE jobid = ?1 AND state <> 'done'"),
        unfinished(db, "SELECT jobid FROM jobs WHERE state = 'created' ORDER BY seq"),
        unacknowledged(db, "SELECT jobid FROM jobs WHERE state <> 'done' ORDER BY seq") {}
  SqliteStatement forget;
  SqliteStatement insert;
  SqliteStatement mark_final;
  SqliteStatement mark_done;
  SqliteStatement unfinished;
  SqliteStatement unacknowledged;
};

Journal::Journal(std::filesystem::path path) : path_(std::move(path)) {
  bool created = false;
  lock_fd_ = lockJournalFile(path_, created);
  try {
    const JournalFileKind kind = journalFileKind(lock_fd_, path_);
    if (kind == JournalFileKind::Empty) {
      if (!convert({}, /*from_text=*/false)) {
        throw Error(described("cannot create: " + conversion_failure_));
      }
      created = false;  // the file at path_ is now the database, which another process may hold
      relock();
    } else if (kind == JournalFileKind::Text) {
      auto jobs = parseTextJournal(readJournalFile(lock_fd_, path_));
      if (!jobs) {
        throw Error("journal " + path_.string() +
                    " is not a job journal (neither an SQLite journal nor the text format); it "
                    "was left unchanged");
      }
      if (!convert(*jobs, /*from_text=*/true)) {
        // Not written (a full disk?): what the text holds can still be read.
        std::vector<std::string> open;
        for (auto& job : *jobs) {
          if (!job.final) open.push_back(std::move(job.jobid));
        }
        text_only_ = std::move(open);
        return;
      }
      relock();
    }
    openStore();
  } catch (...) {
    closeStore();
    if (created) ::unlink(path_.c_str());
    throw;
  }
}

Journal::~Journal() { closeStore(); }

void Journal::closeStore() noexcept {
  statements_.reset();
  db_.reset();  // before the descriptor: closing any descriptor of the file drops SQLite's locks
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
}

std::string Journal::described(const std::string& what) const {
  return "journal " + path_.string() + ": " + what;
}

// Builds the store in <path>.migrating and renames it over <path>; false (conversion_failure_
// says why) when that cannot be written. The file at <path> is unchanged until the rename.
bool Journal::convert(const std::vector<TextJournalJob>& jobs, bool from_text) {
  const std::filesystem::path building = path_.string() + ".migrating";
  removeDatabaseFiles(building);
  try {
    {
      SqliteDatabase db(building, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        "journal " + building.string());
      db.exec(kConnectionSettings, "cannot set up");
      // One rollback-journal transaction writes the header (application_id, user_version) into
      // the main file itself, where a later open checks it before SQLite reads anything.
      db.exec("BEGIN", "cannot write");
      db.exec(("PRAGMA application_id = " + std::to_string(kJournalApplicationId) +
               "; PRAGMA user_version = " + std::to_string(kJournalSchemaVersion) + ";")
                  .c_str(),
              "cannot write");
      db.exec(kSchema, "cannot write");
      SqliteStatement insert(
          db,
          "INSERT OR IGNORE INTO jobs (jobid, created_at, state, done_reason, done_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5)");
      const std::int64_t now = nowMs();
      for (const auto& job : jobs) {
        insert.bind(1, job.jobid).bind(2, now).bind(3, job.final ? "done" : "created");
        if (job.final) insert.bind(4, "migrated").bind(5, now);
        insert.step("cannot write");
        insert.reset();
      }
      db.exec("COMMIT", "cannot write");
      if (db.text("PRAGMA journal_mode = WAL", "cannot write") != "wal") {
        throw Error(described("SQLite refused WAL mode"));
      }
    }  // closed: the WAL is checkpointed and removed, nothing is left beside the file
    if (from_text) keepBackup(path_, path_.string() + ".v1");
    replaceFile(building, path_);
  } catch (const Error& error) {
    removeDatabaseFiles(building);
    conversion_failure_ = error.what();
    return false;
  }
  return true;
}

// After convert(): the file at <path> is the database, a new file the old descriptor does not
// lock.
void Journal::relock() {
  const int old_fd = lock_fd_;
  lock_fd_ = -1;
  ::close(old_fd);
  bool created = false;
  lock_fd_ = lockJournalFile(path_, created);
  if (journalFileKind(lock_fd_, path_) != JournalFileKind::Database) {
    throw Error(described("was replaced while it was being converted"));
  }
}

void Journal::openStore() {
  db_ = std::make_unique<SqliteDatabase>(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                         "journal " + path_.string());
  db_->exec(kConnectionSettings, "cannot set up");
  // Already in WAL mode since it was created: this reads the mode and writes nothing, so a
  // journal opens on a full disk too.
  if (db_->text("PRAGMA journal_mode = WAL", "cannot read") != "wal") {
    throw Error(described("SQLite refused WAL mode"));
  }
  const auto version = db_->integer("PRAGMA user_version", "cannot read");
  if (version != kJournalSchemaVersion) {
    throw Error(described("schema version " + std::to_string(version) + " is not " +
                          std::to_string(kJournalSchemaVersion) + "; it was left unchanged"));
  }
  statements_ = std::make_unique<Statements>(*db_);
}

void Journal::requireWritable() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!text_only_) return;
  // Try the conversion again: the disk may have room now.
  auto jobs = parseTextJournal(readJournalFile(lock_fd_, path_));
  if (jobs && convert(*jobs, /*from_text=*/true)) {
    relock();
    text_only_.reset();
    openStore();
    return;
  }
  throw Error(described("cannot record jobs: the text journal could not be converted (" +
                        conversion_failure_ + "); no job was created"));
}

void Journal::recordCreated(const std::vector<std::string>& jobids) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (text_only_) {
    throw Error(described("cannot write: the text journal could not be converted (" +
                          conversion_failure_ + ")"));
  }
  TransactionGuard guard(*db_);
  auto& forget = statements_->forget;
  auto& insert = statements_->insert;
  db_->exec("BEGIN IMMEDIATE", "cannot write");
  const std::int64_t now = nowMs();
  for (const auto& jobid : jobids) {
    // An id the journal already holds (a server that reuses ids) names a new job: it starts
    // over, last in the order, whatever the old one's state.
    forget.bind(1, jobid);
    forget.step("cannot write");
    forget.reset();
    insert.bind(1, jobid).bind(2, now);
    insert.step("cannot write");
    insert.reset();
  }
  db_->exec("COMMIT", "cannot write");
}

void Journal::recordFinal(const std::string& jobid, JobStatus status) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mutex_);
    if (text_only_) return;
    auto& mark = statements_->mark_final;
    mark.bind(1, jobid).bind(2, status == JobStatus::Failed ? "failed" : "completed");
    mark.bind(3, nowMs());
    mark.step("cannot write");
    mark.reset();
  } catch (...) {
    // Kept as created: the job is polled once more after a restart, which is harmless.
  }
}

void Journal::recordDone(const std::string& jobid, JobDone why) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (text_only_) {
    throw Error(described("cannot write: the text journal could not be converted (" +
                          conversion_failure_ + ")"));
  }
  auto& mark = statements_->mark_done;
  mark.bind(1, jobid).bind(2, reasonText(why)).bind(3, nowMs());
  mark.step("cannot write");
  mark.reset();
}

std::vector<std::string> Journal::unfinished() const {
  std::lock_guard<std::mutex> lock(mutex_);
  // A text journal read as it is knows no "final but not done": its open jobs are both.
  if (text_only_) return *text_only_;
  return selectJobids(statements_->unfinished);
}

std::vector<std::string> Journal::unacknowledged() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (text_only_) return *text_only_;
  return selectJobids(statements_->unacknowledged);
}

std::vector<std::string> Journal::selectJobids(SqliteStatement& select) {
  std::vector<std::string> jobids;
  try {
    while (select.step("cannot read")) jobids.push_back(select.column(0));
  } catch (...) {
    select.reset();
    throw;
  }
  select.reset();
  return jobids;
}

}  // namespace useapi::luma::detail
