// GET /jobs, GET /jobs/{jobid} and DELETE /jobs/{jobid}.

#include <cctype>

#include "mock/http_answers.hpp"
#include "mock/job_record.hpp"
#include "mock/routes.hpp"

namespace useapi::luma::mock {
namespace {

using nlohmann::json;

// A job id the API could have issued: "j<digits><v|i>-u<digits>-email:...-bot:luma".
bool looksLikeJobId(const std::string& jobid) {
  if (jobid.size() < 12 || jobid[0] != 'j') return false;
  std::size_t i = 1;
  while (i < jobid.size() && std::isdigit(static_cast<unsigned char>(jobid[i]))) ++i;
  if (i == 1 || i >= jobid.size() || (jobid[i] != 'v' && jobid[i] != 'i')) return false;
  if (jobid.compare(i + 1, 2, "-u") != 0) return false;
  const std::string suffix = "-bot:luma";
  return jobid.size() > suffix.size() &&
         jobid.compare(jobid.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         jobid.find("-email:") != std::string::npos;
}

bool isFinal(const std::string& status) { return status == "completed" || status == "failed"; }

// The user's job named by the route, or nullopt after answering 400, 404 or 403.
std::optional<MockJob> ownJob(const MockContext& mock, int user, const httplib::Request& req,
                              httplib::Response& res) {
  const std::string jobid = req.matches[1];
  if (!looksLikeJobId(jobid)) {
    answerError(res, 400, "Invalid jobid");
    return std::nullopt;
  }
  auto job = mock.jobs.find(jobid);
  if (!job) {
    answerError(res, 404, "Job not found");
    return std::nullopt;
  }
  if (job->user != user) {
    answerError(res, 403, "Job does not belong to this user");
    return std::nullopt;
  }
  return job;
}

}  // namespace

void listJobs(MockContext& mock, int user, const httplib::Request&, httplib::Response& res) {
  json jobs = json::array();
  for (const auto& job : mock.jobs.runningJobs(user)) {
    json entry = {{"jobid", job.jobid},
                  {"type", job.type},
                  {"account", job.account},
                  {"model", job.request.model},
                  {"created", job.created_iso}};
    if (job.reply_url) entry["replyUrl"] = "configured";
    jobs.push_back(std::move(entry));
  }
  answer(res, 200, {{"executing", jobs.size()}, {"jobs", jobs}});
}

void getJob(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res) {
  const auto job = ownJob(mock, user, req, res);
  if (!job) return;
  answer(res, 200, jobRecord(*job, mock.jobs.statusOf(*job), mock.origin, &mock.media_links));
}

void deleteJob(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res) {
  const auto job = ownJob(mock, user, req, res);
  if (!job) return;
  const std::string status = mock.jobs.statusOf(*job);
  if (!isFinal(status)) {
    return answerError(res, 409,
                       "Cannot delete job in state '" + status + "'. Wait for completion.");
  }
  if (!mock.jobs.erase(job->jobid)) return answerError(res, 404, "Job not found");
  answer(res, 200, {{"jobid", job->jobid}, {"deleted", true}});
}

}  // namespace useapi::luma::mock
