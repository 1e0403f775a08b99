#pragma once
// The journal's file as bytes, before SQLite sees it: its lock, what kind of file it is, and
// the file-system steps of replacing it.

#include <cstdint>
#include <filesystem>
#include <string>

namespace useapi::luma::detail {

/// The journal's SQLite application_id: "LJRN".
inline constexpr std::uint32_t kJournalApplicationId = 0x4C4A524E;
/// The version of the journal's schema (PRAGMA user_version) this library writes and reads.
inline constexpr std::uint32_t kJournalSchemaVersion = 1;

/// What a file at the journal's path holds.
enum class JournalFileKind {
  Empty,     ///< Nothing yet (just created, or zero bytes).
  Database,  ///< An SQLite database with the journal's application_id and a known schema.
  Text,      ///< Anything else: maybe a journal of the text format (parseTextJournal decides).
};

/// Opens (creating if missing, mode 0600) and flocks the file at `path`; returns its descriptor.
/// Throws Error when it cannot be opened, is not a regular file, or another process holds it
/// ("in use by another client"). Sets `created` when this call created it.
int lockJournalFile(const std::filesystem::path& path, bool& created);

/// The kind of the file open at `fd`. Throws Error, saying the file was left unchanged, for an
/// SQLite database that is not a journal of this library, or of a newer schema.
JournalFileKind journalFileKind(int fd, const std::filesystem::path& path);

/// The whole content of the file open at `fd`; throws Error.
std::string readJournalFile(int fd, const std::filesystem::path& path);

/// Removes `path` and SQLite's files beside it (-journal, -wal, -shm), ignoring errors.
void removeDatabaseFiles(const std::filesystem::path& path) noexcept;

/// Makes `backup` a hard link to (or, where links fail, a copy of) `original`, replacing an
/// earlier backup. Throws Error.
void keepBackup(const std::filesystem::path& original, const std::filesystem::path& backup);

/// Renames `from` over `to` atomically and syncs the folder, so the rename survives a power
/// loss. Throws Error.
void replaceFile(const std::filesystem::path& from, const std::filesystem::path& to);

/// A system error message: "journal <path>: <what>: <strerror(errno)>".
std::string journalSystemError(const std::string& what, const std::filesystem::path& path);

}  // namespace useapi::luma::detail
