#pragma once
// Text measurements the API's rules are written in: UTF-8 validity and UTF-16 length.

#include <cstddef>
#include <optional>
#include <string_view>

namespace useapi::luma::detail {

/// The byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates and code
/// points past U+10FFFF included), or nullopt when `text` is valid UTF-8.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text) noexcept;

/// The length of valid UTF-8 `text` in UTF-16 code units, as JavaScript counts it.
std::size_t utf16Length(std::string_view text) noexcept;

}  // namespace useapi::luma::detail
