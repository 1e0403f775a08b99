#pragma once
// Streaming a download to disk through a locked temporary file renamed into place, bounded by a
// deadline and stoppable by a cancel or a throwing progress callback.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "time/time_source.hpp"
#include "transport/transport.hpp"
#include "useapi/luma/download_options.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// Whether a finished download is flushed to disk before it is renamed into place.
enum class Durability { Synced, CacheOnly };

/// How one file is downloaded.
struct FileDownloadSettings {
  ProgressFn progress;  ///< Runs on the calling thread; what it throws stops the transfer.
  CancelToken cancel;   ///< cancel() stops the transfer: CancelledError.
  /// The transfer (retries included) ends by then: TransportError naming `timeout`.
  std::optional<Clock::time_point> deadline;
  /// The clock of `deadline`: the transport's.
  std::shared_ptr<TimeSource> time = systemTime();
  std::chrono::milliseconds timeout{0};  ///< The limit `deadline` came from, for the message.
  /// False: an existing file at the final path is never replaced (Error naming it).
  bool replace = true;
  Durability durability = Durability::Synced;
  /// When set, the file is saved as `dest` + "." + extension_of(its first bytes) rather than
  /// as `dest` (downloadMedia: the extension comes from the content, not the URL).
  std::function<std::string(std::string_view head)> extension_of;
  /// Runs on the calling thread when a cut transfer goes on at `offset` (DownloadOptions).
  std::function<void(std::uint64_t offset, std::optional<std::uint64_t> total)> on_resume;
  /// Where the download's own lines go (a transfer resumed or started over); none: nowhere.
  /// Runs on the I/O thread.
  std::function<void(LogLevel, const std::string&)> log;
};

/// A file a download saved.
struct SavedFile {
  std::filesystem::path path;
  std::uint64_t bytes = 0;
};

/// Sends `request` and streams its body into a temporary file ".<name>.part-<digits>" beside
/// `dest`, renamed into place once complete (and, when Synced, on disk). Only a whole 200 with
/// a body is saved, or its rest: when a transfer is cut and the server offered ranges with a
/// validator (see ResumePoint), the transport's retry asks for the rest with Range and
/// If-Range and a 206 continuing the file is appended to it, a 200 starting it over. The file
/// must then have the size the server announced (TransportError otherwise). Before the request goes
/// out it removes the temporary files of earlier runs to `dest` that no live download holds, and
/// creates its own, so that a missing or unwritable folder, a full disk or a `dest` that is a
/// folder are an Error before anything is sent. On any failure or stop nothing is left at `dest`
/// (an existing file there is untouched) and the temporary file is removed once the transfer has
/// ended (no byte reaches it afterwards). Throws Error (local files), CancelledError, whatever
/// `progress` threw, ApiError subclasses, TransportError (including a 206, 204 or empty answer, and
/// the deadline passing).
SavedFile downloadToFile(Transport& transport, HttpRequest request,
                         const std::filesystem::path& dest, const FileDownloadSettings& settings);

}  // namespace useapi::luma::detail
