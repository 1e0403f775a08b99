#include "codec/json_document.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

namespace ondemand = simdjson::ondemand;

namespace {

// The text of a JSON token without the white space after it.
std::string_view trimmedToken(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

// Whether `token` is a number by JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view token) {
  std::size_t at = 0;
  const auto digits = [&] {
    const std::size_t start = at;
    while (at < token.size() && token[at] >= '0' && token[at] <= '9') ++at;
    return at > start;
  };
  if (at < token.size() && token[at] == '-') ++at;
  if (at < token.size() && token[at] == '0') {
    ++at;
  } else if (at >= token.size() || token[at] < '1' || token[at] > '9' || !digits()) {
    return false;
  }
  if (at < token.size() && token[at] == '.') {
    ++at;
    if (!digits()) return false;
  }
  if (at < token.size() && (token[at] == 'e' || token[at] == 'E')) {
    ++at;
    if (at < token.size() && (token[at] == '+' || token[at] == '-')) ++at;
    if (!digits()) return false;
  }
  return at == token.size();
}

// The bytes of a string token between its quotes when it holds no escape (then they are the
// string itself: stage 1 already checked their UTF-8 and that no control character is left raw).
std::optional<std::string_view> plainStringContent(std::string_view token) {
  if (token.size() < 2) return std::nullopt;
  const std::string_view content = plainTextAt(token.data() + 1);
  if (content.data() == nullptr) return std::nullopt;
  return content;
}

}  // namespace

// --- JsonPlace -----------------------------------------------------------------------------------

JsonPlace::JsonPlace(const std::string& endpoint, bool sanitized)
    : endpoint_(&endpoint), index_(0), sanitized_(sanitized), depth_(1) {}

JsonPlace::JsonPlace(const JsonPlace& parent, std::size_t index)
    : endpoint_(parent.endpoint_),
      parent_(&parent),
      index_(index),
      sanitized_(parent.sanitized_),
      depth_(parent.depth_ + 1) {}

std::string JsonPlace::path() const {
  if (parent_ == nullptr) return {};
  std::string path = parent_->path();
  if (name_.data() == nullptr) return path + "[" + std::to_string(index_) + "]";
  if (!path.empty()) path += '.';
  path.append(name_.data(), name_.size());
  return path;
}

void JsonPlace::fail(const std::string& what) const {
  throw TransportError(endpoint() + " answered with " + what);
}

void JsonPlace::failType(const char* found, const char* expected) const {
  fail(path() + " as " + found + ", expected " + expected);
}

void JsonPlace::failJson(simdjson::error_code error) const {
  if (error == simdjson::MEMALLOC || error == simdjson::CAPACITY) {
    fail("a body too large to read in memory");
  }
  const std::string where = parent_ == nullptr ? "" : " at " + path();
  fail(std::string("a body that is not JSON (") + simdjson::error_message(error) + where + ")");
}

// --- JsonField -----------------------------------------------------------------------------------

const char* jsonTypeName(ondemand::json_type type) {
  switch (type) {
    case ondemand::json_type::array:
      return "array";
    case ondemand::json_type::object:
      return "object";
    case ondemand::json_type::number:
      return "number";
    case ondemand::json_type::string:
      return "string";
    case ondemand::json_type::boolean:
      return "boolean";
    case ondemand::json_type::null:
      return "null";
  }
  return "value";
}

ondemand::json_type JsonField::type() {
  // The first byte of the value's token says its type (as simdjson's own type() reads it).
  const std::string_view token = value_.raw_json_token();
  switch (token.empty() ? '\0' : token.front()) {
    case '{':
      return ondemand::json_type::object;
    case '[':
      return ondemand::json_type::array;
    case '"':
      return ondemand::json_type::string;
    case 't':
    case 'f':
      return ondemand::json_type::boolean;
    case 'n':
      return ondemand::json_type::null;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      return ondemand::json_type::number;
    default:
      place_.failJson(simdjson::TAPE_ERROR);
  }
}

const char* JsonField::typeName() { return jsonTypeName(type()); }

