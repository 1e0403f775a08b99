#pragma once
// A thin RAII layer over the SQLite C API: a connection and its prepared statements, every
// failure an Error that names the file.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "useapi/luma/errors.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace useapi::luma::detail {

/// An SQLite call failed; code() is its extended result code (SQLITE_FULL, ...).
class SqliteError : public Error {
 public:
  /// An error whose what() is `message`, for the result `code`.
  SqliteError(const std::string& message, int code) : Error(message), code_(code) {}
  /// The extended SQLite result code.
  int code() const noexcept { return code_; }

 private:
  int code_;
};

/// One open connection. Not thread-safe: its owner serialises the calls.
class SqliteDatabase {
 public:
  /// Opens `path` with the sqlite3_open_v2 `flags`; throws SqliteError naming `what` (e.g.
  /// "journal /x/y") when it cannot.
  SqliteDatabase(const std::filesystem::path& path, int flags, std::string what);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  /// Runs one or more statements that return nothing of interest; throws SqliteError.
  void exec(const char* sql, const char* doing);
  /// Runs a statement that returns a single integer (a PRAGMA); throws SqliteError.
  std::int64_t integer(const char* sql, const char* doing);
  /// Runs a statement that returns a single text (a PRAGMA); throws SqliteError.
  std::string text(const char* sql, const char* doing);
  /// Throws SqliteError for the result `code` of the last call, saying what was being done.
  [[noreturn]] void fail(int code, const char* doing) const;
  /// True inside a transaction that is still open.
  bool inTransaction() const;
  /// The connection.
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string what_;
};

/// One prepared statement, reset after each use.
class SqliteStatement {
 public:
  /// Prepares `sql` on `database`; throws SqliteError.
  SqliteStatement(SqliteDatabase& database, const char* sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  /// Binds text (copied, any bytes) to the 1-based parameter `index`.
  SqliteStatement& bind(int index, std::string_view text);
  /// Binds an integer to the 1-based parameter `index`.
  SqliteStatement& bind(int index, std::int64_t value);
  /// Steps once: true when a row is ready, false when done; throws SqliteError saying `doing`.
  bool step(const char* doing);
  /// The text of column `index` of the current row (empty for NULL).
  std::string column(int index) const;
  /// Rows changed by the last step of an INSERT, UPDATE or DELETE.
  int changes() const;
  /// Resets the statement and clears its bindings, ready for another use.
  void reset() noexcept;

 private:
  SqliteDatabase& database_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace useapi::luma::detail
