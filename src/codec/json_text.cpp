#include "codec/json_text.hpp"

#include <array>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

namespace ondemand = simdjson::ondemand;

namespace {

// Answers up to this size are read with the thread's own parser, which keeps its memory (about 6
// bytes per byte of capacity) for the next answer; larger ones get a parser of their own.
constexpr std::size_t kReusedParserCapacity = std::size_t{64} * 1024;

// Below this size a text's structure is harmless whatever it is.
constexpr std::size_t kStructureCheckFrom = std::size_t{64} * 1024;

// The length of the valid UTF-8 sequence at the start of `text` (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when it does not start with one.
std::size_t validSequenceLength(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto continuation = [&](std::size_t i) {
    return i < text.size() && (byte(i) & 0xC0) == 0x80;
  };
  const unsigned char first = byte(0);
  if (first < 0x80) return 1;
  if (first >= 0xC2 && first <= 0xDF) return continuation(1) ? 2 : 0;
  if (first >= 0xE0 && first <= 0xEF) {
    if (!continuation(1) || !continuation(2)) return 0;
    const unsigned char second = byte(1);
    if (first == 0xE0 && second < 0xA0) return 0;  // overlong
    if (first == 0xED && second > 0x9F) return 0;  // a surrogate
    return 3;
  }
  if (first >= 0xF0 && first <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
    const unsigned char second = byte(1);
    if (first == 0xF0 && second < 0x90) return 0;  // overlong
    if (first == 0xF4 && second > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

constexpr std::array<bool, 256> punctuationTable() {
  std::array<bool, 256> table{};
  for (const char c : {'{', '}', '[', ']', ',', ':'}) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kPunctuation = punctuationTable();

}  // namespace

void padInPlace(std::string& text) { text.append(kJsonPadding, ' '); }

void unpad(std::string& text) { text.resize(text.size() - kJsonPadding); }

std::string paddedCopy(std::string_view text) {
  std::string copy;
  copy.reserve(text.size() + kJsonPadding);
  copy.assign(text);
  copy.append(kJsonPadding, ' ');
  return copy;
}

void refuseStructureBombs(std::string_view text, const std::string& endpoint) {
  if (text.size() < kStructureCheckFrom) return;
  std::size_t punctuation = 0;
  for (const char c : text) punctuation += kPunctuation[static_cast<unsigned char>(c)];
  // Real answers are about one byte in ten; `[{},{},...]` is every byte.
  if (punctuation > text.size() / 4) {
    throw TransportError(endpoint + " answered with a body of " + std::to_string(text.size()) +
                         " bytes of which " + std::to_string(punctuation) +
                         " are JSON punctuation: refused unread, as a decompression bomb");
  }
}

bool replaceBadUtf8(char* text, std::size_t size) {
  bool replaced = false;
  std::size_t at = 0;
  while (at < size) {
    const std::size_t length = validSequenceLength(std::string_view(text + at, size - at));
    if (length != 0) {
      at += length;
      continue;
    }
    text[at++] = kBadByte;
    replaced = true;
  }
  return replaced;
}

std::string withReplacementCharacters(std::string_view text) {
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  // Sized exactly first: the result may be twice the text ("a\x7F" per character).
  std::size_t size = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != kBadByte) {
      ++size;
    } else if (i == 0 || text[i - 1] != kBadByte) {
      size += 3;
    }
  }
  std::string out;
  out.reserve(size);
  bool in_run = false;
  for (const char c : text) {
    if (c != kBadByte) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out.append(kReplacement, 3);
      in_run = true;
    }
  }
  return out;
}

ParserLease::ParserLease(std::size_t text_size) {
  if (text_size <= kReusedParserCapacity) {
    thread_local ondemand::parser reused;
    parser_ = &reused;
  } else {
    parser_ = &own_.emplace();
  }
}

void failOutOfMemory(const std::string& endpoint, std::size_t body_size) {
  throw TransportError(endpoint + " answered with a body of " + std::to_string(body_size) +
                       " bytes that could not be decoded in the memory available");
}

}  // namespace useapi::luma::detail