void JsonField::failTooDeep() const {
  place_.fail("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
}

const char* JsonField::location() { return check(value_.current_location()); }

std::string JsonField::rawTextSince(const char* start) {
  const char* end = check(value_.current_location());
  const std::string_view raw =
      trimmedToken(std::string_view(start, static_cast<std::size_t>(end - start)));
  return place_.sanitized() ? withReplacementCharacters(raw) : std::string(raw);
}

bool JsonField::isNull() {
  if (type() != ondemand::json_type::null) return false;
  if (!check(value_.is_null())) place_.failJson(simdjson::INCORRECT_TYPE);
  return true;
}

bool JsonField::stringContent(std::string_view& content) {
  const std::string_view token = value_.raw_json_token();
  if (token.empty() || token.front() != '"') {
    const ondemand::json_type kind = type();
    if (kind == ondemand::json_type::null && isNull()) return false;
    place_.failType(jsonTypeName(kind), "a string");
  }
  if (const auto plain = plainStringContent(token)) {
    check(value_.get_raw_json_string());  // consumes it
    content = *plain;
  } else {
    content = check(value_.get_string());
  }
  return true;
}

std::optional<std::string> JsonField::text() {
  std::string_view content;
  if (!stringContent(content)) return std::nullopt;
  if (place_.sanitized() && content.find(kBadByte) != std::string_view::npos) {
    return withReplacementCharacters(content);
  }
  return std::string(content);
}

void JsonField::readText(std::string& into) {
  std::string_view content;
  if (!stringContent(content)) {
    into.clear();
  } else if (place_.sanitized() && content.find(kBadByte) != std::string_view::npos) {
    into = withReplacementCharacters(content);
  } else {
    into = std::string(content);  // built at its size and moved in: cheaper than assign()
  }
}

void JsonField::checkIdentifier(std::string_view value) const {
  if (place_.sanitized() && value.find("\xEF\xBF\xBD") != std::string_view::npos) {
    place_.fail(place_.path() + " that is not valid UTF-8");
  }
}

std::optional<std::string> JsonField::identifier() {
  std::optional<std::string> value = text();
  if (value) checkIdentifier(*value);
  return value;
}

void JsonField::readIdentifier(std::string& into) {
  readText(into);
  checkIdentifier(into);
}

void JsonField::readTextIfValid(std::string& into) {
  if (type() != ondemand::json_type::string) {
    skip();
    into.clear();
    return;
  }
  readText(into);
}

bool JsonField::isString() { return type() == ondemand::json_type::string; }

std::optional<double> JsonField::number() {
  const ondemand::json_type kind = type();
  if (kind == ondemand::json_type::null) {
    isNull();
    return std::nullopt;
  }
  if (kind != ondemand::json_type::number) place_.failType(jsonTypeName(kind), "a number");
  // An integer literal is read as an integer first (so "-0" is 0, as a full parser reads it);
  // a failed attempt leaves the value unread for get_double.
  // (A token with a fraction or an exponent is no integer: it goes straight to get_double.)
  const std::string_view token = value_.raw_json_token();
  std::size_t digits = token.front() == '-' ? 1 : 0;
  while (digits < token.size() && token[digits] >= '0' && token[digits] <= '9') ++digits;
  const bool fraction = digits < token.size() &&
                        (token[digits] == '.' || token[digits] == 'e' || token[digits] == 'E');
  std::int64_t integer = 0;
  if (!fraction && value_.get_int64().get(integer) == simdjson::SUCCESS) {
    return static_cast<double>(integer);
  }
  return doubleOrFallback();
}

double JsonField::doubleOrFallback() {
  double value = 0;
  const std::string_view token = trimmedToken(value_.raw_json_token());
  const simdjson::error_code error = value_.get_double().get(value);
  if (error == simdjson::SUCCESS) return value;
  // simdjson refuses some numbers of the JSON grammar (an exponent of twenty digits on a zero):
  // read them as a full parser does, with strtod, and leave the token for the iteration to skip.
  if (error == simdjson::NUMBER_ERROR && isJsonNumber(token)) {
    const std::string text(token);
    value = std::strtod(text.c_str(), nullptr);
    if (std::isfinite(value)) return value;
  }
  place_.failJson(error);
}

std::optional<int> JsonField::integer() {
  const auto value = number();
  if (!value) return std::nullopt;
  if (!std::isfinite(*value) || std::fabs(*value) > std::numeric_limits<int>::max()) {
    place_.fail(place_.path() + " out of range for an integer");
  }
  return static_cast<int>(*value);
}

std::optional<bool> JsonField::boolean() {
  const ondemand::json_type kind = type();
  if (kind == ondemand::json_type::null) {
    isNull();
    return std::nullopt;
  }
  if (kind != ondemand::json_type::boolean) place_.failType(jsonTypeName(kind), "a boolean");
  return check(value_.get_bool());
}

std::string JsonField::digitsOrText() {
  const ondemand::json_type kind = type();
  if (kind == ondemand::json_type::string) return *text();
  if (kind == ondemand::json_type::null) {
    isNull();
    return {};
  }
  if (kind == ondemand::json_type::number) {
    const std::string_view token = trimmedToken(value_.raw_json_token());
    if (token.find_first_of(".eE") == std::string_view::npos) {
      if (!token.empty() && token.front() == '-') {
        std::int64_t value = 0;
        if (!value_.get_int64().get(value)) return std::to_string(value);
      } else {
        std::uint64_t value = 0;
        if (!value_.get_uint64().get(value)) return std::to_string(value);
      }
    }
  }
  place_.failType(jsonTypeName(kind), "a string or an integer");
}

std::optional<int> JsonField::integerIfValid() {
  std::int64_t integer = 0;
  if (value_.get_int64().get(integer) == simdjson::SUCCESS) {
    if (integer < -std::numeric_limits<int>::max() || integer > std::numeric_limits<int>::max()) {
      return std::nullopt;
    }
    return static_cast<int>(integer);
  }
  if (type() != ondemand::json_type::number) {
    skip();
    return std::nullopt;
  }
  const double value = *number();
  if (!std::isfinite(value) || std::fabs(value) > std::numeric_limits<int>::max()) {
    return std::nullopt;
  }
  return static_cast<int>(value);
}

std::optional<double> JsonField::numberIfValid() {
  if (type() != ondemand::json_type::number) {
    skip();
    return std::nullopt;
  }
  return number();
}

std::optional<std::string> JsonField::textIfValid() {
  if (type() != ondemand::json_type::string) {
    skip();
    return std::nullopt;
  }
  return text();
}

void JsonField::skip() {
  switch (type()) {
    case ondemand::json_type::object:
      forEachField([](std::string_view, JsonField&) { return false; });
      return;
    case ondemand::json_type::array:
      forEachElement([](JsonField& element) { element.skip(); });
      return;
    case ondemand::json_type::string:
      if (plainStringContent(value_.raw_json_token())) {
        check(value_.get_raw_json_string());
      } else {
        check(value_.get_string());  // checks the escapes
      }
      return;
    case ondemand::json_type::number:
      doubleOrFallback();
      return;
    case ondemand::json_type::boolean:
      check(value_.get_bool());
      return;
    case ondemand::json_type::null:
      isNull();
      return;
  }
}

bool JsonField::isObject() {
  const ondemand::json_type kind = type();
  if (kind == ondemand::json_type::object) return true;
  if (kind == ondemand::json_type::null && isNull()) return false;
  place_.failType(jsonTypeName(kind), "an object");
}

bool JsonField::isArray() {
  const ondemand::json_type kind = type();
  if (kind == ondemand::json_type::array) return true;
  if (kind == ondemand::json_type::null && isNull()) return false;
  place_.failType(jsonTypeName(kind), "an array");
}

void JsonField::requireObject() {
  if (!isObject()) place_.failType("null", "an object");
}

std::size_t JsonField::countElements() { return check(value_.count_elements()); }

std::size_t JsonField::countFields() { return check(value_.count_fields()); }

}  // namespace useapi::luma::detail
