// Job records and image batches.

#include "codec/job_record_scanner.hpp"
#include "codec/json_reader.hpp"
#include "codec/response_decoder.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

using nlohmann::json;

// A media entry: an object with url (and sizes), or, for video_hdr_exr, a bare URL string.
std::optional<Media> mediaOf(const JsonReader& parent, const char* name) {
  const json* value = parent.find(name);
  if (!value) return std::nullopt;
  Media media;
  if (value->is_string()) {
    media.url = value->get<std::string>();
    return media;
  }
  const auto entry = parent.object(name);
  media.url = entry->text("url").value_or("");
  media.width = entry->integer("width");
  media.height = entry->integer("height");
  media.duration = entry->number("duration");
  return media;
}

}  // namespace

Job jobFrom(const JsonReader& record) {
  Job job;
  job.jobid = record.text("jobid").value_or("");
  if (const auto type = record.text("type")) {
    job.type = fromString<JobType>(*type).value_or(JobType::Unknown);
  }
  job.status_text = record.text("status").value_or("");
  job.status = fromString<JobStatus>(job.status_text).value_or(JobStatus::Unknown);
  job.created = record.text("created").value_or("");
  job.updated = record.text("updated");
  job.error = record.text("error");
  job.reply_ref = record.text("replyRef");
  if (const auto response = record.object("response")) {
    job.image = mediaOf(*response, "image");
    job.video = mediaOf(*response, "video");
    job.thumbnail = mediaOf(*response, "thumbnail");
    job.last_frame = mediaOf(*response, "last_frame");
    job.video_hdr_exr = mediaOf(*response, "video_hdr_exr");
  }
  return job;
}

Job decodeJob(std::string body, const std::string& endpoint) {
  // The one-pass scanner reads the usual record at a fraction of the cost of a JSON document;
  // whatever it declines, the full decoder reads (and reports, when it is wrong).
  Job job;
  if (!scanJobRecordInto(body, job)) {
    job = jobFrom(JsonReader(parseObject(body, endpoint), endpoint));
  }
  job.raw = std::move(body);
  return job;
}

ImageBatch decodeImageBatch(std::string_view body, const std::string& endpoint) {
  const json document = parseObject(body, endpoint);
  const JsonReader top(document, endpoint);
  ImageBatch batch;
  batch.jobid = top.text("jobid").value_or("");
  batch.created = top.text("created").value_or("");
  if (const json* ids = top.array("jobids")) {
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const json& id = (*ids)[i];
      if (!id.is_string()) top.fail("jobids[" + std::to_string(i) + "]", "a string", id);
      batch.jobids.push_back(id.get<std::string>());
    }
  }
  if (batch.jobids.empty()) {
    throw TransportError(endpoint + " answered without the image job ids (jobids)");
  }
  batch.raw = std::string(body);
  return batch;
}

}  // namespace useapi::luma::detail
