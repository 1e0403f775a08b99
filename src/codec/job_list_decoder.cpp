// GET /jobs answers: the running jobs.

#include "codec/json_reader.hpp"
#include "codec/response_decoder.hpp"

namespace useapi::luma::detail {

JobList decodeJobList(std::string_view body, const std::string& endpoint) {
  const nlohmann::json document = parseObject(body, endpoint);
  const JsonReader top(document, endpoint);
  JobList list;
  list.executing = top.integer("executing").value_or(0);
  const nlohmann::json* jobs = top.array("jobs");
  if (!jobs) return list;
  for (std::size_t i = 0; i < jobs->size(); ++i) {
    const JsonReader entry = top.element("jobs[" + std::to_string(i) + "]", (*jobs)[i]);
    JobSummary summary;
    summary.jobid = entry.text("jobid").value_or("");
    summary.account = entry.text("account").value_or("");
    summary.model = entry.text("model").value_or("");
    summary.created = entry.text("created").value_or("");
    summary.type = fromString<JobType>(entry.text("type").value_or("")).value_or(JobType::Unknown);
    summary.has_reply_url = entry.find("replyUrl") != nullptr;
    list.jobs.push_back(std::move(summary));
  }
  return list;
}

}  // namespace useapi::luma::detail
