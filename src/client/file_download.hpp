#pragma once
// Streaming a download to disk through a temporary file renamed into place.

#include <cstdint>
#include <filesystem>

#include "transport/transport.hpp"
#include "useapi/luma/client.hpp"

namespace useapi::luma::detail {

/// Sends `request` and streams its 2xx body into a temporary file beside `dest`, renamed to
/// `dest` once complete and flushed; on any failure nothing is left at `dest` (an existing file
/// there is untouched) and the temporary file is removed. `progress` runs on the calling thread.
/// Returns the bytes written. Throws ApiError subclasses, TransportError, Error (file system).
std::uint64_t downloadToFile(Transport& transport, HttpRequest request,
                             const std::filesystem::path& dest, ProgressFn progress);

}  // namespace useapi::luma::detail
