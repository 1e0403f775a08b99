#pragma once
// Reading untrusted JSON answers with simdjson On-Demand, in one pass over the text: every value
// is checked as JSON (what is accepted is exactly what a full parser accepts), nesting is bounded,
// memory is bounded by a small multiple of the text, and typed field access fails with a
// TransportError naming the endpoint and the field's path. Lenient where the spec says so: a
// text that is not valid UTF-8 is read with U+FFFD in place of the bad bytes (JsonPlace knows),
// and the readers of fields the library does not need ignore a wrong type.

#include <simdjson.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include "codec/json_limits.hpp"
#include "codec/json_text.hpp"

namespace useapi::luma::detail {

/// Where a value sits in an answer: the endpoint, the path from the root (for messages), the
/// nesting depth, and whether the text was sanitized. Lives on the stack while its value is read;
/// the path is written out only when an error is thrown.
class JsonPlace {
 public:
  /// The root object of an answer from `endpoint`.
  JsonPlace(const std::string& endpoint, bool sanitized);
  /// Field `name` of the object at `parent`.
  JsonPlace(const JsonPlace& parent, std::string_view name);
  /// Element `index` of the array field at `parent` ("jobs[3]").
  JsonPlace(const JsonPlace& parent, std::size_t index);

  const std::string& endpoint() const { return *endpoint_; }
  /// True when the text was not valid UTF-8 and is read with U+FFFD in place of the bad bytes.
  bool sanitized() const { return sanitized_; }
  int depth() const { return depth_; }
  /// The path from the root, e.g. "response.video.url" or "jobs[3].jobid"; empty at the root.
  std::string path() const;
  /// Throws TransportError: "<endpoint> answered with <what>".
  [[noreturn]] void fail(const std::string& what) const;
  /// Throws TransportError: "<endpoint> answered with <path> as <found>, expected <expected>".
  [[noreturn]] void failType(const char* found, const char* expected) const;
  /// Throws TransportError for a simdjson error at this place (the text is not JSON).
  [[noreturn]] void failJson(simdjson::error_code error) const;

 private:
  const std::string* endpoint_;
  const JsonPlace* parent_ = nullptr;
  std::string_view name_;  // a null view for an element (a key is never one)
  std::size_t index_;      // an element's index; set only for an element
  bool sanitized_ = false;
  int depth_ = 0;
};

/// One JSON value of an answer and its place. Every reader consumes the value whole and checks it
/// as JSON; a value of the wrong type throws TransportError naming its path (the strict readers)
/// or is checked and ignored (the lenient ones, for fields the library does not need).
class JsonField {
 public:
  JsonField(simdjson::ondemand::value& value, const JsonPlace& place)
      : value_(value), place_(place) {}

  const JsonPlace& place() const { return place_; }
  /// Where the value's text starts (for a raw copy of it, see rawSince).
  const char* location();
  /// The text from `start` to where the reading now stands, without trailing white space (in a
  /// sanitized text, with U+FFFD for its bad bytes).
  std::string rawTextSince(const char* start);

  /// True (and the value consumed) when it is null.
  bool isNull();
  /// True when the value is a string (not consumed).
  bool isString();
  /// A string; null: unset.
  std::optional<std::string> text();
  /// text() of a value the library acts on (an id, a URL): in a sanitized text, one that held
  /// bytes that are not UTF-8 throws rather than be used altered.
  std::optional<std::string> identifier();
  /// text() written into `into` (null: empty), without an optional string in between.
  void readText(std::string& into);
  /// identifier() written into `into` as readText does.
  void readIdentifier(std::string& into);
  /// textIfValid() written into `into` (anything but a string: empty).
  void readTextIfValid(std::string& into);
  /// A number; null: unset.
  std::optional<double> number();
  /// A number that fits an int (a fraction is cut); null: unset; out of range throws.
  std::optional<int> integer();
  /// A boolean; null: unset.
  std::optional<bool> boolean();
  /// An integer's or a string's text (user_id); null: empty.
  std::string digitsOrText();
  /// integer(), but anything else (a string, out of range) is checked and ignored.
  std::optional<int> integerIfValid();
  /// number(), but anything else is checked and ignored.
  std::optional<double> numberIfValid();
  /// text(), but anything else is checked and ignored.
  std::optional<std::string> textIfValid();
  /// The value checked as JSON and dropped.
  void skip();

