#include "journal/sqlite_database.hpp"

#include <sqlite3.h>

#include <utility>

namespace useapi::luma::detail {

SqliteDatabase::SqliteDatabase(const std::filesystem::path& path, int flags, std::string what)
    : what_(std::move(what)) {
  const int code = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
  if (code != SQLITE_OK) {
    std::string message =
        what_ + ": cannot open: " + (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(message, code);
  }
  sqlite3_extended_result_codes(db_, 1);
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

void SqliteDatabase::fail(int code, const char* doing) const {
  throw SqliteError(what_ + ": " + doing + ": " + sqlite3_errmsg(db_), code);
}

void SqliteDatabase::exec(const char* sql, const char* doing) {
  const int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) fail(code, doing);
}

std::int64_t SqliteDatabase::integer(const char* sql, const char* doing) {
  SqliteStatement statement(*this, sql);
  if (!statement.step(doing)) fail(SQLITE_MISMATCH, doing);
  return std::stoll(statement.column(0));
}

std::string SqliteDatabase::text(const char* sql, const char* doing) {
  SqliteStatement statement(*this, sql);
  if (!statement.step(doing)) return {};
  return statement.column(0);
}

bool SqliteDatabase::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

SqliteStatement::SqliteStatement(SqliteDatabase& database, const char* sql) : database_(database) {
  const int code = sqlite3_prepare_v2(database_.get(), sql, -1, &statement_, nullptr);
  if (code != SQLITE_OK) database_.fail(code, "cannot read");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  const int code = sqlite3_bind_text64(statement_, index, text.data(), text.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
  if (code != SQLITE_OK) database_.fail(code, "cannot bind a value");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  const int code = sqlite3_bind_int64(statement_, index, value);
  if (code != SQLITE_OK) database_.fail(code, "cannot bind a value");
  return *this;
}

bool SqliteStatement::step(const char* doing) {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  try {
    database_.fail(code, doing);  // reads the message before the reset below clears it
  } catch (...) {
    reset();
    throw;
  }
}

std::string SqliteStatement::column(int index) const {
  const auto* text = sqlite3_column_text(statement_, index);
  const int size = sqlite3_column_bytes(statement_, index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

int SqliteStatement::changes() const { return sqlite3_changes(database_.get()); }

void SqliteStatement::reset() noexcept {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

}  // namespace useapi::luma::detail
