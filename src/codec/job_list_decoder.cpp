// GET /jobs answers: the running jobs.

#include "codec/json_document.hpp"
#include "codec/response_decoder.hpp"

namespace useapi::luma::detail {

JobList decodeJobList(std::string_view body, const std::string& endpoint) {
  return withoutBadAlloc(endpoint, body.size(), [&] {
    JobList list;
    std::string text = paddedCopy(body);
    readJsonObject(text, true, endpoint, [&](JsonField& top) {
      top.forEachField([&](std::string_view key, JsonField& field) {
        if (key == "executing") {
          list.executing = field.integer().value_or(0);
          return true;
        }
        if (key != "jobs") return false;
        list.jobs.clear();
        if (!field.isArray()) return true;
        const std::size_t count = field.countElements();
        if (count > kMaxListedJobs) {
          field.place().fail("a list of " + std::to_string(count) + " running jobs; at most " +
                             std::to_string(kMaxListedJobs) + " are read");
        }
        list.jobs.reserve(count);
        field.forEachElement([&](JsonField& entry) {
          entry.requireObject();
          JobSummary summary;
          entry.forEachField([&](std::string_view name, JsonField& value) {
            if (name == "jobid") {
              summary.jobid = value.identifier().value_or("");
            } else if (name == "account") {
              summary.account = value.text().value_or("");
            } else if (name == "model") {
              summary.model = value.text().value_or("");
            } else if (name == "created") {
              summary.created = value.text().value_or("");
            } else if (name == "type") {
              summary.type =
                  fromString<JobType>(value.text().value_or("")).value_or(JobType::Unknown);
            } else if (name == "replyUrl") {
              summary.has_reply_url = !value.isNull();
              return false;  // any value but null says a webhook is set; checked and dropped
            } else {
              return false;
            }
            return true;
          });
          list.jobs.push_back(std::move(summary));
        });
        return true;
      });
    });
    return list;
  });
}

}  // namespace useapi::luma::detail
