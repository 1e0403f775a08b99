#pragma once
// The literal identifiers and answers of the seed pages (shared/seeds/generate-images.txt and
// generate-videos.txt, the public docs of POST /images and POST /videos), for end-to-end tests
// that must run against the ids the real API issues, not only those luma-mock mints.
//
// The email inside them is "[email protected]": that is how the published pages show it (an
// address hidden by the site's e-mail protection), spaces and brackets included. Kept verbatim:
// an id is opaque, and such a one is a good test of every place that turns an id into a name.

#include <array>
#include <string>

namespace useapi::luma::testing::seed {

/// The `created` of both seed answers; the time in each id below is this one's.
inline const std::string kCreated = "2026-03-26T14:05:30.123Z";

/// The parent id of the seed's image batch (POST /images answer, "jobid").
inline const std::string kImageBatchParentId =
    "j0326140530123456789i-u12345-email:[email protected]:"
    "a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma";

/// The 4 image job ids of the seed's batch ("jobids"), in order. With the parent they share
/// everything before the first '-'; only the uuid differs.
inline const std::array<std::string, 4> kImageJobIds = {
    "j0326140530123456789i-u12345-email:[email protected]:"
    "b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:"
    "c3d4e5f6-a7b8-9012-cdef-345678901234-bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:"
    "d4e5f6a7-b890-1234-defa-456789012345-bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:"
    "e5f6a7b8-9012-3456-efab-567890123456-bot:luma",
};

/// The parent and the 4 image ids together, parent first.
inline const std::array<std::string, 5> kImageBatchIds = {
    kImageBatchParentId, kImageJobIds[0], kImageJobIds[1], kImageJobIds[2], kImageJobIds[3]};

/// The seed's video job id (POST /videos answer). Before its first '-' it differs from the
/// image batch's ids in the letter only.
inline const std::string kVideoJobId =
    "j0326140530123456789v-u12345-email:[email protected]:"
    "a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma";

/// The assetRef of the seed's image-to-video example (imageStart).
inline const std::string kAssetRef =
    "u12345-email:[email protected]:a1b2c3d4-e5f6-7890-abcd-ef1234567890";

/// The seed's POST /images 200 answer, verbatim.
inline const std::string kImagesAnswer =
    R"({ "jobid": "j0326140530123456789i-u12345-email:[email protected]:a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma", )"
    R"("jobids": [ "j0326140530123456789i-u12345-email:[email protected]:b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma", )"
    R"("j0326140530123456789i-u12345-email:[email protected]:c3d4e5f6-a7b8-9012-cdef-345678901234-bot:luma", )"
    R"("j0326140530123456789i-u12345-email:[email protected]:d4e5f6a7-b890-1234-defa-456789012345-bot:luma", )"
    R"("j0326140530123456789i-u12345-email:[email protected]:e5f6a7b8-9012-3456-efab-567890123456-bot:luma" ], )"
    R"("type": "image", "status": "created", "count": 4, "created": "2026-03-26T14:05:30.123Z", )"
    R"("request": { "prompt": "A photorealistic portrait of an astronaut on Mars", "model": "photon-v2", )"
    R"("resolution": "1080p", "aspect_ratio": "16:9" } })";

/// The seed's POST /videos 200 answer, verbatim.
inline const std::string kVideosAnswer =
    R"({ "jobid": "j0326140530123456789v-u12345-email:[email protected]:a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma", )"
    R"("type": "video", "status": "created", "created": "2026-03-26T14:05:30.123Z", )"
    R"("request": { "prompt": "A serene mountain landscape at sunset with camera slowly panning right", )"
    R"("model": "ray-v3-flash", "resolution": "720p", "aspect_ratio": "16:9", "duration": "5s", )"
    R"("dynamic_range": "sdr" } })";

/// The seed's video job id with its uuid's last block made `n` (1: the seed's own id), for tests
/// that need several video jobs of the documented shape.
inline std::string videoJobId(unsigned n) {
  if (n == 1) return kVideoJobId;
  const std::string uuid_tail = "ef1234567890";  // the last block of the seed id's uuid
  const std::string digits = std::to_string(n);
  std::string id = kVideoJobId;
  id.replace(id.find(uuid_tail), uuid_tail.size(), std::string(12 - digits.size(), '0') + digits);
  return id;
}

/// The seed's POST /videos answer for job `jobid` at `status`: the record shape the docs show
/// (created, request, ...), not a minimal one.
inline std::string videoRecord(const std::string& jobid, const std::string& status) {
  std::string record = kVideosAnswer;
  record.replace(record.find(kVideoJobId), kVideoJobId.size(), jobid);
  const std::string created = R"("status": "created")";
  record.replace(record.find(created), created.size(), R"("status": ")" + status + "\"");
  return record;
}

}  // namespace useapi::luma::testing::seed
