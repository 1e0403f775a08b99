// CurlConnection: downloading what jobs produced.

#include "connection/curl_connection.hpp"
#include "connection/media_plan.hpp"
#include "download/file_download.hpp"
#include "download/media_file_name.hpp"
#include "download/media_refresh.hpp"
#include "transport/clock_math.hpp"

namespace useapi::luma::detail {
namespace {

namespace fs = std::filesystem;

// The settings of a download call's files (one deadline for them all).
FileDownloadSettings settingsOf(const ClientOptions& client, const DownloadOptions& options,
                                const std::shared_ptr<TimeSource>& time,
                                const CurlTransport& transport) {
  FileDownloadSettings settings;
  settings.progress = options.progress;
  settings.on_resume = options.on_resume;
  settings.log = [&transport](LogLevel level, const std::string& line) {
    transport.log(level, line);
  };
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
  FileDownloadSettings settings = settingsOf(options_, options, time_, transport_);
  settings.replace = true;  // the caller named `dest`
  try {
    return downloadToFile(transport_, stub_.downloadRequest(url), dest, settings).bytes;
  } catch (ApiError& error) {
    if (mediaUrlRefused(error.status())) appendNote(error, bareUrlRefusedNote(error.status()));
    throw;
  }
}

std::vector<fs::path> CurlConnection::downloadMedia(const Job& job, const fs::path& folder,
                                                    const DownloadOptions& options) {
  const auto call = enter("downloadMedia");
  // Every name and URL is checked before the first file is asked for: a job is saved whole or
  // not begun.
  const std::vector<MediaFile> files = planMediaFiles(job, folder, options.overwrite);
  for (const MediaFile& media : files) stub_.downloadRequest(media.url);

  const FileDownloadSettings shared = settingsOf(options_, options, time_, transport_);
  std::vector<fs::path> written;
  for (const MediaFile& file : files) {
    FileDownloadSettings settings = shared;
    settings.replace = options.overwrite;
    settings.extension_of = [kind = file.kind](std::string_view head) {
      return mediaExtension(kind, head);
    };
    // An expired URL (403, 404, 410) is renewed from the job's record, read through this
    // connection, and the file fetched again from its fresh URL.
    written.push_back(fetchRenewingUrl(
        job, file.kind,
        [&](const std::string& url) {
          return downloadToFile(transport_, stub_.downloadRequest(url), file.stem, settings).path;
        },
        [this](const std::string& jobid) { return stub_.getJob(jobid); },
        [this](const std::string& line) { transport_.log(LogLevel::Warn, line); }));
  }
  recordMediaSaved(job, written.size());  // every file saved: the journal's job is done
  return written;
}

}  // namespace useapi::luma::detail
