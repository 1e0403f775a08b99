#pragma once
// The wire of the Luma API: paths, verbs, headers, status -> exception, decoding. Knows nothing
// of curl: it sends through a Transport.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "transport/transport.hpp"
#include "useapi/luma/accounts.hpp"
#include "useapi/luma/assets.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/job_list.hpp"
#include "useapi/luma/requests.hpp"

namespace useapi::luma::detail {

/// One call per endpoint, each a request built, sent through the transport (its retries
/// included), its status turned into the library's exceptions and its answer decoded.
/// Thread-safe: it holds only immutable settings and the transport, which is thread-safe.
/// Requests are taken as valid: validation is the Client's.
class LumaStub {
 public:
  /// `base_url` without a trailing '/'; `request_timeout` bounds each API call.
  LumaStub(Transport& transport, std::string base_url, std::chrono::milliseconds request_timeout);

  /// POST /images. A 2xx answer that cannot be decoded throws Error naming (Error::jobIds())
  /// the jobs it still names: they exist.
  ImageBatch generateImages(const ImageRequest& request) const;
  /// POST /videos. As generateImages for an answer that cannot be decoded.
  Job generateVideo(const VideoRequest& request) const;
  /// GET /jobs/{jobid}; throws TransportError for the record of another job.
  Job getJob(const std::string& jobid) const;
  /// GET /jobs.
  JobList listJobs() const;
  /// DELETE /jobs/{jobid}. A retry that hears the API's own 404 after an attempt that may have
  /// arrived counts as deleted.
  void deleteJob(const std::string& jobid) const;
  /// GET /accounts; none configured (the API's empty 404) gives an empty list.
  std::vector<Account> listAccounts() const;
  /// GET /accounts/{email}.
  Account getAccount(const std::string& email) const;
  /// POST /accounts {"session": ...}.
  Account addAccount(const std::string& session) const;
  /// DELETE /accounts/{email}.
  void deleteAccount(const std::string& email) const;
  /// POST /assets/{email} with the bytes as the body.
  Asset uploadAsset(const std::string& email, std::string bytes,
                    const std::string& content_type) const;

  /// GET /jobs/{jobid}, for the waits. Throws ValidationError for an empty id.
  HttpRequest jobRequest(const std::string& jobid) const;
  /// The GET of a download `url`, with the token only when it is the API's own origin. Throws
  /// Error when it is not an absolute http(s) URL.
  HttpRequest downloadRequest(const std::string& url) const;

 private:
  HttpRequest bareRequest(std::string method) const;
  HttpRequest apiRequest(std::string method, std::string_view path,
                         std::string_view display_path) const;
  HttpRequest itemRequest(std::string method, std::string_view collection, std::string_view id,
                          std::string_view what) const;
  HttpRequest creation(const std::string& path, const std::string& display_path, std::string body,
                       const std::string& content_type) const;
  HttpOutcome send(HttpRequest request) const;
  HttpResponse exchange(HttpRequest request) const;

  Transport& transport_;
  const std::string base_url_;
  const std::string base_origin_;
  const std::chrono::milliseconds request_timeout_;
};

/// scheme://host[:port] of a URL, lower-cased; empty when it is not an absolute http(s) URL.
std::string originOf(const std::string& url);

}  // namespace useapi::luma::detail
