// CurlConnection: construction, teardown, and the API calls.

#include "connection/curl_connection.hpp"

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "codec/job_answers.hpp"
#include "connection/connection_options.hpp"

namespace useapi::luma {
namespace detail {

namespace {

TransportSettings settingsOn(const ClientOptions& options, std::shared_ptr<TimeSource> time) {
  TransportSettings settings = transportSettingsOf(options);
  settings.time = std::move(time);
  return settings;
}

}  // namespace

CurlConnection::CurlConnection(ClientOptions options, std::shared_ptr<TimeSource> time)
    : options_(resolved(std::move(options))),
      time_(time),
      secret_(options_.api_token),
      journal_(options_.journal_path.empty() ? nullptr
                                             : std::make_unique<Journal>(options_.journal_path)),
      transport_(settingsOn(options_, time)),
      stub_(transport_, options_.base_url, options_.request_timeout),
      poller_(
          transport_, [this](const std::string& jobid) { return stub_.jobRequest(jobid); },
          [this](const std::string& jobid, const Job* final_record) {
            recordSettled(jobid, final_record);
          },
          time),
      lifetime_([this] { return transport_.onCallbackThread(); }) {}

CurlConnection::~CurlConnection() {
  lifetime_.close();         // no new call starts
  poller_.shutdown();        // blocking and async waits end with an Error
  transport_.shutdown();     // so do exchanges in flight, on callers' threads too
  lifetime_.waitForCalls();  // every call has returned: nothing uses this any more
}

void destroyCurlConnection(CurlConnection* connection) noexcept {
  if (connection == nullptr) return;
  if (connection->lifetime().insideCallOnThisThread()) {
    // The call this callback came from would go on inside a destroyed client: stop loudly
    // rather than corrupt memory or wait for ourselves forever.
    std::fputs(
        "useapi::luma::Client was destroyed from inside one of its own calls (an on_update or "
        "on_final of a blocking wait, a download's progress callback, or the logger): destroy "
        "it after that call returns. Aborting.\n",
        stderr);
    std::abort();
  }
  if (connection->lifetime().onCallbackThread()) {
    // On the I/O thread (awaitJobAsync's on_update, the logger there): the teardown needs this
    // very thread to run on (it ends the async waits there and then joins it), so it finishes
    // on a thread of its own once this callback returns.
    try {
      std::thread([connection] { delete connection; }).detach();
      return;
    } catch (...) {
      std::fputs("useapi::luma::Client: no thread to finish its teardown on. Aborting.\n", stderr);
      std::abort();
    }
  }
  delete connection;
}

ImageBatch CurlConnection::generateImages(const ImageRequest& request) {
  const auto call = enter("generateImages");
  requireJournalWritable();
  ImageBatch batch;
  try {
    batch = stub_.generateImages(request);
  } catch (Error& error) {
    recordNamedIn(error);
    throw;
  }
  recordCreated(batch.jobids.empty() ? std::vector<std::string>{batch.jobid} : batch.jobids);
  return batch;
}

Job CurlConnection::generateVideo(const VideoRequest& request) {
  const auto call = enter("generateVideo");
  requireJournalWritable();
  Job job;
  try {
    job = stub_.generateVideo(request);
  } catch (Error& error) {
    recordNamedIn(error);
    throw;
  }
  recordCreated({job.jobid});
  return job;
}

Job CurlConnection::getJob(const std::string& jobid) {
  const auto call = enter("getJob");
  Job job;
  try {
    job = stub_.getJob(jobid);
  } catch (const NotFoundError& error) {
    // Only the API's own answer says the job is gone; a proxy's 404 page keeps it open.
    if (isApiJobNotFoundAnswer(error.body())) recordSettled(jobid, nullptr);
    throw;
  }
  if (job.isFinal()) recordSettled(jobid, &job);
  return job;
}

JobList CurlConnection::listJobs() {
  const auto call = enter("listJobs");
  return stub_.listJobs();
}

void CurlConnection::deleteJob(const std::string& jobid) {
  const auto call = enter("deleteJob");
  try {
    stub_.deleteJob(jobid);
  } catch (const NotFoundError& error) {
    if (isApiJobNotFoundAnswer(error.body())) recordSettled(jobid, nullptr);
    throw;
  }
  try {
    recordDone(jobid, JobDone::Deleted);
  } catch (const Error&) {
    // Deleted all the same; a restarted process learns it is gone (404) and forgets it.
  }
}

std::vector<Account> CurlConnection::listAccounts() {
  const auto call = enter("listAccounts");
  return stub_.listAccounts();
}

Account CurlConnection::getAccount(const std::string& email) {
  const auto call = enter("getAccount");
  return stub_.getAccount(email);
}

Account CurlConnection::addAccount(const std::string& session) {
  const auto call = enter("addAccount");
  return stub_.addAccount(session);
}

void CurlConnection::deleteAccount(const std::string& email) {
  const auto call = enter("deleteAccount");
  stub_.deleteAccount(email);
}

// NOLINTNEXTLINE(performance-unnecessary-value-param): the interface takes it by value.
Asset CurlConnection::uploadAsset(const std::string& email, std::string bytes,
                                  std::string content_type) {
  const auto call = enter("uploadAsset");
  return stub_.uploadAsset(email, std::move(bytes), content_type);
}

void CurlConnection::awaitEach(const std::vector<std::string>& jobids,
                               const std::function<void(const Job&)>& on_final,
                               const PollOptions& options) {
  const auto call = enter("awaitEach");
  poller_.awaitEach(jobids, options, [&](std::size_t /*index*/, const Job& job) { on_final(job); });
}

std::future<Job> CurlConnection::awaitJobAsync(const std::string& jobid,
                                               const PollOptions& options) {
  const auto call = enter("awaitJobAsync", CallKind::NonBlocking);
  return poller_.awaitAsync(jobid, options);
}

std::shared_ptr<Connection> makeCurlConnection(ClientOptions options,
                                               std::shared_ptr<TimeSource> time) {
  if (!time) time = systemTime();
  return std::shared_ptr<Connection>(new CurlConnection(std::move(options), std::move(time)),
                                     &destroyCurlConnection);
}

}  // namespace detail

std::shared_ptr<Connection> makeConnection(ClientOptions options) {
  return detail::makeCurlConnection(std::move(options), detail::systemTime());
}

}  // namespace useapi::luma
