#pragma once
// HTTP answers and transport failures to the library's exceptions.

#include <exception>
#include <string>

#include "transport/http_types.hpp"

namespace useapi::luma::detail {

/// The ApiError subclass for `response`'s status, with the server's message, for `endpoint`.
std::exception_ptr apiErrorFor(const HttpResponse& response, const std::string& endpoint);

/// A TransportError for `failure` at `endpoint`; for a job-creating request that may have
/// arrived, the message says a job may exist.
std::exception_ptr transportErrorFor(const TransportFailure& failure, const std::string& endpoint,
                                     RequestKind kind = RequestKind::Idempotent);

/// True for statuses that no retry or later poll can fix: 4xx except 408 and 429.
bool isPermanentStatus(int status) noexcept;

/// Returns the 2xx response of `outcome`; otherwise throws its ApiError or TransportError.
HttpResponse successOrThrow(HttpOutcome outcome, const std::string& endpoint,
                            RequestKind kind = RequestKind::Idempotent);

}  // namespace useapi::luma::detail
