// Job records and image batches.

#include "codec/job_record.hpp"
#include "codec/json_document.hpp"
#include "codec/response_decoder.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// A media entry into `into`: an object with url (and sizes), or, for video_hdr_exr, a bare URL
// string; null leaves it unset. Read in place, without a Media or a string in between.
void readMedia(JsonField& field, std::optional<Media>& into) {
  if (field.isString()) {
    field.readIdentifier(into.emplace().url);
    return;
  }
  if (!field.isObject()) {
    into.reset();
    return;
  }
  Media& media = into.emplace();
  field.forEachField([&](std::string_view key, JsonField& entry) {
    if (key == "url") {
      entry.readIdentifier(media.url);
    } else if (key == "width") {
      media.width = entry.integerIfValid();
    } else if (key == "height") {
      media.height = entry.integerIfValid();
    } else if (key == "duration") {
      media.duration = entry.numberIfValid();
    } else {
      return false;
    }
    return true;
  });
}

void readResponse(JsonField& field, Job& job) {
  // A repeated `response` replaces the one before, as a repeated key does in any JSON reader.
  job.image = job.video = job.thumbnail = job.last_frame = job.video_hdr_exr = std::nullopt;
  if (!field.isObject()) return;
  field.forEachField([&](std::string_view key, JsonField& media) {
    if (key == "image") {
      readMedia(media, job.image);
    } else if (key == "video") {
      readMedia(media, job.video);
    } else if (key == "thumbnail") {
      readMedia(media, job.thumbnail);
    } else if (key == "last_frame") {
      readMedia(media, job.last_frame);
    } else if (key == "video_hdr_exr") {
      readMedia(media, job.video_hdr_exr);
    } else {
      return false;
    }
    return true;
  });
}

}  // namespace

bool readJobField(std::string_view key, JsonField& field, Job& job) {
  if (key == "jobid") {
    field.readIdentifier(job.jobid);
  } else if (key == "status") {
    field.readText(job.status_text);
    job.status = fromString<JobStatus>(job.status_text).value_or(JobStatus::Unknown);
  } else if (key == "type") {
    const auto type = field.textIfValid();
    job.type = type ? fromString<JobType>(*type).value_or(JobType::Unknown) : JobType::Unknown;
  } else if (key == "created") {
    field.readTextIfValid(job.created);
  } else if (key == "updated") {
    if (field.isString()) {
      field.readText(job.updated.emplace());
    } else {
      field.skip();
      job.updated.reset();
    }
  } else if (key == "error") {
    job.error = field.text();
  } else if (key == "replyRef") {
    job.reply_ref = field.text();
  } else if (key == "response") {
    readResponse(field, job);
  } else {
    return false;
  }
  return true;
}

void readJobRecord(JsonField& record, Job& job) {
  readJobRecord(record, job, [](std::string_view, JsonField&) { return false; });
}

Job decodeJob(std::string body, const std::string& endpoint) {
  return withoutBadAlloc(endpoint, body.size(), [&] {
    Job job;
    // Read in place: the body becomes Job::raw, padded for the parser meanwhile.
    padInPlace(body);
    readJsonObject(body, false, endpoint, [&](JsonField& record) { readJobRecord(record, job); });
    if (job.jobid.empty()) {
      // Nothing ties it to a job: it cannot be the answer asked for.
      throw TransportError(endpoint + " answered with a job record without a jobid");
    }
    unpad(body);
    job.raw = std::move(body);
    return job;
  });
}

ImageBatch decodeImageBatch(std::string_view body, const std::string& endpoint) {
  return withoutBadAlloc(endpoint, body.size(), [&] {
    ImageBatch batch;
    batch.raw = paddedCopy(body);
    const bool changed = readJsonObject(batch.raw, true, endpoint, [&](JsonField& top) {
      top.forEachField([&](std::string_view key, JsonField& field) {
        if (key == "jobid") {
          batch.jobid = field.identifier().value_or("");
        } else if (key == "created") {
          batch.created = field.textIfValid().value_or("");
        } else if (key == "jobids") {
          batch.jobids.clear();
          if (field.isArray()) {
            field.forEachElement([&](JsonField& id) {
              if (!id.isString()) {
                id.place().failType(id.typeName(), "a string");
              }
              batch.jobids.push_back(*id.identifier());
            });
          }
        } else {
          return false;
        }
        return true;
      });
    });
    unpad(batch.raw);
    if (changed) batch.raw.assign(body);  // as received
    if (batch.jobids.empty()) {
      throw TransportError(endpoint + " answered without the image job ids (jobids)");
    }
    return batch;
  });
}

}  // namespace useapi::luma::detail
