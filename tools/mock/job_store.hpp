#pragma once
// The mock's jobs: creation within a concurrency limit, and a lifecycle driven by the clock.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mock/request_checks.hpp"

namespace useapi::luma::mock {

using MockClock = std::chrono::steady_clock;

/// One job the mock created: a video, an image, or the parent of an image batch.
struct MockJob {
  std::size_t index = 0;  ///< Also names its media: /media/{index}/...
  std::string jobid;
  std::string type;  ///< "video" or "image"
  bool batch_parent = false;
  int user = 0;
  CheckedRequest request;
  MockClock::time_point created_at;
  std::string created_iso;
  bool will_fail = false;
  std::optional<std::string> reply_ref;
  std::vector<std::string> children;  ///< A batch parent's image jobs.
};

/// Jobs and their lifecycle: created, pending, processing over the job duration, then completed
/// (or failed). Thread-safe.
class JobStore {
 public:
  JobStore(std::chrono::milliseconds job_duration, int concurrency, std::string email);

  /// Creates a video job for `user`, or returns nullopt when its running jobs fill the limit.
  std::optional<MockJob> createVideo(int user, const CheckedRequest& request, bool will_fail,
                                     std::optional<std::string> reply_ref);
  /// Creates an image batch (a parent and 4 image jobs; one concurrency slot), or nullopt.
  std::optional<MockJob> createImageBatch(int user, const CheckedRequest& request, bool will_fail,
                                          std::optional<std::string> reply_ref);
  /// The job with this id.
  std::optional<MockJob> find(const std::string& jobid) const;
  /// The job whose media index is `index`.
  std::optional<MockJob> findByIndex(std::size_t index) const;
  /// The job's status now: created, pending, processing, completed or failed.
  std::string statusOf(const MockJob& job) const;
  /// The job record as GET /jobs/{jobid} answers it, media URLs under `media_base`.
  nlohmann::json recordOf(const MockJob& job, const std::string& media_base) const;
  /// How many jobs were created (a batch counts its parent and its 4 images apart: 1 call, 1).
  std::size_t submissions() const;

 private:
  MockJob makeJob(int user, const CheckedRequest& request, const std::string& type, char letter,
                  bool will_fail, std::optional<std::string> reply_ref);
  bool atCapacity(int user) const;
  bool running(const MockJob& job) const;

  const std::chrono::milliseconds job_duration_;
  const int concurrency_;
  const std::string email_;
  mutable std::mutex mutex_;
  std::vector<MockJob> jobs_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::size_t submissions_ = 0;
};

/// The pixel size of a generated picture or video frame.
struct FrameSize {
  int width;
  int height;
};
/// The size of generated images for an aspect ratio (about 512 px on the long side).
FrameSize imageSizeFor(const std::string& aspect_ratio);
/// The size of generated videos for an aspect ratio (multiples of 16).
FrameSize videoSizeFor(const std::string& aspect_ratio);
/// Frames and rate of generated videos: 2 seconds.
inline constexpr int kVideoFrames = 16;
inline constexpr int kVideoFps = 8;
inline constexpr double kVideoSeconds = 2.0;

/// A UTC ISO 8601 timestamp with milliseconds, like "2026-03-26T14:05:30.123Z".
std::string isoNow();

}  // namespace useapi::luma::mock
