#include "connection/media_plan.hpp"

#include <array>
#include <optional>
#include <utility>

#include "download/media_file_name.hpp"

namespace useapi::luma::detail {

namespace fs = std::filesystem;

bool occupied(const fs::path& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() != fs::file_type::not_found;
}

Error alreadyThere(const fs::path& taken, const std::string& kind, const std::string& jobid) {
  return Error(taken.string() + " already exists: the " + kind + " of job " + jobid +
               " was not downloaded (DownloadOptions::overwrite replaces it)");
}

std::vector<MediaFile> planMediaFiles(const Job& job, const fs::path& folder, bool overwrite) {
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

  std::vector<MediaFile> files;
  for (const auto& [kind, media] : kinds) {
    if (!*media || (*media)->url.empty()) continue;
    fs::path stem = folder / mediaFileStem(job.jobid, kind);
    for (const std::string& extension : possibleMediaExtensions(kind)) {
      fs::path taken = stem;
      taken += "." + extension;
      if (!overwrite && occupied(taken)) throw alreadyThere(taken, kind, job.jobid);
    }
    files.push_back({std::move(stem), kind, (*media)->url});
  }
  return files;
}

}  // namespace useapi::luma::detail
