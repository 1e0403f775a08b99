#pragma once
// A job record read from one JSON object: each of its fields is read here and nowhere else (a
// GET /jobs/{jobid} answer, a webhook, an entry of a webhook's `images`).

#include <string_view>

#include "codec/json_document.hpp"
#include "useapi/luma/job.hpp"

namespace useapi::luma::detail {

/// Reads the record object `record` into `job` (all but Job::raw). Strict on what the library
/// acts on (jobid, status, error, replyRef, the response and its media URLs: a wrong type throws
/// TransportError naming the field), lenient on the rest (type, created, updated, media sizes: a
/// wrong type leaves the field unset). A field it does not know goes to `other(key, field)`,
/// which returns false when it left the value alone (it is then checked and dropped).
template <class Other>
void readJobRecord(JsonField& record, Job& job, Other&& other);

/// readJobRecord for a record with no fields of its own beyond the job's.
void readJobRecord(JsonField& record, Job& job);

/// Reads one field of a job record into `job`; false when `key` is not a job record field.
bool readJobField(std::string_view key, JsonField& field, Job& job);

template <class Other>
void readJobRecord(JsonField& record, Job& job, Other&& other) {
  record.requireObject();
  record.forEachField([&](std::string_view key, JsonField& field) {
    return readJobField(key, field, job) || other(key, field);
  });
}

}  // namespace useapi::luma::detail
