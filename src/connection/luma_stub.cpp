// LumaStub: building requests, and the job endpoints.

#include "connection/luma_stub.hpp"

#include <cctype>

#include "codec/job_answers.hpp"
#include "codec/request_encoder.hpp"
#include "codec/response_decoder.hpp"
#include "connection/status_errors.hpp"
#include "transport/path_segment.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// Runs `decode` on the 2xx answer `body` of a job-creating POST: an Error it throws leaves
// saying a job may exist, and naming the jobs the body still names.
template <class Decode>
auto decodeCreation(const std::string& endpoint, std::string_view body, Decode&& decode)
    -> decltype(decode()) {
  try {
    return decodeCreated(endpoint, decode);
  } catch (Error& error) {
    try {
      const std::vector<std::string> named = jobIdsNamedIn(body);
      if (!named.empty()) attachJobIds(error, named);
    } catch (...) {
      // Out of memory while salvaging: the decoding error leaves as it was.
    }
    throw;
  }
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

LumaStub::LumaStub(Transport& transport, std::string base_url,
                   std::chrono::milliseconds request_timeout)
    : transport_(transport),
      base_url_(std::move(base_url)),
      base_origin_(originOf(base_url_)),
      request_timeout_(request_timeout) {}

HttpRequest LumaStub::bareRequest(std::string method) const {
  HttpRequest request;
  request.method = std::move(method);
  request.api_headers = true;  // Authorization
  request.timeout = request_timeout_;
  return request;
}

HttpRequest LumaStub::apiRequest(std::string method, std::string_view path,
                                 std::string_view display_path) const {
  auto request = bareRequest(std::move(method));
  request.url.reserve(base_url_.size() + path.size());
  request.url.append(base_url_).append(path);
  request.endpoint.reserve(request.method.size() + 1 + display_path.size());
  request.endpoint.append(request.method).append(" ").append(display_path);
  return request;
}

HttpRequest LumaStub::itemRequest(std::string method, std::string_view collection,
                                  std::string_view id, std::string_view what) const {
  auto request = bareRequest(std::move(method));
  // Sized for an id that needs no encoding, the usual case: one allocation each.
  request.url.reserve(base_url_.size() + collection.size() + 1 + id.size());
  request.url.append(base_url_).append(collection).append("/");
  appendPathSegment(request.url, id, what);
  request.endpoint.reserve(request.method.size() + 1 + collection.size() + 1 + id.size());
  request.endpoint.append(request.method).append(" ").append(collection).append("/").append(id);
  return request;
}

HttpRequest LumaStub::creation(const std::string& path, const std::string& display_path,
                               std::string body, const std::string& content_type) const {
  auto request = apiRequest("POST", path, display_path);
  request.kind = RequestKind::CreatesResource;
  request.headers.push_back("Content-Type: " + content_type);
  request.body = std::move(body);
  return request;
}

HttpRequest LumaStub::jobRequest(const std::string& jobid) const {
  return itemRequest("GET", "/jobs", jobid, "jobid");
}

HttpRequest LumaStub::downloadRequest(const std::string& url) const {
  const std::string origin = originOf(url);
  if (origin.empty()) throw Error("download URL \"" + url + "\" is not an absolute http(s) URL");
  HttpRequest request;
  request.url = url;
  request.endpoint = "GET " + url.substr(0, url.find_first_of("?#"));
  request.follow_redirects = true;
  // The token goes only to the API's own origin, never to a CDN or another host.
  if (origin == base_origin_) request.api_headers = true;  // the Authorization line
  return request;
}

HttpOutcome LumaStub::send(HttpRequest request) const {
  return transport_.sendAndWait(std::move(request));
}

HttpResponse LumaStub::exchange(HttpRequest request) const {
  const std::string endpoint = request.endpoint;
  const RequestKind kind = request.kind;
  return successOrThrow(send(std::move(request)), endpoint, kind);
}

ImageBatch LumaStub::generateImages(const ImageRequest& request) const {
  const std::string endpoint = "POST /images";
  const auto response =
      exchange(creation("/images", "/images", encodeBody(request), "application/json"));
  return decodeCreation(endpoint, response.body,
                        [&] { return decodeImageBatch(response.body, endpoint); });
}

Job LumaStub::generateVideo(const VideoRequest& request) const {
  const std::string endpoint = "POST /videos";
  const auto response =
      exchange(creation("/videos", "/videos", encodeBody(request), "application/json"));
  Job job =
      decodeCreation(endpoint, response.body, [&] { return decodeJob(response.body, endpoint); });
  if (job.jobid.empty()) {
    throw TransportError(
        "POST /videos answered without a jobid; a job may have been created: check listJobs()");
  }
  return job;
}

Job LumaStub::getJob(const std::string& jobid) const {
  auto request = jobRequest(jobid);
  const std::string endpoint = request.endpoint;
  Job job = decodeJob(exchange(std::move(request)).body, endpoint);
  if (job.jobid != jobid) {
    throw TransportError(endpoint + " answered with the record of another job, " + job.jobid +
                         ", instead of job " + jobid + "'s");
  }
  return job;
}

JobList LumaStub::listJobs() const {
  auto request = apiRequest("GET", "/jobs", "/jobs");
  request.accept_gzip = true;  // a list can run to many kilobytes
  return decodeJobList(exchange(std::move(request)).body, "GET /jobs");
}

void LumaStub::deleteJob(const std::string& jobid) const {
  auto request = itemRequest("DELETE", "/jobs", jobid, "jobid");
  const std::string endpoint = request.endpoint;
  // A retry that hears the API's 404 follows an attempt that was cut after the server deleted
  // the job: what was asked is done. Counting attempts needs every resend to be the client's
  // own.
  request.fresh_connection = true;
  HttpOutcome outcome = send(std::move(request));
  const bool deleted_by_earlier_attempt = outcome.attempts > 1 && outcome.response &&
                                          outcome.response->status == 404 &&
                                          isApiJobNotFoundAnswer(outcome.response->body);
  if (!deleted_by_earlier_attempt) successOrThrow(std::move(outcome), endpoint);
}

}  // namespace useapi::luma::detail
