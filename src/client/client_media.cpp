// Client: downloading what jobs produced.

#include <algorithm>

#include "client/client_impl.hpp"
#include "client/file_download.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

namespace fs = std::filesystem;

// The extension of the URL's path ("png"), or `fallback` when it has none that looks sane.
std::string extensionOf(const std::string& url, const std::string& fallback) {
  const std::string path = url.substr(0, url.find_first_of("?#"));
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return fallback;
  std::string extension = path.substr(dot + 1);
  const bool sane = !extension.empty() && extension.size() <= 5 &&
                    std::all_of(extension.begin(), extension.end(),
                                [](unsigned char c) { return std::isalnum(c) != 0; });
  return sane ? extension : fallback;
}

// A file-name-safe tag of the job: the part of its id before the first '-' ("j0326...v").
std::string jobTag(const std::string& jobid) {
  std::string tag = jobid.substr(0, jobid.find('-'));
  for (char& c : tag) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return tag.empty() ? "job" : tag.substr(0, 40);
}

}  // namespace

std::uint64_t Client::download(const std::string& url, const fs::path& dest, ProgressFn progress) {
  const auto call = impl_->enter("download");
  if (originOf(url).empty()) {
    throw Error("download URL \"" + url + "\" is not an absolute http(s) URL");
  }
  detail::HttpRequest request;
  request.url = url;
  request.endpoint = "GET " + url.substr(0, url.find_first_of("?#"));
  request.follow_redirects = true;
  // The token goes only to the API's own origin, never to a CDN or another host.
  if (originOf(url) == originOf(impl_->options().base_url)) {
    request.api_headers = true;  // the Authorization line
  }
  const auto durability = impl_->options().durable_downloads ? detail::Durability::Synced
                                                             : detail::Durability::CacheOnly;
  return detail::downloadToFile(impl_->transport(), std::move(request), dest, std::move(progress),
                                durability);
}

// The first form of DownloadOptions: only its progress callback is used so far; cancel and the
// overall timeout are wired into the transfer by the download work of issue 12.
std::uint64_t Client::download(const std::string& url, const fs::path& dest,
                               const DownloadOptions& options) {
  return download(url, dest, options.progress);
}

// performance-unnecessary-value-param: `progress` is by value in the public signature, and each
// file gets its own copy of it, as download() takes it by value too.
std::vector<fs::path> Client::downloadMedia(const Job& job, const fs::path& folder,
                                            // NOLINTNEXTLINE(performance-unnecessary-value-param)
                                            ProgressFn progress) {
  const std::pair<const char*, const std::optional<Media>*> kinds[] = {
      {"image", &job.image},
      {"video", &job.video},
      {"thumbnail", &job.thumbnail},
      {"last_frame", &job.last_frame},
      {"video_hdr_exr", &job.video_hdr_exr},
  };
  const std::string fallback_extension[] = {"png", "mp4", "jpg", "jpg", "zip"};
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) throw Error("could not create " + folder.string() + ": " + error.message());

  std::vector<fs::path> written;
  const std::string tag = jobTag(job.jobid);
  for (std::size_t i = 0; i < std::size(kinds); ++i) {
    const auto& [kind, media] = kinds[i];
    if (!*media || (*media)->url.empty()) continue;
    const fs::path dest =
        folder / (tag + "_" + kind + "." + extensionOf((*media)->url, fallback_extension[i]));
    download((*media)->url, dest, progress);
    written.push_back(dest);
  }
  return written;
}

}  // namespace useapi::luma
