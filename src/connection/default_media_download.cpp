// Connection::downloadMedia's default: the files named as Client::downloadMedia() describes,
// each fetched through download().

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>

#include "connection/media_plan.hpp"
#include "download/media_file_name.hpp"
#include "download/media_refresh.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

// What is left of the call's time limit for the next file (zero: none).
std::chrono::milliseconds remainingTimeout(const DownloadOptions& options,
                                           SteadyClock::time_point started) {
  if (options.timeout <= std::chrono::milliseconds::zero()) return options.timeout;
  const auto spent =
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  if (spent >= options.timeout) return std::chrono::milliseconds(1);  // the download says so
  return options.timeout - spent;
}

}  // namespace

std::vector<fs::path> Connection::downloadMedia(const Job& job, const fs::path& folder,
                                                const DownloadOptions& options) {
  const auto started = SteadyClock::now();
  std::vector<fs::path> written;
  for (const detail::MediaFile& file : detail::planMediaFiles(job, folder, options.overwrite)) {
    // The extension comes from the content: the file is fetched under a hidden name first.
    const fs::path fetched =
        file.stem.parent_path() / ("." + file.stem.filename().string() + ".download");
    // An expired URL (403, 404, 410) is renewed from the job's record (getJob) and fetched again.
    detail::fetchRenewingUrl(
        job, file.kind,
        [&](const std::string& url) {
          DownloadOptions each = options;
          each.timeout = remainingTimeout(options, started);
          return download(url, fetched, each);
        },
        [this](const std::string& jobid) { return getJob(jobid); }, nullptr);
    fs::path saved = file.stem;
    saved += "." + detail::mediaExtension(file.kind, detail::fileHead(fetched));
    std::error_code error;
    if (!options.overwrite && detail::occupied(saved)) {
      fs::remove(fetched, error);
      throw detail::alreadyThere(saved, file.kind, job.jobid);
    }
    fs::rename(fetched, saved, error);
    if (error) {
      std::error_code ignored;
      fs::remove(fetched, ignored);
      throw Error("could not name the " + file.kind + " of job " + job.jobid + " " +
                  saved.string() + ": " + error.message());
    }
    written.push_back(std::move(saved));
  }
  return written;
}

}  // namespace useapi::luma