  /// True when the value is an object (then readable with forEachField); false when null; throws
  /// for anything else. Does not consume it.
  bool isObject();
  /// True when the value is an array; false when null; throws for anything else.
  bool isArray();
  /// Throws unless the value is an object (null included).
  void requireObject();
  /// The JSON type's name ("string", "number", ...).
  const char* typeName();

  /// Calls `member(key, field)` for each field of this object (isObject() was true); `member`
  /// returns false when it left the value alone, which is then checked and dropped. Fields are
  /// seen in order, a repeated key as often as it comes (the last one read wins).
  template <class Member>
  void forEachField(Member&& member);
  /// Calls `element(field)` for each element of this array (isArray() was true).
  template <class Element>
  void forEachElement(Element&& element);
  /// The number of elements of this array (isArray() was true), without consuming it.
  std::size_t countElements();
  /// The number of fields of this object (isObject() was true), without consuming it.
  std::size_t countFields();

 private:
  simdjson::ondemand::value& value_;
  const JsonPlace& place_;

  simdjson::ondemand::json_type type();
  /// The string's content, consumed: a view of the text when it holds no escape, else unescaped
  /// by the parser; false when the value is null; throws for any other type.
  bool stringContent(std::string_view& content);
  /// Throws when an identifier read from a sanitized text holds a replaced byte.
  void checkIdentifier(std::string_view value) const;
  template <class T>
  T check(simdjson::simdjson_result<T>&& result);
  /// Throws when the value sits deeper than kMaxJsonDepth.
  void checkDepth() const {
    if (place_.depth() > kMaxJsonDepth) failTooDeep();
  }
  [[noreturn]] void failTooDeep() const;
  /// The number's value; a number simdjson cannot read but JSON allows is read with strtod and
  /// left for the iteration to skip.
  double doubleOrFallback();
};

/// Reads one answer: `padded` (a string padInPlace or paddedCopy made) as a JSON object whose
/// fields go to `read(JsonField& root)`. Throws TransportError naming `endpoint` when it is not a
/// JSON object (or too deep, or a field is wrong). A text that is not valid UTF-8 is read with
/// its bad bytes replaced (see replaceBadUtf8), in `padded` itself when `may_change` (the caller
/// then restores it, if it needs it), else in a copy; the result says whether that happened.
template <class Read>
bool readJsonObject(std::string& padded, bool may_change, const std::string& endpoint, Read&& read);

/// The text of a key straight from the document (stage 1 has checked that it is closed); a null
/// view when it has an escape.
inline std::string_view rawKey(simdjson::ondemand::raw_json_string key);

/// The text of a string from just after its opening quote to its closing one, when it holds no
/// escape (else a null view). The string must be closed (stage 1 checked it) and followed by the
/// text's padding or more text.
inline std::string_view plainTextAt(const char* start);

/// The name of a JSON type, as messages give it ("string", "number", "object", ...).
const char* jsonTypeName(simdjson::ondemand::json_type type);

/// Runs `decode`, turning a failed allocation into a TransportError naming `endpoint`: no decoder
/// lets std::bad_alloc out.
template <class Decode>
auto withoutBadAlloc(const std::string& endpoint, std::size_t body_size, Decode&& decode)
    -> decltype(decode());
[[noreturn]] void failOutOfMemory(const std::string& endpoint, std::size_t body_size);

// --- inline and templates ------------------------------------------------------------------------

inline JsonPlace::JsonPlace(const JsonPlace& parent, std::string_view name)
    : endpoint_(parent.endpoint_),
      parent_(&parent),
      name_(name),
      sanitized_(parent.sanitized_),
      depth_(parent.depth_ + 1) {}

inline std::string_view rawKey(simdjson::ondemand::raw_json_string key) {
  return plainTextAt(key.raw());
}

inline std::string_view plainTextAt(const char* start) {
  // The first quote or backslash, sixteen (or eight) bytes at a time: the padding after the text
  // lets the block that holds the closing quote run past it.
#if defined(__SSE2__) && defined(__GNUC__)
  const __m128i quotes = _mm_set1_epi8('"');
  const __m128i backslashes = _mm_set1_epi8('\\');
  for (const char* at = start;; at += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const int flags = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(block, quotes), _mm_cmpeq_epi8(block, backslashes)));
    if (flags != 0) {
      const char* stop = at + __builtin_ctz(static_cast<unsigned>(flags));
      if (*stop == '\\') return {};
      return {start, static_cast<std::size_t>(stop - start)};
    }
  }
