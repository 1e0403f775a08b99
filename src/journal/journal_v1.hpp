#pragma once
// The journal's first format, a text file, read once to migrate it into the SQLite store.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace useapi::luma::detail {

/// A job of a text journal: its id, and whether a "final" line followed its "created" line.
struct TextJournalJob {
  std::string jobid;
  bool final = false;
};

/// The jobs of a journal in the text format (lines "created <id>" and "final <id>", ids escaped
/// by journalEscape), in the order they were created. A last line without its newline is a
/// torn write and is left out. Nullopt when `content` is not such a journal: empty, a first
/// line that is not "created ...", or any other line that is neither kind.
std::optional<std::vector<TextJournalJob>> parseTextJournal(std::string_view content);

/// A job id as the text journal wrote it: '%', control bytes and spaces percent-encoded, so
/// that an id the server sent could never break a line.
std::string journalEscape(const std::string& jobid);
/// The inverse of journalEscape.
std::string journalUnescape(const std::string& text);

}  // namespace useapi::luma::detail
