#pragma once
// HTTP answers and transport failures to the library's exceptions: the stub's half of the wire
// (the transport below knows nothing of what an answer means).

#include <exception>
#include <string>

#include "transport/http_types.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

/// What an error of a job-creating request says when the server may have acted on it.
inline constexpr const char* kMayHaveCreated =
    "the request may have reached the server and created a job, so it was not sent again: check "
    "the running jobs (listJobs(), GET /jobs) before submitting again";

/// The same, for a request that uploads an asset.
inline constexpr const char* kMayHaveStoredAsset =
    "the request may have reached the server and stored the asset, so it was not sent again";
/// The note for a creating request at `endpoint` ("POST /assets/..." or a job's).
const char* mayHaveCreatedNote(const std::string& endpoint) noexcept;

/// Runs `decode` on the 2xx answer of the creating request at `endpoint`: an Error it throws
/// (the answer is unreadable) leaves saying that the job or asset may exist all the same.
template <class Decode>
auto decodeCreated(const std::string& endpoint, Decode&& decode) -> decltype(decode()) {
  try {
    return decode();
  } catch (Error& error) {
    appendNote(error, mayHaveCreatedNote(endpoint));
    throw;
  }
}

/// The ApiError subclass for `response`'s status, with the server's message, for `endpoint`.
std::exception_ptr apiErrorFor(const HttpResponse& response, const std::string& endpoint);

/// A TransportError for `failure` at `endpoint`; for a job-creating request that may have
/// arrived, the message says a job may exist.
std::exception_ptr transportErrorFor(const TransportFailure& failure, const std::string& endpoint,
                                     RequestKind kind = RequestKind::Idempotent);

/// True for statuses that no retry or later poll can fix: 4xx except 408 and 429.
bool isPermanentStatus(int status) noexcept;

/// Returns the 2xx response of `outcome`; otherwise throws its ApiError or TransportError. For a
/// job-creating request, a 5xx (but 596) or a failure after sending says a job may exist.
HttpResponse successOrThrow(HttpOutcome outcome, const std::string& endpoint,
                            RequestKind kind = RequestKind::Idempotent);

}  // namespace useapi::luma::detail