#elif defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  // A zero-byte test flags exactly the lowest match; only bytes above it may be false flags.
  constexpr std::uint64_t kOnes = 0x0101010101010101U;
  constexpr std::uint64_t kHighs = 0x8080808080808080U;
  for (const char* at = start;; at += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, sizeof word);
    const std::uint64_t quotes = word ^ (kOnes * '"');
    const std::uint64_t backslashes = word ^ (kOnes * '\\');
    const std::uint64_t flags =
        (((quotes - kOnes) & ~quotes) | ((backslashes - kOnes) & ~backslashes)) & kHighs;
    if (flags != 0) {
      const char* stop = at + __builtin_ctzll(flags) / 8;
      if (*stop == '\\') return {};
      return {start, static_cast<std::size_t>(stop - start)};
    }
  }
#else
  const char* end = start;
  while (*end != '"') {
    if (*end == '\\') return {};
    ++end;
  }
  return {start, static_cast<std::size_t>(end - start)};
#endif
}

template <class T>
T JsonField::check(simdjson::simdjson_result<T>&& result) {
  T out{};
  const simdjson::error_code error = std::move(result).get(out);
  if (error) place_.failJson(error);
  return out;
}

template <class Member>
void JsonField::forEachField(Member&& member) {
  checkDepth();
  simdjson::ondemand::object object = check(value_.get_object());
  for (auto entry : object) {
    simdjson::ondemand::field field = check(std::move(entry));
    // The key as it stands in the text, unless it has an escape: then unescaped (and so checked)
    // by the parser, into its string buffer, which lives until the document is done.
    std::string_view key = rawKey(field.key());
    if (key.data() == nullptr) key = check(field.unescaped_key());
    const JsonPlace place(place_, key);
    JsonField child(field.value(), place);
    if (!member(key, child)) child.skip();
  }
}

template <class Element>
void JsonField::forEachElement(Element&& element) {
  checkDepth();
  simdjson::ondemand::array array = check(value_.get_array());
  std::size_t index = 0;
  for (auto entry : array) {
    simdjson::ondemand::value value = check(std::move(entry));
    const JsonPlace place(place_, index++);
    JsonField child(value, place);
    element(child);
  }
}

template <class Decode>
auto withoutBadAlloc(const std::string& endpoint, std::size_t body_size, Decode&& decode)
    -> decltype(decode()) {
  try {
    return decode();
  } catch (const std::bad_alloc&) {
    failOutOfMemory(endpoint, body_size);
  }
}

template <class Read>
bool readJsonObject(std::string& padded, bool may_change, const std::string& endpoint,
                    Read&& read) {
  refuseStructureBombs(unpadded(padded), endpoint);
  const auto readText = [&](const std::string& text, bool sanitized) -> simdjson::error_code {
    ParserLease parser(text.size() - kJsonPadding);
    const JsonPlace root(endpoint, sanitized);
    simdjson::ondemand::document document;
    const simdjson::error_code error =
        parser.get()
            .iterate(
                simdjson::padded_string_view(text.data(), text.size() - kJsonPadding, text.size()))
            .get(document);
    if (error == simdjson::UTF8_ERROR && !sanitized) return error;
    if (error) root.failJson(error);
    simdjson::ondemand::json_type type{};
    if (const simdjson::error_code bad = document.type().get(type)) root.failJson(bad);
    if (type != simdjson::ondemand::json_type::object &&
        type != simdjson::ondemand::json_type::array) {
      root.fail(std::string("JSON ") + jsonTypeName(type) + ", expected an object");
    }
    simdjson::ondemand::value value;
    if (const simdjson::error_code bad = document.get_value().get(value)) root.failJson(bad);
    JsonField field(value, root);
    if (type == simdjson::ondemand::json_type::array) {
      field.skip();  // says first when it is not JSON or nested too deep
      root.fail("JSON array, expected an object");
    }
    read(field);
    // Anything after the object but white space makes the text not JSON.
    if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
      root.failJson(simdjson::TRAILING_CONTENT);
    }
    return simdjson::SUCCESS;
  };
  if (readText(padded, false) != simdjson::UTF8_ERROR) return false;
  if (may_change) {
    replaceBadUtf8(padded.data(), padded.size() - kJsonPadding);
    readText(padded, true);
  } else {
    std::string copy = padded;
    replaceBadUtf8(copy.data(), copy.size() - kJsonPadding);
    readText(copy, true);
  }
  return true;
}

}  // namespace useapi::luma::detail
