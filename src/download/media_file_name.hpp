#pragma once
// What downloadMedia names a job's files: from the whole job id, never a part of it, and with an
// extension taken from the file's kind and content, never from its URL.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace useapi::luma::detail {

/// The longest part of a file name taken from the job id (bytes); the whole name, with its
/// hash, kind and extension, stays far below the 255 bytes file systems allow, and so does the
/// ".<name>.part-<digits>" of its download.
constexpr std::size_t kMaxIdPartOfName = 160;

/// "<id>_<hash>_<kind>": the whole `jobid` with every byte but letters, digits, '-', '.', '@'
/// and '+' made '_' (and a leading '.' or '-' too), cut to kMaxIdPartOfName bytes, then 12 hex
/// digits of a 64-bit FNV-1a hash of the whole id, so that ids differing only in a replaced byte
/// or beyond the cut still get different names, then `kind` ("image", "video", ...).
std::string mediaFileStem(std::string_view jobid, std::string_view kind);

/// The extension of a file of `kind` whose content starts with `head`: "png", "jpg" or "webp"
/// by their signatures for image, thumbnail and last_frame (else "png" for image and "jpg" for
/// the others); "mp4" for video; "zip" for video_hdr_exr; "bin" for a kind it does not know.
std::string mediaExtension(std::string_view kind, std::string_view head);

/// The first 16 bytes of the file at `path` (fewer for a shorter or unreadable file): what
/// mediaExtension() needs to tell a picture's type.
std::string fileHead(const std::filesystem::path& path);

/// Every extension mediaExtension() can give for `kind`.
std::vector<std::string> possibleMediaExtensions(std::string_view kind);

}  // namespace useapi::luma::detail
