#pragma once
// Path parameters as RFC 3986 path segments that can never reach another endpoint.

#include <string>
#include <string_view>

namespace useapi::luma::detail {

/// `value` percent-encoded outside RFC 3986 pchar; "." and ".." become %2E and %2E%2E.
/// Throws ValidationError naming `what` when `value` is empty.
std::string encodePathSegment(std::string_view value, std::string_view what);
/// Appends encodePathSegment(value, what) to `out`, without a string of its own.
void appendPathSegment(std::string& out, std::string_view value, std::string_view what);

}  // namespace useapi::luma::detail
