// Client: construction, generation, and everything about jobs.

#include "useapi/luma/client.hpp"

#include <unordered_map>

#include "client/client_lifetime.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"
#include "wait/wait_context.hpp"
#include "webhook/job_events.hpp"
#include "webhook/webhook_submission.hpp"

namespace useapi::luma {
namespace {

void throwIfInvalid(std::vector<std::string> problems) {
  if (!problems.empty()) throw ValidationError(std::move(problems));
}

// Runs `call`; an Error it throws leaves carrying `jobids`, so no job id is lost on the way out.
template <class Call>
auto namingJobs(const std::vector<std::string>& jobids, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (Error& error) {
    detail::attachJobIds(error, jobids);
    throw;
  }
}

// namingJobs for one job, without building a list unless there is an error to name it in.
template <class Call>
auto namingJob(const std::string& jobid, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (Error& error) {
    detail::attachJobIds(error, {jobid});
    throw;
  }
}

// An id that goes into a path: an empty one is refused before it reaches the connection.
void requireId(const std::string& value, const char* what) {
  if (value.empty()) {
    throw ValidationError({std::string(what) + ": is empty; give the id the API returned"});
  }
}

void requireIds(const std::vector<std::string>& jobids) {
  for (const std::string& jobid : jobids) requireId(jobid, "jobid");
}

std::shared_ptr<Connection> required(std::shared_ptr<Connection> connection) {
  if (!connection) throw Error("Client was given a null connection");
  return connection;
}

}  // namespace

Client::Client(ClientOptions options) : Client(makeConnection(options)) {
  waits_->events = std::make_shared<detail::JobEvents>(options.confirm_webhooks);
  if (!options.webhook_url.empty()) setWebhookUrl(std::move(options.webhook_url));
}

// The webhook registry is there from the start (a wait reads it without a lock); it stays idle
// until a webhook URL is set.
Client::Client(std::shared_ptr<Connection> connection)
    : connection_(required(std::move(connection))),
      waits_(std::make_shared<detail::WaitContext>()) {
  waits_->events = std::make_shared<detail::JobEvents>(/*confirm=*/true);
}

// The connection of makeConnection() ends as this class documents when its last owner lets go
// (see destroyCurlConnection); the pointer is not reset first, so that a call racing with the
// destruction still finds the connection and is refused by it.
Client::~Client() = default;

Client::Client(Client&&) noexcept = default;

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    Client previous(std::move(*this));  // torn down as ~Client does
    connection_ = std::move(other.connection_);
    waits_ = std::move(other.waits_);
  }
  return *this;
}

ImageBatch Client::generateImages(const ImageRequest& request) {
  throwIfInvalid(validate(request));
  const std::string webhook_url = waits_->events->url();
  if (request.reply_url || webhook_url.empty()) return connection_->generateImages(request);
  // The secret is known before the POST: its callback may come before the answer does.
  detail::WebhookSecret secret(*waits_->events);
  ImageRequest with_webhook = request;
  with_webhook.reply_url = secret.replyUrl(webhook_url);
  ImageBatch batch = connection_->generateImages(with_webhook);
  std::vector<std::string> jobids{batch.jobid};
  jobids.insert(jobids.end(), batch.jobids.begin(), batch.jobids.end());
  secret.bind(jobids, detail::kindOf(request));
  return batch;
}

Job Client::generateVideo(const VideoRequest& request) {
  throwIfInvalid(validate(request));
  const std::string webhook_url = waits_->events->url();
  if (request.reply_url || webhook_url.empty()) return connection_->generateVideo(request);
  detail::WebhookSecret secret(*waits_->events);
  VideoRequest with_webhook = request;
  with_webhook.reply_url = secret.replyUrl(webhook_url);
  Job job = connection_->generateVideo(with_webhook);
  secret.bind({job.jobid}, detail::kindOf(request));
  return job;
}

Job Client::getJob(const std::string& jobid) {
  requireId(jobid, "jobid");
  return namingJob(jobid, [&] { return connection_->getJob(jobid); });
}

Job Client::awaitJob(const std::string& jobid, const PollOptions& options) {
  requireId(jobid, "jobid");
  return namingJob(jobid, [&] {
    Job job;
    const detail::PublicCallName name("awaitJob");
    const detail::WaitContextScope scope(waits_);
    connection_->awaitEach(
        {jobid}, [&](const Job& final_record) { job = final_record; }, options);
    if (!job.isFinal()) {
      throw Error("the connection's wait for job " + jobid + " returned without its final record");
    }
    if (job.status == JobStatus::Failed) throw JobFailedError(std::move(job));
    return job;
  });
}

std::vector<Job> Client::awaitJobs(const std::vector<std::string>& jobids,
                                   const PollOptions& options) {
  requireIds(jobids);
  // awaitEach names the jobs a failed wait leaves unfinished; awaitJobs returns no record at all
  // when it throws, so its error names every job it was given.
  return namingJobs(jobids, [&] {
    // Where each job's record goes: the places of an id given more than once, in input order.
    std::unordered_map<std::string, std::vector<std::size_t>> places;
    for (std::size_t i = jobids.size(); i-- > 0;) places[jobids[i]].push_back(i);
    std::vector<Job> results(jobids.size());
    const detail::PublicCallName name("awaitJobs");
    const detail::WaitContextScope scope(waits_);
    connection_->awaitEach(
        jobids,
        [&](const Job& job) {
          const auto found = places.find(job.jobid);
          if (found == places.end() || found->second.empty()) return;
          results[found->second.back()] = job;
          found->second.pop_back();
        },
        options);
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!results[i].isFinal()) {
        throw Error("the connection's wait returned without the final record of job " + jobids[i]);
      }
    }
    return results;
  });
}

void Client::awaitEach(const std::vector<std::string>& jobids,
                       const std::function<void(const Job&)>& on_final,
                       const PollOptions& options) {
  requireIds(jobids);
  const detail::WaitContextScope scope(waits_);
  connection_->awaitEach(jobids, on_final, options);
}

std::future<Job> Client::awaitJobAsync(const std::string& jobid, const PollOptions& options) {
  requireId(jobid, "jobid");
  return namingJob(jobid, [&] {
    const detail::WaitContextScope scope(waits_);
    return connection_->awaitJobAsync(jobid, options);
  });
}

std::vector<std::string> Client::unfinishedJobs() { return connection_->unfinishedJobs(); }

std::vector<std::string> Client::unacknowledgedJobs() { return connection_->unacknowledgedJobs(); }

JobList Client::listJobs() { return connection_->listJobs(); }

void Client::acknowledgeJob(const std::string& jobid) {
  namingJob(jobid, [&] { connection_->acknowledgeJob(jobid); });
}

void Client::deleteJob(const std::string& jobid) {
  requireId(jobid, "jobid");
  namingJob(jobid, [&] { connection_->deleteJob(jobid); });
}

}  // namespace useapi::luma
