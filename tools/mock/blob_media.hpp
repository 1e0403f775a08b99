#pragma once
// Large generated media (GET /media/blob/<bytes>.bin) streamed in chunks with Content-Length and
// Range support, and answers cut short after a number of body bytes.

#include <cstdint>
#include <optional>

#include "mock/blob_content.hpp"

namespace httplib {
struct Response;
}  // namespace httplib

namespace useapi::luma::mock {

/// Answers with a blob of `size` bytes (at most kMaxBlobBytes) streamed from a content provider;
/// with `cut_after`, only that many body bytes are sent before the connection is closed.
void serveBlob(httplib::Response& res, std::uint64_t size, std::optional<std::uint64_t> cut_after);

/// Turns the body set on `res` into a stream that keeps its Content-Length but sends only
/// `cut_after` bytes of it before the connection is closed.
void cutBodyAfter(httplib::Response& res, std::uint64_t cut_after);

}  // namespace useapi::luma::mock
