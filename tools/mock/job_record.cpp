#include "mock/job_record.hpp"

namespace useapi::luma::mock {

using nlohmann::json;

namespace {

// A picture (an image, a video's thumbnail or last frame) as a response lists it.
json stillOf(const std::string& url, FrameSize size) {
  return {{"media_type", "image"}, {"url", url}, {"width", size.width}, {"height", size.height}};
}

}  // namespace

json jobRecord(const MockJob& job, const std::string& status, const std::string& origin,
               MediaLinks* links) {
  const auto link = [links](const std::string& url) { return links ? links->handOut(url) : url; };
  json record = {{"jobid", job.jobid},         {"type", job.type},   {"status", status},
                 {"created", job.created_iso}, {"updated", nullptr}, {"response", nullptr},
                 {"credits", nullptr}};
  if (job.reply_ref) record["replyRef"] = *job.reply_ref;
  if (job.batch_parent) record["jobids"] = job.children;
  if (status != "completed" && status != "failed") return record;

  record["updated"] = job.updated_iso;  // fixed when it became final, as the API's
  if (status == "failed") {
    record["error"] = "Generation failed (requested by the prompt's [mock:fail] marker)";
    return record;
  }
  const std::string base = origin + "/media/" + std::to_string(job.index);
  record["credits"] = {{"dm_usage", job.type == "video" ? 2 : 1}, {"dm_relaxed_usage", nullptr}};
  if (job.type == "image") {
    if (job.batch_parent) {
      record["response"] = json::object();
      return record;
    }
    const FrameSize size = imageSizeFor(job.request.aspect_ratio);
    record["response"] = {{"image", stillOf(link(base + "/image.png"), size)}};
    return record;
  }
  const FrameSize frame = videoSizeFor(job.request.aspect_ratio);
  json response = {{"video",
                    {{"media_type", "video"},
                     {"url", link(base + "/video.mp4")},
                     {"width", frame.width},
                     {"height", frame.height},
                     {"duration", kVideoSeconds}}},
                   {"video_hdr_exr", nullptr},
                   {"thumbnail", stillOf(link(base + "/thumbnail.png"), frame)},
                   {"last_frame", stillOf(link(base + "/last_frame.png"), frame)}};
  if (job.request.dynamic_range == "hdr_exr") {
    response["video_hdr_exr"] = link(base + "/frames.zip");
  }
  record["response"] = response;
  return record;
}

json batchPayload(json parent_record, const std::vector<json>& image_records) {
  bool all_final = true;
  bool any_completed = false;
  for (const auto& image : image_records) {
    const std::string status = image.value("status", "");
    any_completed = any_completed || status == "completed";
    all_final = all_final && (status == "completed" || status == "failed");
  }
  if (all_final && !image_records.empty()) {
    parent_record["status"] = any_completed ? "completed" : "failed";
  }
  parent_record["images"] = image_records;
  return parent_record;
}

}  // namespace useapi::luma::mock
