#pragma once
// JSON answers to typed records: lenient on what is missing, strict on wrong types.

#include <string>
#include <string_view>

#include "useapi/luma/job.hpp"

namespace useapi::luma::detail {

/// Deepest nesting of arrays and objects accepted in any answer.
inline constexpr int kMaxJsonDepth = 64;

/// A job record. Throws TransportError naming `endpoint` when `body` is not a JSON object of the
/// documented shape (unknown fields are kept in Job::raw; missing ones stay unset).
Job decodeJob(std::string_view body, const std::string& endpoint);

/// A POST /images answer. Throws TransportError naming `endpoint` when the shape is wrong.
ImageBatch decodeImageBatch(std::string_view body, const std::string& endpoint);

/// The server's message in an error answer: its `error` string, else the body itself (trimmed
/// to a readable length), else an empty string.
std::string errorMessageOf(std::string_view body);

}  // namespace useapi::luma::detail
