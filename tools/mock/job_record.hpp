#pragma once
// Job records as the API shows them: GET /jobs/{jobid} answers and webhook payloads.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mock/job_store.hpp"
#include "mock/media_links.hpp"

namespace useapi::luma::mock {

/// The record of `job` in `status` (GET /jobs/{jobid}), media URLs under `origin`, handed out by
/// `links` when given (signed URLs that expire, see MediaLinks).
nlohmann::json jobRecord(const MockJob& job, const std::string& status, const std::string& origin,
                         MediaLinks* links = nullptr);

/// A batch's webhook payload: the parent's record with the image records in "images"; once every
/// image is final its status is "completed" if any image completed, else "failed".
nlohmann::json batchPayload(nlohmann::json parent_record,
                            const std::vector<nlohmann::json>& image_records);

}  // namespace useapi::luma::mock
