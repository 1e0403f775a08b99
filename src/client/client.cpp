// Client: construction, generation, and everything about jobs.

#include "useapi/luma/client.hpp"

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "client/client_impl.hpp"
#include "client/job_answers.hpp"
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

Client::~Client() {
  if (!impl_) return;  // moved from
  if (impl_->lifetime().insideCallOnThisThread()) {
    // The call this callback came from would go on inside a destroyed client: stop loudly
    // rather than corrupt memory or wait for ourselves forever.
    std::fputs(
        "useapi::luma::Client was destroyed from inside one of its own calls (an on_update or "
        "on_final of a blocking wait, a download's progress callback, or the logger): destroy "
        "it after that call returns. Aborting.\n",
        stderr);
    std::abort();
  }
  if (impl_->lifetime().onCallbackThread()) {
    // On the I/O thread (awaitJobAsync's on_update, the logger there): the teardown needs this
    // very thread to run on, so it finishes on a thread of its own once this callback returns.
    try {
      std::thread([impl = std::move(impl_)]() mutable { impl.reset(); }).detach();
      return;
    } catch (...) {
      std::fputs("useapi::luma::Client: no thread to finish its teardown on. Aborting.\n", stderr);
      std::abort();
    }
  }
  impl_.reset();
}

Client::Client(Client&&) noexcept = default;

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    Client previous(std::move(*this));  // torn down as ~Client does
    impl_ = std::move(other.impl_);
  }
  return *this;
}

ImageBatch Client::generateImages(const ImageRequest& request) {
  const auto call = impl_->enter("generateImages");
  throwIfInvalid(validate(request));
  impl_->requireJournalWritable();
  const auto response = impl_->exchange(
      impl_->creation("/images", "/images", detail::encodeBody(request), "application/json"));
  ImageBatch batch;
  try {
    batch = detail::decodeCreated(
        "POST /images", [&] { return detail::decodeImageBatch(response.body, "POST /images"); });
  } catch (Error& error) {
    impl_->recordNamedIn(error, response.body);
    throw;
  }
  impl_->recordCreated(batch.jobids.empty() ? std::vector<std::string>{batch.jobid} : batch.jobids);
  return batch;
}

Job Client::generateVideo(const VideoRequest& request) {
  const auto call = impl_->enter("generateVideo");
  throwIfInvalid(validate(request));
  impl_->requireJournalWritable();
  const auto response = impl_->exchange(
      impl_->creation("/videos", "/videos", detail::encodeBody(request), "application/json"));
  Job job;
  try {
    job = detail::decodeCreated("POST /videos",
                                [&] { return detail::decodeJob(response.body, "POST /videos"); });
  } catch (Error& error) {
    impl_->recordNamedIn(error, response.body);
    throw;
  }
  if (job.jobid.empty()) {
    throw TransportError(
        "POST /videos answered without a jobid; a job may have been created: check listJobs()");
  }
  impl_->recordCreated({job.jobid});
  return job;
}

Job Client::getJob(const std::string& jobid) {
  const auto call = impl_->enter("getJob");
  return namingJob(jobid, [&] {
    auto request = impl_->jobRequest(jobid);
    const std::string endpoint = request.endpoint;
    Job job;
    try {
      job = detail::decodeJob(impl_->exchange(std::move(request)).body, endpoint);
    } catch (const NotFoundError& error) {
      // Only the API's own answer says the job is gone; a proxy's 404 page keeps it open.
      if (detail::isApiJobNotFoundAnswer(error.body())) impl_->recordSettled(jobid, nullptr);
      throw;
    }
    if (job.jobid != jobid) {
      throw TransportError(endpoint + " answered with the record of another job, " + job.jobid +
                           ", instead of job " + jobid + "'s");
    }
    if (job.isFinal()) impl_->recordSettled(jobid, &job);
    return job;
  });
}

Job Client::awaitJob(const std::string& jobid, const PollOptions& options) {
  const auto call = impl_->enter("awaitJob");
  return namingJob(jobid, [&] {
    Job job = std::move(impl_->poller().awaitAll({jobid}, options).front());
    if (job.status == JobStatus::Failed) throw JobFailedError(std::move(job));
    return job;
  });
}

std::vector<Job> Client::awaitJobs(const std::vector<std::string>& jobids,
                                   const PollOptions& options) {
  const auto call = impl_->enter("awaitJobs");
  // awaitEach names the jobs a failed wait leaves unfinished; awaitJobs returns no record at all
  // when it throws, so its error names every job it was given.
  return namingJobs(jobids, [&] { return impl_->poller().awaitAll(jobids, options); });
}

void Client::awaitEach(const std::vector<std::string>& jobids,
                       const std::function<void(const Job&)>& on_final,
                       const PollOptions& options) {
  const auto call = impl_->enter("awaitEach");
  impl_->poller().awaitEach(jobids, options,
                            [&](std::size_t /*index*/, const Job& job) { on_final(job); });
}

std::future<Job> Client::awaitJobAsync(const std::string& jobid, const PollOptions& options) {
  const auto call = impl_->enter("awaitJobAsync", detail::CallKind::NonBlocking);
  return namingJob(jobid, [&] { return impl_->poller().awaitAsync(jobid, options); });
}

std::vector<std::string> Client::unfinishedJobs() {
  const auto call = impl_->enter("unfinishedJobs", detail::CallKind::NonBlocking);
  return impl_->unfinishedJobs();
}

std::vector<std::string> Client::unacknowledgedJobs() {
  const auto call = impl_->enter("unacknowledgedJobs", detail::CallKind::NonBlocking);
  return impl_->unacknowledgedJobs();
}

JobList Client::listJobs() {
  const auto call = impl_->enter("listJobs");
  auto request = impl_->apiRequest("GET", "/jobs", "/jobs");
  request.accept_gzip = true;  // a list can run to many kilobytes
  const auto response = impl_->exchange(std::move(request));
  return detail::decodeJobList(response.body, "GET /jobs");
}

void Client::acknowledgeJob(const std::string& jobid) {
  namingJob(jobid, [&] { impl_->recordDone(jobid, detail::JobDone::Acknowledged); });
}

void Client::deleteJob(const std::string& jobid) {
  const auto call = impl_->enter("deleteJob");
  namingJob(jobid, [&] {
    auto request = impl_->itemRequest("DELETE", "/jobs", jobid, "jobid");
    const std::string endpoint = request.endpoint;
    // A retry that hears the API's 404 follows an attempt that was cut after the server deleted
    // the job: what was asked is done. Counting attempts needs every resend to be the client's
    // own.
    request.fresh_connection = true;
    detail::HttpOutcome outcome = impl_->send(std::move(request));
    const bool deleted_by_earlier_attempt = outcome.attempts > 1 && outcome.response &&
                                            outcome.response->status == 404 &&
                                            detail::isApiJobNotFoundAnswer(outcome.response->body);
    if (!deleted_by_earlier_attempt) {
      try {
        detail::successOrThrow(std::move(outcome), endpoint);
      } catch (const NotFoundError& error) {
        if (detail::isApiJobNotFoundAnswer(error.body())) impl_->recordSettled(jobid, nullptr);
        throw;
      }
    }
    try {
      impl_->recordDone(jobid, detail::JobDone::Deleted);
    } catch (const Error&) {
      // Deleted all the same; a restarted process learns it is gone (404) and forgets it.
    }
  });
}

}  // namespace useapi::luma
