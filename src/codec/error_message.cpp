// The server's message in an error answer.

#include <algorithm>
#include <cctype>
#include <optional>

#include "codec/json_document.hpp"
#include "codec/response_decoder.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

namespace {
constexpr std::size_t kMaxMessageLength = 500;
const std::string kErrorAnswer = "error answer";

// The `error` string (or `error.message`) of a JSON error answer; nullopt when the body is not
// JSON or has none. A repeated key counts as its last occurrence.
std::optional<std::string> errorFieldOf(std::string_view body) {
  std::optional<std::string> message;
  try {
    std::string text = paddedCopy(body);
    readJsonObject(text, true, kErrorAnswer, [&](JsonField& top) {
      top.forEachField([&](std::string_view key, JsonField& field) {
        if (key != "error") return false;
        message.reset();
        if (field.isString()) {
          message = field.text();
        } else if (field.isObject()) {
          field.forEachField([&](std::string_view name, JsonField& value) {
            if (name != "message") return false;
            message = value.isString() ? value.text() : std::nullopt;
            if (!message) value.skip();
            return true;
          });
        } else {
          field.skip();
        }
        return true;
      });
    });
  } catch (const Error&) {
    return std::nullopt;  // not JSON: the body's own text says it
  } catch (const std::bad_alloc&) {
    return std::nullopt;
  }
  return message;
}

}  // namespace

std::string errorMessageOf(std::string_view body) {
  if (auto message = errorFieldOf(body)) return std::move(*message);
  std::size_t length = std::min(body.size(), kMaxMessageLength);
  // Never cut a UTF-8 sequence in two: back up to the start of the character at the cut.
  if (length < body.size()) {
    while (length > 0 && (static_cast<unsigned char>(body[length]) & 0xC0) == 0x80) --length;
  }
  std::string_view text = body.substr(0, length);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

}  // namespace useapi::luma::detail
