#pragma once
/// \file
/// The running jobs of the token's user (GET /jobs).

#include <string>
#include <vector>

#include "useapi/luma/export.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma {

/// One running job as GET /jobs lists it.
struct USEAPI_LUMA_EXPORT JobSummary {
  std::string jobid;                ///< Opaque id, usable with getJob and awaitJob.
  std::string account;              ///< The account's email.
  std::string model;                ///< The model's wire string.
  std::string created;              ///< ISO 8601 as sent.
  JobType type = JobType::Unknown;  ///< Image or video.
  bool has_reply_url = false;       ///< A webhook is configured (wire: replyUrl "configured").
};

/// The answer to GET /jobs: jobs in state created or processing.
struct USEAPI_LUMA_EXPORT JobList {
  int executing = 0;             ///< How many jobs run now.
  std::vector<JobSummary> jobs;  ///< The running jobs.
};

}  // namespace useapi::luma
