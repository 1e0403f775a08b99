// Client: downloading what jobs produced.

#include <array>
#include <utility>

#include "client/client_impl.hpp"
#include "client/file_download.hpp"
#include "client/media_file_name.hpp"
#include "transport/clock_math.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

namespace fs = std::filesystem;

// True when something, even a dangling link, is at `path`.
bool occupied(const fs::path& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() != fs::file_type::not_found;
}

// The settings of a download call's files (one deadline for them all).
detail::FileDownloadSettings settingsOf(const ClientOptions& client,
                                        const DownloadOptions& options) {
  detail::FileDownloadSettings settings;
  settings.progress = options.progress;
  settings.cancel = options.cancel;
  settings.timeout = options.timeout;
  settings.deadline = detail::deadlineAfter(detail::Clock::now(), options.timeout);
  settings.durability =
      client.durable_downloads ? detail::Durability::Synced : detail::Durability::CacheOnly;
  return settings;
}

// The GET of `url`. Throws Error when it is not an absolute http(s) URL.
detail::HttpRequest downloadRequest(const ClientOptions& client, const std::string& url) {
  if (originOf(url).empty()) {
    throw Error("download URL \"" + url + "\" is not an absolute http(s) URL");
  }
  detail::HttpRequest request;
  request.url = url;
  request.endpoint = "GET " + url.substr(0, url.find_first_of("?#"));
  request.follow_redirects = true;
  // The token goes only to the API's own origin, never to a CDN or another host.
  if (originOf(url) == originOf(client.base_url)) {
    request.api_headers = true;  // the Authorization line
  }
  return request;
}

}  // namespace

std::uint64_t Client::download(const std::string& url, const fs::path& dest, ProgressFn progress) {
  DownloadOptions options;
  options.progress = std::move(progress);
  return download(url, dest, options);
}

std::uint64_t Client::download(const std::string& url, const fs::path& dest,
                               const DownloadOptions& options) {
  const auto call = impl_->enter("download");
  detail::FileDownloadSettings settings = settingsOf(impl_->options(), options);
  settings.replace = true;  // the caller named `dest`
  return detail::downloadToFile(impl_->transport(), downloadRequest(impl_->options(), url), dest,
                                settings)
      .bytes;
}

// performance-unnecessary-value-param: `progress` is by value in the public signature.
std::vector<fs::path> Client::downloadMedia(const Job& job, const fs::path& folder,
                                            // NOLINTNEXTLINE(performance-unnecessary-value-param)
                                            ProgressFn progress) {
  DownloadOptions options;
  options.progress = std::move(progress);
  return downloadMedia(job, folder, options);
}

std::vector<fs::path> Client::downloadMedia(const Job& job, const fs::path& folder,
                                            const DownloadOptions& options) {
  const auto call = impl_->enter("downloadMedia");
  const std::array<std::pair<const char*, const std::optional<Media>*>, 5> kinds = {{
      {"image", &job.image},
      {"video", &job.video},
      {"thumbnail", &job.thumbnail},
      {"last_frame", &job.last_frame},
      {"video_hdr_exr", &job.video_hdr_exr},
  }};
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) throw Error("could not create the folder " + folder.string() + ": " + error.message());

  // Every name is checked before the first file is asked for: a job is saved whole or not begun.
  struct File {
    fs::path stem;  // the path without its extension
    std::string kind;
    detail::HttpRequest request;
  };
  std::vector<File> files;
  for (const auto& [kind, media] : kinds) {
    if (!*media || (*media)->url.empty()) continue;
    fs::path stem = folder / detail::mediaFileStem(job.jobid, kind);
    for (const std::string& extension : detail::possibleMediaExtensions(kind)) {
      fs::path taken = stem;
      taken += "." + extension;
      if (!options.overwrite && occupied(taken)) {
        throw Error(taken.string() + " already exists: the " + kind + " of job " + job.jobid +
                    " was not downloaded (DownloadOptions::overwrite replaces it)");
      }
    }
    files.push_back({std::move(stem), kind, downloadRequest(impl_->options(), (*media)->url)});
  }

  const detail::FileDownloadSettings shared = settingsOf(impl_->options(), options);
  std::vector<fs::path> written;
  for (File& file : files) {
    detail::FileDownloadSettings settings = shared;
    settings.replace = options.overwrite;
    settings.extension_of = [kind = file.kind](std::string_view head) {
      return detail::mediaExtension(kind, head);
    };
    written.push_back(
        detail::downloadToFile(impl_->transport(), std::move(file.request), file.stem, settings)
            .path);
  }
  impl_->recordMediaSaved(job, written.size());  // every file saved: the journal's job is done
  return written;
}

}  // namespace useapi::luma
