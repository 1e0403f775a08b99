#include "journal/journal_v1.hpp"

#include <unordered_map>

namespace useapi::luma::detail {
namespace {

constexpr std::string_view kCreated = "created ";
constexpr std::string_view kFinal = "final ";

// The escaped id after `prefix`, if `line` is such a line with an id the escaping could write.
std::optional<std::string> idAfter(std::string_view line, std::string_view prefix) {
  if (line.substr(0, prefix.size()) != prefix || line.size() == prefix.size()) return std::nullopt;
  const std::string_view escaped = line.substr(prefix.size());
  for (const char c : escaped) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return std::nullopt;  // escaped ids have none
  }
  return journalUnescape(std::string(escaped));
}

}  // namespace

std::string journalEscape(const std::string& jobid) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  text.reserve(jobid.size());
  for (const char c : jobid) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || byte == '%') {
      text += '%';
      text += kHex[byte >> 4];
      text += kHex[byte & 0xf];
    } else {
      text += c;
    }
  }
  return text;
}

std::string journalUnescape(const std::string& text) {
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string jobid;
  jobid.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      jobid += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      jobid += text[i];
    }
  }
  return jobid;
}

std::optional<std::vector<TextJournalJob>> parseTextJournal(std::string_view content) {
  // Only whole lines count: the last one, without its newline, was being written when a
  // process stopped, and its job was never returned to anyone.
  const std::size_t end = content.rfind('\n');
  if (end == std::string_view::npos) return std::nullopt;
  std::vector<TextJournalJob> jobs;
  std::unordered_map<std::string, std::size_t> index;
  std::size_t start = 0;
  while (start <= end) {
    const std::size_t stop = content.find('\n', start);
    const std::string_view line = content.substr(start, stop - start);
    start = stop + 1;
    if (auto created = idAfter(line, kCreated)) {
      const auto [found, added] = index.emplace(*created, jobs.size());
      if (added) {
        jobs.push_back({std::move(*created)});
      } else {
        jobs[found->second].final = false;  // created again after its end: open again
      }
    } else if (auto final = idAfter(line, kFinal); final && !jobs.empty()) {
      const auto found = index.find(*final);
      if (found != index.end()) jobs[found->second].final = true;
    } else {
      return std::nullopt;  // not a line the text journal ever wrote: not a journal
    }
  }
  return jobs;
}

}  // namespace useapi::luma::detail
