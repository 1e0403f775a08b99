#include "client/client_impl.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

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
      journal_(options_.journal_path.empty()
                   ? nullptr
                   : std::make_unique<detail::Journal>(options_.journal_path)),
      transport_(detail::TransportSettings{
          options_.connect_timeout, userAgentOf(options_), options_.ca_bundle,
          options_.max_connections, options_.retry, kMaxAnswerBytes, options_.logger,
          options_.stall_timeout, options_.max_requests_per_second}),
      poller_(
          transport_, [this](const std::string& jobid) { return jobRequest(jobid); },
          [this](const std::string& jobid) { recordSettled(jobid); }) {}

void Client::Impl::recordCreated(const std::vector<std::string>& jobids) {
  if (!journal_) return;
  try {
    journal_->recordCreated(jobids);
  } catch (Error& error) {
    detail::attachJobIds(error, jobids);
    throw;
  }
}

void Client::Impl::recordSettled(const std::string& jobid) noexcept {
  if (journal_) journal_->recordFinal(jobid);
}

std::vector<std::string> Client::Impl::unfinishedJobs() const {
  return journal_ ? journal_->unfinished() : std::vector<std::string>{};
}

std::string Client::Impl::authorization() const {
  return "Authorization: Bearer " + options_.api_token;
}

detail::HttpRequest Client::Impl::apiRequest(std::string method, const std::string& path,
                                             const std::string& display_path) const {
  detail::HttpRequest request;
  request.method = std::move(method);
  request.url = options_.base_url + path;
  request.endpoint = request.method + " " + display_path;
  request.headers = {authorization(), "Accept: application/json"};
  request.timeout = options_.request_timeout;
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
  return apiRequest("GET", "/jobs/" + detail::encodePathSegment(jobid, "jobid"), "/jobs/" + jobid);
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
