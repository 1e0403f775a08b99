#pragma once
// The mock's own ceiling: a libcurl multi handle keeping several kept-alive connections busy
// with GET requests of one URL, as fast as the server answers.

#include <cstdint>
#include <string>

namespace useapi::luma::bench {

/// Sends `requests` GETs of `url` (with `Authorization: Bearer <token>`) over `connections`
/// parallel kept-alive connections, with `Accept-Encoding: gzip` when `accept_encoding`;
/// returns how many were answered 200.
std::int64_t hammer(const std::string& url, const std::string& token, int connections,
                    std::int64_t requests, bool accept_encoding);

}  // namespace useapi::luma::bench
