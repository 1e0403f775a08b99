// Client: construction, generation, and everything about jobs.

#include "useapi/luma/client.hpp"

#include "client/client_impl.hpp"
#include "codec/request_encoder.hpp"
#include "codec/response_decoder.hpp"
#include "transport/status_errors.hpp"
#include "useapi/luma/errors.hpp"

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

}  // namespace

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

ImageBatch Client::generateImages(const ImageRequest& request) {
  throwIfInvalid(validate(request));
  const auto response = impl_->exchange(
      impl_->creation("/images", "/images", detail::encodeBody(request), "application/json"));
  ImageBatch batch = detail::decodeCreated(
      "POST /images", [&] { return detail::decodeImageBatch(response.body, "POST /images"); });
  impl_->recordCreated(batch.jobids.empty() ? std::vector<std::string>{batch.jobid} : batch.jobids);
  return batch;
}

Job Client::generateVideo(const VideoRequest& request) {
  throwIfInvalid(validate(request));
  const auto response = impl_->exchange(
      impl_->creation("/videos", "/videos", detail::encodeBody(request), "application/json"));
  Job job = detail::decodeCreated("POST /videos",
                                  [&] { return detail::decodeJob(response.body, "POST /videos"); });
  if (job.jobid.empty()) {
    throw TransportError(
        "POST /videos answered without a jobid; a job may have been created: check listJobs()");
  }
  impl_->recordCreated({job.jobid});
  return job;
}

Job Client::getJob(const std::string& jobid) {
  return namingJob(jobid, [&] {
    auto request = impl_->jobRequest(jobid);
    const std::string endpoint = request.endpoint;
    Job job;
    try {
      job = detail::decodeJob(impl_->exchange(std::move(request)).body, endpoint);
    } catch (const NotFoundError&) {
      impl_->recordSettled(jobid);
      throw;
    }
    if (job.jobid.empty()) job.jobid = jobid;
    if (job.jobid != jobid) {
      throw TransportError(endpoint + " answered with the record of another job, " + job.jobid +
                           ", instead of job " + jobid + "'s");
    }
    if (job.isFinal()) impl_->recordSettled(jobid);
    return job;
  });
}

Job Client::awaitJob(const std::string& jobid, const PollOptions& options) {
  return namingJob(jobid, [&] {
    Job job = std::move(impl_->poller().awaitAll({jobid}, options).front());
    if (job.status == JobStatus::Failed) throw JobFailedError(std::move(job));
    return job;
  });
}

std::vector<Job> Client::awaitJobs(const std::vector<std::string>& jobids,
                                   const PollOptions& options) {
  // awaitEach names the jobs a failed wait leaves unfinished; awaitJobs returns no record at all
  // when it throws, so its error names every job it was given.
  return namingJobs(jobids, [&] { return impl_->poller().awaitAll(jobids, options); });
}

void Client::awaitEach(const std::vector<std::string>& jobids,
                       const std::function<void(const Job&)>& on_final,
                       const PollOptions& options) {
  impl_->poller().awaitEach(jobids, options,
                            [&](std::size_t /*index*/, const Job& job) { on_final(job); });
}

std::future<Job> Client::awaitJobAsync(const std::string& jobid, const PollOptions& options) {
  return namingJob(jobid, [&] { return impl_->poller().awaitAsync(jobid, options); });
}

std::vector<std::string> Client::unfinishedJobs() { return impl_->unfinishedJobs(); }

JobList Client::listJobs() {
  auto request = impl_->apiRequest("GET", "/jobs", "/jobs");
  request.accept_gzip = true;  // a list can run to many kilobytes
  const auto response = impl_->exchange(std::move(request));
  return detail::decodeJobList(response.body, "GET /jobs");
}

void Client::deleteJob(const std::string& jobid) {
  namingJob(jobid, [&] {
    auto request = impl_->itemRequest("DELETE", "/jobs", jobid, "jobid");
    const std::string endpoint = request.endpoint;
    // A retry that hears 404 follows an attempt that was cut after the server deleted the job:
    // what was asked is done. Counting attempts needs every resend to be the client's own.
    request.fresh_connection = true;
    detail::HttpOutcome outcome = impl_->send(std::move(request));
    const bool deleted_by_earlier_attempt =
        outcome.attempts > 1 && outcome.response && outcome.response->status == 404;
    if (!deleted_by_earlier_attempt) {
      try {
        detail::successOrThrow(std::move(outcome), endpoint);
      } catch (const NotFoundError&) {
        impl_->recordSettled(jobid);
        throw;
      }
    }
    impl_->recordSettled(jobid);
  });
}

}  // namespace useapi::luma
