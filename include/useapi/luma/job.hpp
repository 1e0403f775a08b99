#pragma once
/// \file
/// Job records and image batches as the API returns them.

#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/export.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma {

/// One media file of a completed job.
struct USEAPI_LUMA_EXPORT Media {
  std::string url;                 ///< Where to download it (see Client::download).
  std::optional<int> width;        ///< Pixels, when the API gives it.
  std::optional<int> height;       ///< Pixels, when the API gives it.
  std::optional<double> duration;  ///< Seconds, for videos.
};

/// A job record (GET /jobs/{jobid}). Every field but jobid may be missing while it runs.
struct USEAPI_LUMA_EXPORT Job {
  std::string jobid;                      ///< Opaque id: never parse it.
  JobType type = JobType::Unknown;        ///< Image or video.
  JobStatus status = JobStatus::Unknown;  ///< Unknown when the wire value is not a known one.
  std::string status_text;                ///< The raw wire status, kept even when unknown.
  std::string created;                    ///< ISO 8601 as sent.
  std::optional<std::string> updated;     ///< ISO 8601 of the last change, once there is one.
  std::optional<std::string> error;       ///< Why a failed job failed.
  std::optional<std::string> reply_ref;   ///< The request's replyRef, in webhook payloads.
  std::optional<Media> image;             ///< A completed image job's picture.
  std::optional<Media> video;             ///< A completed video job's video.
  std::optional<Media> thumbnail;         ///< A completed video job's thumbnail.
  std::optional<Media> last_frame;        ///< A completed video job's last frame.
  std::optional<Media> video_hdr_exr;     ///< The ZIP of EXR frames of an hdr_exr video.
  std::string raw;                        ///< The whole JSON record as received.

  /// True when the status is Completed or Failed.
  bool isFinal() const noexcept;
};

/// The answer to POST /images: a parent job and the 4 image jobs to poll.
struct USEAPI_LUMA_EXPORT ImageBatch {
  std::string jobid;                ///< The parent job.
  std::vector<std::string> jobids;  ///< The image jobs, each polled on its own.
  std::string created;              ///< ISO 8601 as sent.
  std::string raw;                  ///< The whole JSON answer as received.
};

}  // namespace useapi::luma
