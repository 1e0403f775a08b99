#include "download/resume_point.hpp"

#include <cctype>
#include <charconv>

namespace useapi::luma::detail {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool equalNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A whole decimal number (nothing else); none otherwise.
std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<ContentRange> parseContentRange(std::string_view value) {
  value = trimmed(value);
  constexpr std::string_view kUnit = "bytes ";
  if (value.size() < kUnit.size() || !equalNoCase(value.substr(0, kUnit.size()), kUnit)) {
    return std::nullopt;
  }
  value = trimmed(value.substr(kUnit.size()));
  const std::size_t dash = value.find('-');
  const std::size_t slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  const auto first = number(value.substr(0, dash));
  const auto last = number(value.substr(dash + 1, slash - dash - 1));
  if (!first || !last || *last < *first) return std::nullopt;
  ContentRange range{*first, *last, std::nullopt};
  const std::string_view total = value.substr(slash + 1);
  if (total != "*") {
    range.total = number(total);
    if (!range.total || *range.total <= *last) return std::nullopt;
  }
  return range;
}

void ResumePoint::header(std::string_view line) {
  line = trimmed(line);
  if (line.size() >= 5 && equalNoCase(line.substr(0, 5), "http/")) {
    current_ = Answer{};
    const std::size_t space = line.find(' ');
    if (space != std::string_view::npos) {
      current_.status = static_cast<int>(number(line.substr(space + 1, 3)).value_or(0));
    }
    return;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  const std::string_view name = trimmed(line.substr(0, colon));
  const std::string_view value = trimmed(line.substr(colon + 1));
  if (equalNoCase(name, "accept-ranges")) {
    current_.accepts_ranges = equalNoCase(value, "bytes");
  } else if (equalNoCase(name, "etag")) {
    current_.etag = std::string(value);
  } else if (equalNoCase(name, "last-modified")) {
    current_.last_modified = std::string(value);
  } else if (equalNoCase(name, "content-range")) {
    current_.content_range = parseContentRange(value);
  }
}

void ResumePoint::startWhole(std::optional<std::uint64_t> length) {
  accepts_ranges_ = current_.accepts_ranges;
  // If-Range takes a strong validator only: a weak ETag ("W/...") cannot name the exact bytes.
  const bool strong_etag = !current_.etag.empty() && current_.etag.rfind("W/", 0) != 0;
  validator_ = strong_etag ? current_.etag : current_.last_modified;
  total_ = length;
}

std::vector<std::string> ResumePoint::askForRest(std::uint64_t saved) {
  asked_from_.reset();
  if (saved == 0 || !accepts_ranges_ || validator_.empty()) return {};
  if (total_ && saved >= *total_) return {};  // nothing left to ask for: start over
  asked_from_ = saved;
  return {"Range: bytes=" + std::to_string(saved) + "-", "If-Range: " + validator_};
}

bool ResumePoint::continues() {
  if (!asked_from_) {
    problem_ = "a part of the file came unasked";
    return false;
  }
  if (!current_.content_range) {
    problem_ = "its Content-Range is missing or unreadable";
    return false;
  }
  const ContentRange& range = *current_.content_range;
  if (range.first != *asked_from_) {
    problem_ = "it starts at byte " + std::to_string(range.first) + " where byte " +
               std::to_string(*asked_from_) + " was asked for";
    return false;
  }
  if (range.total && total_ && *range.total != *total_) {
    problem_ = "it is of a file of " + std::to_string(*range.total) + " bytes where " +
               std::to_string(*total_) + " were announced";
    return false;
  }
  if (range.total) total_ = range.total;
  return true;
}

}  // namespace useapi::luma::detail
