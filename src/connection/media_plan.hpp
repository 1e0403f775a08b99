#pragma once
// Which files downloadMedia writes for a job, checked before anything is sent.

#include <filesystem>
#include <string>
#include <vector>

#include "useapi/luma/errors.hpp"
#include "useapi/luma/job.hpp"

namespace useapi::luma::detail {

/// One medium of a job to save.
struct MediaFile {
  std::filesystem::path stem;  ///< folder / "<id>_<hash>_<kind>", without its extension.
  std::string kind;            ///< "image", "video", "thumbnail", "last_frame", "video_hdr_exr".
  std::string url;
};

/// The media of `job` (those with a URL), in the order image, video, thumbnail, last_frame,
/// video_hdr_exr, named as Client::downloadMedia() describes. Creates `folder` if missing.
/// Throws Error when the folder cannot be created or, unless `overwrite`, when a file is already
/// there under a name one of them may take: a job is saved whole or not begun.
std::vector<MediaFile> planMediaFiles(const Job& job, const std::filesystem::path& folder,
                                      bool overwrite);

/// True when something, even a dangling link, is at `path`.
bool occupied(const std::filesystem::path& path);

/// The Error for a file of `kind` of job `jobid` that downloadMedia will not replace.
Error alreadyThere(const std::filesystem::path& taken, const std::string& kind,
                   const std::string& jobid);

}  // namespace useapi::luma::detail
