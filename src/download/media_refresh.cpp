#include "download/media_refresh.hpp"

namespace useapi::luma::detail {

bool mediaUrlRefused(int status) noexcept {
  return status == 403 || status == 404 || status == 410;
}

std::string mediaUrlOf(const Job& job, const std::string& kind) {
  const std::optional<Media>* media = kind == "image"           ? &job.image
                                      : kind == "video"         ? &job.video
                                      : kind == "thumbnail"     ? &job.thumbnail
                                      : kind == "last_frame"    ? &job.last_frame
                                      : kind == "video_hdr_exr" ? &job.video_hdr_exr
                                                                : nullptr;
  return media != nullptr && *media ? (*media)->url : std::string();
}

std::string bareUrlRefusedNote(int status) {
  return "the URL answered " + std::to_string(status) +
         ", as a media link does once it has expired; download() of a bare URL cannot renew it, "
         "while downloadMedia(job, ...) re-reads the job (GET /jobs/{jobid}) for a fresh URL and "
         "retries";
}

}  // namespace useapi::luma::detail
