#include <algorithm>
#include <cctype>

#include "codec/json_reader.hpp"
#include "codec/response_decoder.hpp"

namespace useapi::luma::detail {

namespace {
constexpr std::size_t kMaxMessageLength = 500;
}  // namespace

std::string errorMessageOf(std::string_view body) {
  if (nestingWithinLimit(body)) {
    const auto document = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_object()) {
      const auto it = document.find("error");
      if (it != document.end() && it->is_string()) return it->get<std::string>();
      if (it != document.end() && it->is_object()) {
        const auto message = it->find("message");
        if (message != it->end() && message->is_string()) return message->get<std::string>();
      }
    }
  }
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
