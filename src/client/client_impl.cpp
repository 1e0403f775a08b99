#include "client/client_impl.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

#include "client/job_answers.hpp"
#include "transport/path_segment.hpp"
#include "transport/status_errors.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/version.hpp"

namespace useapi::luma {
namespace {

constexpr const char* kDefaultBaseUrl = "https://api.useapi.net/v1/luma";
constexpr std::size_t kMaxAnswerBytes = std::size_t{16} << 20;

std::string fromEnvironment(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

// True when `text` could not go into a header line as it is (a CR or LF would even start one).
bool hasControlCharacters(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

// Fills the token and base URL from the environment and checks them; never echoes the token.
ClientOptions resolved(ClientOptions options) {
  if (options.api_token.empty()) options.api_token = fromEnvironment("USEAPI_TOKEN");
  if (options.base_url.empty()) options.base_url = fromEnvironment("USEAPI_LUMA_BASE_URL");
  if (options.base_url.empty()) options.base_url = kDefaultBaseUrl;
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();

  if (options.api_token.empty()) {
    throw Error(
        "no API token: set ClientOptions::api_token or the USEAPI_TOKEN environment "
        "variable");
  }
  if (hasControlCharacters(options.api_token)) {
    throw Error("the API token contains control characters (check for a trailing newline)");
  }
  if (hasControlCharacters(options.user_agent)) {
    throw Error("the user agent contains control characters: it must fit on one header line");
  }
  if (originOf(options.base_url).empty()) {
    throw Error("base URL \"" + options.base_url + "\" must start with http:// or https://");
  }
  return options;
}

std::string userAgentOf(const ClientOptions& options) {
  std::string agent = std::string("useapi-luma-cpp/") + kVersion;
  if (!options.user_agent.empty()) agent += " " + options.user_agent;
  return agent;
}

detail::TransportSettings transportSettingsOf(const ClientOptions& options) {
  detail::TransportSettings settings;
  settings.connect_timeout = options.connect_timeout;
  settings.user_agent = userAgentOf(options);
  // No "Accept: application/json": the API answers JSON whatever a request accepts, and each
  // header line costs every poll work on both sides (libcurl formats it byte by byte; see
  // bench/FINDINGS.md). libcurl sends its own short "Accept: */*" instead.
  settings.api_headers = {"Authorization: Bearer " + options.api_token};
  settings.ca_bundle = options.ca_bundle;
  settings.max_connections = options.max_connections;
  settings.retry = options.retry;
  settings.max_body_bytes = kMaxAnswerBytes;
  settings.logger = options.logger;
  settings.stall_timeout = options.stall_timeout;
  settings.max_requests_per_second = options.max_requests_per_second;
  return settings;
}

}  // namespace

std::string originOf(const std::string& url) {
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  if (!http) return {};
  const auto host_start = url.find("://") + 3;
  const auto host_end = url.find_first_of("/?#", host_start);
  if (host_end == host_start || host_start >= url.size()) return {};
  std::string origin = url.substr(0, host_end);
  for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return origin;
}

Client::Impl::Impl(ClientOptions options)
    : options_(resolved(std::move(options))),
      secret_(options_.api_token),
      journal_(options_.journal_path.empty()
                   ? nullptr
                   : std::make_unique<detail::Journal>(options_.journal_path)),
      transport_(transportSettingsOf(options_)),
      poller_(
          transport_, [this](const std::string& jobid) { return jobRequest(jobid); },
          [this](const std::string& jobid, const Job* final_record) {
            recordSettled(jobid, final_record);
          }),
      lifetime_([this] { return transport_.onCallbackThread(); }) {}

Client::Impl::~Impl() {
  lifetime_.close();         // no new call starts
  poller_.shutdown();        // blocking and async waits end with an Error
  transport_.shutdown();     // so do exchanges in flight, on callers' threads too
  lifetime_.waitForCalls();  // every call has returned: nothing uses this any more
}

void Client::Impl::requireJournalWritable() {
  if (journal_) journal_->requireWritable();
}

void Client::Impl::recordCreated(const std::vector<std::string>& jobids) {
  if (!journal_) return;
  try {
    journal_->recordCreated(jobids);
  } catch (Error& error) {
    detail::attachJobIds(error, jobids);
    throw;
  }
}

void Client::Impl::recordNamedIn(Error& error, std::string_view body) noexcept {
  try {
    const std::vector<std::string> jobids = detail::jobIdsNamedIn(body);
    if (jobids.empty()) return;
    detail::attachJobIds(error, jobids);
    if (!journal_) return;
    try {
      journal_->recordCreated(jobids);
    } catch (const Error& journal_error) {
      detail::appendNote(error,
                         std::string("they are not in the journal: ") + journal_error.what());
    }
  } catch (...) {
    // Out of memory while salvaging: the decoding error leaves as it was.
  }
}

void Client::Impl::recordSettled(const std::string& jobid, const Job* final_record) noexcept {
  if (!journal_) return;
  if (final_record != nullptr) {
    journal_->recordFinal(jobid, final_record->status);
    return;
  }
  try {
    journal_->recordDone(jobid, detail::JobDone::Gone);
  } catch (...) {
    // Kept open: a restarted process asks about it once more, which is harmless.
  }
}

void Client::Impl::recordDone(const std::string& jobid, detail::JobDone why) {
  if (journal_) journal_->recordDone(jobid, why);
}

void Client::Impl::recordMediaSaved(const Job& job, std::size_t files_saved) noexcept {
  if (!journal_ || files_saved == 0 || job.status != JobStatus::Completed) return;
  try {
    journal_->recordDone(job.jobid, detail::JobDone::MediaSaved);
  } catch (...) {
    // Kept open: a restarted process saves the media once more, which is harmless.
  }
}

std::vector<std::string> Client::Impl::unfinishedJobs() const {
  return journal_ ? journal_->unfinished() : std::vector<std::string>{};
}

std::vector<std::string> Client::Impl::unacknowledgedJobs() const {
  return journal_ ? journal_->unacknowledged() : std::vector<std::string>{};
}

detail::HttpRequest Client::Impl::bareRequest(std::string method) const {
  detail::HttpRequest request;
  request.method = std::move(method);
  request.api_headers = true;  // Authorization
  request.timeout = options_.request_timeout;
  return request;
}

detail::HttpRequest Client::Impl::apiRequest(std::string method, std::string_view path,
                                             std::string_view display_path) const {
  auto request = bareRequest(std::move(method));
  request.url.reserve(options_.base_url.size() + path.size());
  request.url.append(options_.base_url).append(path);
  request.endpoint.reserve(request.method.size() + 1 + display_path.size());
  request.endpoint.append(request.method).append(" ").append(display_path);
  return request;
}

detail::HttpRequest Client::Impl::itemRequest(std::string method, std::string_view collection,
                                              std::string_view id, std::string_view what) const {
  auto request = bareRequest(std::move(method));
  // Sized for an id that needs no encoding, the usual case: one allocation each.
  request.url.reserve(options_.base_url.size() + collection.size() + 1 + id.size());
  request.url.append(options_.base_url).append(collection).append("/");
  detail::appendPathSegment(request.url, id, what);
  request.endpoint.reserve(request.method.size() + 1 + collection.size() + 1 + id.size());
  request.endpoint.append(request.method).append(" ").append(collection).append("/").append(id);
  return request;
}

detail::HttpRequest Client::Impl::creation(const std::string& path, const std::string& display_path,
                                           std::string body,
                                           const std::string& content_type) const {
  auto request = apiRequest("POST", path, display_path);
  request.kind = detail::RequestKind::CreatesResource;
  request.headers.push_back("Content-Type: " + content_type);
  request.body = std::move(body);
  return request;
}

detail::HttpRequest Client::Impl::jobRequest(const std::string& jobid) const {
  return itemRequest("GET", "/jobs", jobid, "jobid");
}

detail::HttpOutcome Client::Impl::send(detail::HttpRequest request) {
  return transport_.sendAndWait(std::move(request));
}

detail::HttpResponse Client::Impl::exchange(detail::HttpRequest request) {
  const std::string endpoint = request.endpoint;
  const detail::RequestKind kind = request.kind;
  return detail::successOrThrow(send(std::move(request)), endpoint, kind);
}

}  // namespace useapi::luma
