#pragma once
// Streaming a download to disk through a temporary file renamed into place.

#include <cstdint>
#include <filesystem>

#include "transport/transport.hpp"
#include "useapi/luma/client.hpp"

namespace useapi::luma::detail {

/// Whether a finished download is flushed to disk before it is renamed into place.
enum class Durability { Synced, CacheOnly };

/// Sends `request` and streams its 2xx body into a temporary file beside `dest`, renamed to
/// `dest` once complete (and, when `durability` is Synced, on disk); on any failure nothing is
/// left at `dest` (an existing file there is untouched) and the temporary file is removed.
/// `progress` runs on the calling thread. Returns the bytes written. Throws ApiError
/// subclasses, TransportError, Error (file system).
std::uint64_t downloadToFile(Transport& transport, HttpRequest request,
                             const std::filesystem::path& dest, ProgressFn progress,
                             Durability durability = Durability::Synced);

}  // namespace useapi::luma::detail
