// Client: validation, encoding and decoding glued to the transport and the poller.

#include "useapi/luma/client.hpp"

#include <cstdlib>
#include <future>

#include "client/file_download.hpp"
#include "client/poller.hpp"
#include "codec/request_encoder.hpp"
#include "codec/response_decoder.hpp"
#include "transport/curl_transport.hpp"
#include "transport/path_segment.hpp"
#include "transport/status_errors.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/version.hpp"

namespace useapi::luma {
namespace {

constexpr const char* kDefaultBaseUrl = "https://api.useapi.net/v1/luma";

std::string fromEnvironment(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
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
  for (const char c : options.api_token) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      throw Error("the API token contains control characters (check for a trailing newline)");
    }
  }
  const bool http =
      options.base_url.rfind("http://", 0) == 0 || options.base_url.rfind("https://", 0) == 0;
  if (!http) {
    throw Error("base URL \"" + options.base_url + "\" must start with http:// or https://");
  }
  return options;
}

std::string userAgentOf(const ClientOptions& options) {
  std::string agent = std::string("useapi-luma-cpp/") + kVersion;
  if (!options.user_agent.empty()) agent += " " + options.user_agent;
  return agent;
}

// scheme://host[:port] of a URL, lower-cased, for same-origin checks.
std::string originOf(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  const auto host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string origin = url.substr(0, host_end);
  for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return origin;
}

}  // namespace

class Client::Impl {
 public:
  explicit Impl(ClientOptions options)
      : options_(resolved(std::move(options))),
        transport_(detail::TransportSettings{
            options_.connect_timeout, userAgentOf(options_), options_.ca_bundle,
            options_.max_connections, options_.retry, std::size_t{16} << 20, options_.logger}),
        poller_(transport_, [this](const std::string& jobid) { return jobRequest(jobid); }) {}

  ImageBatch generateImages(const ImageRequest& request) {
    throwIfInvalid(validate(request));
    const auto response = exchange(jobCreation("/images", detail::encodeBody(request)));
    return detail::decodeImageBatch(response.body, "POST /images");
  }

  Job generateVideo(const VideoRequest& request) {
    throwIfInvalid(validate(request));
    const auto response = exchange(jobCreation("/videos", detail::encodeBody(request)));
    Job job = detail::decodeJob(response.body, "POST /videos");
    if (job.jobid.empty()) throw TransportError("POST /videos answered without a jobid");
    return job;
  }

  Job getJob(const std::string& jobid) {
    auto request = jobRequest(jobid);
    const std::string endpoint = request.endpoint;
    Job job = detail::decodeJob(exchange(std::move(request)).body, endpoint);
    if (job.jobid.empty()) job.jobid = jobid;
    return job;
  }

  std::vector<Job> awaitJobs(const std::vector<std::string>& jobids, const PollOptions& options) {
    return poller_.awaitAll(jobids, options);
  }

  std::uint64_t download(const std::string& url, const std::filesystem::path& dest,
                         const ProgressFn& progress) {
    if (originOf(url).empty()) {
      throw Error("download URL \"" + url + "\" is not an absolute http(s) URL");
    }
    detail::HttpRequest request;
    request.url = url;
    request.endpoint = "GET " + url.substr(0, url.find('?'));
    request.follow_redirects = true;
    // The token goes only to the API's own origin, never to a CDN or another host.
    if (originOf(url) == originOf(options_.base_url)) request.headers.push_back(authorization());
    return detail::downloadToFile(transport_, std::move(request), dest, progress);
  }

 private:
  static void throwIfInvalid(std::vector<std::string> problems) {
    if (!problems.empty()) throw ValidationError(std::move(problems));
  }

  std::string authorization() const { return "Authorization: Bearer " + options_.api_token; }

  detail::HttpRequest apiRequest(std::string method, const std::string& path,
                                 const std::string& display_path) const {
    detail::HttpRequest request;
    request.method = std::move(method);
    request.url = options_.base_url + path;
    request.endpoint = request.method + " " + display_path;
    request.headers = {authorization(), "Accept: application/json"};
    request.timeout = options_.request_timeout;
    return request;
  }

  detail::HttpRequest jobCreation(const std::string& path, std::string body) const {
    auto request = apiRequest("POST", path, path);
    request.kind = detail::RequestKind::CreatesJob;
    request.headers.push_back("Content-Type: application/json");
    request.body = std::move(body);
    return request;
  }

  detail::HttpRequest jobRequest(const std::string& jobid) const {
    return apiRequest("GET", "/jobs/" + detail::encodePathSegment(jobid, "jobid"),
                      "/jobs/" + jobid);
  }

  // Sends on the I/O thread and waits for the outcome; a 2xx answer or a thrown error.
  detail::HttpResponse exchange(detail::HttpRequest request) {
    auto promise = std::make_shared<std::promise<detail::HttpOutcome>>();
    auto outcome = promise->get_future();
    const std::string endpoint = request.endpoint;
    const detail::RequestKind kind = request.kind;
    transport_.send(std::move(request), [promise](detail::HttpOutcome result) {
      promise->set_value(std::move(result));
    });
    return detail::successOrThrow(outcome.get(), endpoint, kind);
  }

  const ClientOptions options_;
  detail::CurlTransport transport_;
  detail::Poller poller_;
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

ImageBatch Client::generateImages(const ImageRequest& request) {
  return impl_->generateImages(request);
}

Job Client::generateVideo(const VideoRequest& request) { return impl_->generateVideo(request); }

Job Client::getJob(const std::string& jobid) { return impl_->getJob(jobid); }

Job Client::awaitJob(const std::string& jobid, const PollOptions& options) {
  Job job = std::move(impl_->awaitJobs({jobid}, options).front());
  if (job.status == JobStatus::Failed) throw JobFailedError(std::move(job));
  return job;
}

std::vector<Job> Client::awaitJobs(const std::vector<std::string>& jobids,
                                   const PollOptions& options) {
  return impl_->awaitJobs(jobids, options);
}

std::uint64_t Client::download(const std::string& url, const std::filesystem::path& dest,
                               ProgressFn progress) {
  return impl_->download(url, dest, progress);
}

}  // namespace useapi::luma
