// The generated media of completed jobs, and large blobs for download tests.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "mock/blob_media.hpp"
#include "mock/http_answers.hpp"
#include "mock/media_synthesis.hpp"
#include "mock/routes.hpp"

namespace useapi::luma::mock {
namespace {

// The smallest valid ZIP archive: an end-of-central-directory record and nothing else.
std::string emptyZip() {
  std::string zip = "PK\x05\x06";
  zip.append(18, '\0');
  return zip;
}

/// How many different clips each frame size has: a job's seed picks one of them.
constexpr std::uint32_t kClipsPerSize = 16;

/// A completed job's MP4, encoded once per frame size and clip and then served from memory, as
/// the real API serves its videos as static files from a CDN. Encoding one costs the mock
/// milliseconds of CPU, which a batch benchmark downloading thousands of them would otherwise
/// measure instead of the client.
std::shared_ptr<const std::string> cachedMp4(const FrameSize& size, std::uint32_t seed) {
  static std::mutex mutex;
  static std::map<std::tuple<int, int, std::uint32_t>, std::shared_ptr<const std::string>> clips;
  const auto key = std::make_tuple(size.width, size.height, seed % kClipsPerSize);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (const auto found = clips.find(key); found != clips.end()) return found->second;
  }
  auto clip = std::make_shared<const std::string>(
      makeMp4(size.width, size.height, kVideoFrames, kVideoFps, std::get<2>(key)));
  std::lock_guard<std::mutex> lock(mutex);
  return clips.emplace(key, std::move(clip)).first->second;
}

}  // namespace

void getJobMedia(MockContext& mock, const httplib::Request& req, httplib::Response& res,
                 std::optional<std::uint64_t> /*cut_after: the wrapper cuts bodies*/) {
  const auto job = mock.jobs.findByIndex(std::stoul(req.matches[1]));
  if (!job || mock.jobs.statusOf(*job) != "completed") {
    return answerError(res, 404, "Media not found");
  }
  if (const auto refused = mock.media_links.refusal(req)) {
    return answerError(res, 403, *refused);  // as a CDN refuses an expired signed link
  }
  const std::string name = req.matches[2];
  const std::string extension = req.matches[3];
  const auto seed = static_cast<std::uint32_t>(job->index * 7919 + name.size());
  const bool video_job = job->type == "video";
  if (extension == "png" && !video_job && name == "image") {
    const FrameSize size = imageSizeFor(job->request.aspect_ratio);
    return res.set_content(makePng(size.width, size.height, seed), "image/png");
  }
  if (extension == "png" && video_job && (name == "thumbnail" || name == "last_frame")) {
    const FrameSize size = videoSizeFor(job->request.aspect_ratio);
    return res.set_content(makePng(size.width, size.height, seed), "image/png");
  }
  if (extension == "mp4" && video_job && name == "video") {
    const FrameSize size = videoSizeFor(job->request.aspect_ratio);
    return res.set_content(*cachedMp4(size, seed), "video/mp4");
  }
  if (extension == "zip" && video_job && name == "frames" &&
      job->request.dynamic_range == "hdr_exr") {
    return res.set_content(emptyZip(), "application/zip");
  }
  answerError(res, 404, "Media not found");
}

void getBlob(MockContext&, const httplib::Request& req, httplib::Response& res,
             std::optional<std::uint64_t> cut_after) {
  const std::uint64_t size = std::stoull(req.matches[1]);
  if (size > kMaxBlobBytes) {
    return answerError(res, 404,
                       "Blob of " + std::to_string(size) + " bytes is over the limit of " +
                           std::to_string(kMaxBlobBytes) + " bytes");
  }
  serveBlob(res, size, cut_after);
}

}  // namespace useapi::luma::mock
