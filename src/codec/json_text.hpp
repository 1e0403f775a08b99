#pragma once
// The text an answer is read from: padded for simdjson, checked for decompression bombs, its
// bytes that are not UTF-8 replaced, and the parser that reads it.

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace useapi::luma::detail {

/// Bytes a text needs after its end for simdjson to read it in place (SIMDJSON_PADDING).
inline constexpr std::size_t kJsonPadding = simdjson::SIMDJSON_PADDING;

/// What replaceBadUtf8 puts in place of each byte that is not UTF-8: DEL, one byte like the byte
/// it replaces, valid UTF-8, allowed raw in a JSON string.
inline constexpr char kBadByte = '\x7F';

/// Appends kJsonPadding spaces to `text` (reallocating at most once) so that it can be read in
/// place; unpad() takes them off again without giving the capacity back.
void padInPlace(std::string& text);
void unpad(std::string& text);
/// `text` copied into a string with the padding already appended (one allocation).
std::string paddedCopy(std::string_view text);
/// The text of `padded` (a string padInPlace or paddedCopy made) without its padding.
inline std::string_view unpadded(const std::string& padded) {
  return {padded.data(), padded.size() - kJsonPadding};
}

/// Refuses (TransportError naming `endpoint`) a large text that is mostly JSON punctuation: the
/// mark of a decompression bomb like `[{},{},...]`, whose reading would need several times its
/// size in structure. Real answers are far below the limit.
void refuseStructureBombs(std::string_view text, const std::string& endpoint);

/// Replaces in place each byte of `text` that is not part of a well-formed UTF-8 sequence (RFC
/// 3629) by DEL (0x7F), which keeps the size: strings read from such a text then show each run
/// of DEL as one U+FFFD (see withReplacementCharacters). True when any byte was replaced.
bool replaceBadUtf8(char* text, std::size_t size);

/// `text` with each run of DEL (0x7F) replaced by one U+FFFD: how a string of a text that was not
/// valid UTF-8 reads.
std::string withReplacementCharacters(std::string_view text);

/// The parser of one answer: the thread's own for small answers (its memory kept for the next),
/// a fresh one for large answers (its memory given back at once).
class ParserLease {
 public:
  explicit ParserLease(std::size_t text_size);
  simdjson::ondemand::parser& get() { return *parser_; }

 private:
  std::optional<simdjson::ondemand::parser> own_;
  simdjson::ondemand::parser* parser_;
};

/// Throws TransportError: `endpoint` answered with a body of `body_size` bytes that could not be
/// decoded in the memory available.
[[noreturn]] void failOutOfMemory(const std::string& endpoint, std::size_t body_size);

}  // namespace useapi::luma::detail
