// CurlConnection: downloading what jobs produced.

#include "connection/curl_connection.hpp"
#include "connection/media_plan.hpp"
#include "download/file_download.hpp"
#include "download/media_file_name.hpp"
#include "transport/clock_math.hpp"

namespace useapi::luma::detail {
namespace {

namespace fs = std::filesystem;

// The settings of a download call's files (one deadline for them all).
FileDownloadSettings settingsOf(const ClientOptions& client, const DownloadOptions& options,
                                const std::shared_ptr<TimeSource>& time) {
  FileDownloadSettings settings;
  settings.progress = options.progress;
  settings.cancel = options.cancel;
  settings.timeout = options.timeout;
  settings.time = time;
  settings.deadline = deadlineAfter(time->now(), options.timeout);
  settings.durability = client.durable_downloads ? Durability::Synced : Durability::CacheOnly;
  return settings;
}

}  // namespace

std::uint64_t CurlConnection::download(const std::string& url, const fs::path& dest,
                                       const DownloadOptions& options) {
  const auto call = enter("download");
  FileDownloadSettings settings = settingsOf(options_, options, time_);
  settings.replace = true;  // the caller named `dest`
  return downloadToFile(transport_, stub_.downloadRequest(url), dest, settings).bytes;
}

std::vector<fs::path> CurlConnection::downloadMedia(const Job& job, const fs::path& folder,
                                                    const DownloadOptions& options) {
  const auto call = enter("downloadMedia");
  // Every name and URL is checked before the first file is asked for: a job is saved whole or
  // not begun.
  struct File {
    MediaFile media;
    HttpRequest request;
  };
  std::vector<File> files;
  for (MediaFile& media : planMediaFiles(job, folder, options.overwrite)) {
    HttpRequest request = stub_.downloadRequest(media.url);
    files.push_back({std::move(media), std::move(request)});
  }

  const FileDownloadSettings shared = settingsOf(options_, options, time_);
  std::vector<fs::path> written;
  for (File& file : files) {
    FileDownloadSettings settings = shared;
    settings.replace = options.overwrite;
    settings.extension_of = [kind = file.media.kind](std::string_view head) {
      return mediaExtension(kind, head);
    };
    written.push_back(
        downloadToFile(transport_, std::move(file.request), file.media.stem, settings).path);
  }
  recordMediaSaved(job, written.size());  // every file saved: the journal's job is done
  return written;
}

}  // namespace useapi::luma::detail
