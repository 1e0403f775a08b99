#pragma once
/// \file
/// The exceptions the library throws. All derive from Error, itself a std::runtime_error.
/// No message ever contains the API token.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "useapi/luma/export.hpp"
#include "useapi/luma/job.hpp"

namespace useapi::luma {

class Error;

namespace detail {
/// Internal: records on `error` the ids of the jobs it concerns (see Error::jobIds()).
USEAPI_LUMA_EXPORT void attachJobIds(Error& error, const std::vector<std::string>& jobids);
/// Internal: adds a sentence to `error`'s what(), e.g. that a job may have been created.
USEAPI_LUMA_EXPORT void appendNote(Error& error, const std::string& note);
}  // namespace detail

/// The base of every exception the library throws.
class USEAPI_LUMA_EXPORT Error : public std::runtime_error {
 public:
  /// An error whose what() is `message`.
  explicit Error(const std::string& message);
  /// The message; once job ids are attached, it names those it did not already name.
  const char* what() const noexcept override;
  /// The ids of the jobs this error concerns, so that no created job is lost: the job of a
  /// getJob or deleteJob call, the jobs of a wait, the jobs a generate call created before it
  /// failed (e.g. while writing the journal). Empty when no job was involved.
  const std::vector<std::string>& jobIds() const noexcept;

 private:
  friend void detail::attachJobIds(Error& error, const std::vector<std::string>& jobids);
  friend void detail::appendNote(Error& error, const std::string& note);
  struct Context {
    std::vector<std::string> jobids;
    std::string note;
    std::string what;
  };
  void setContext(Context context);
  std::shared_ptr<const Context> context_;  // shared: copying an exception never throws
};

/// A request failed validation before any network I/O.
class USEAPI_LUMA_EXPORT ValidationError : public Error {
 public:
  /// An error listing every problem found.
  explicit ValidationError(std::vector<std::string> problems);
  /// Each problem as a sentence naming the field, the value and what is allowed.
  const std::vector<std::string>& problems() const noexcept;

 private:
  std::vector<std::string> problems_;
};

/// The API answered with a non-2xx status.
class USEAPI_LUMA_EXPORT ApiError : public Error {
 public:
  /// An error for `status` at `endpoint` (e.g. "POST /videos"), with the server's `message`.
  ApiError(int status, std::string message, std::string body, const std::string& endpoint);
  /// The HTTP status.
  int status() const noexcept;
  /// The server's `error` field, or the body when there is none.
  const std::string& message() const noexcept;
  /// The response body as received, except that any API token of a live Client in it (as it is,
  /// percent-encoded or JSON-escaped) reads "[redacted]", as in message() and what().
  const std::string& body() const noexcept;

 private:
  int status_;
  std::string message_;
  std::string body_;
};

/// HTTP 400: the request was rejected as invalid.
class USEAPI_LUMA_EXPORT BadRequestError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 401: the API token is missing or wrong.
class USEAPI_LUMA_EXPORT UnauthorizedError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 402: the subscription expired or credits ran out.
class USEAPI_LUMA_EXPORT PaymentRequiredError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 403: the job or resource belongs to another user.
class USEAPI_LUMA_EXPORT ForbiddenError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 404: no such job, account or asset.
class USEAPI_LUMA_EXPORT NotFoundError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 409: the resource is in a state that forbids the call (e.g. deleting a running job).
class USEAPI_LUMA_EXPORT ConflictError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 422: the prompt or image was rejected by content moderation.
class USEAPI_LUMA_EXPORT ContentModerationError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 429: every eligible account is at its concurrency limit.
class USEAPI_LUMA_EXPORT CapacityError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 5xx (except 596): the server failed.
class USEAPI_LUMA_EXPORT ServerError : public ApiError {
 public:
  using ApiError::ApiError;
};
/// HTTP 596: the Luma account session expired; re-add the account.
class USEAPI_LUMA_EXPORT SessionError : public ApiError {
 public:
  using ApiError::ApiError;
};

/// No usable HTTP answer: connect or TLS failure, timeout, reset, or an unparseable body.
class USEAPI_LUMA_EXPORT TransportError : public Error {
 public:
  using Error::Error;
};

/// A waited-for job ended `failed`.
class USEAPI_LUMA_EXPORT JobFailedError : public Error {
 public:
  /// An error carrying the failed record.
  explicit JobFailedError(Job job);
  /// The failed job's record (its `error` says why).
  const Job& job() const noexcept;

 private:
  Job job_;
};

/// A wait passed its deadline before the job was final.
class USEAPI_LUMA_EXPORT TimeoutError : public Error {
 public:
  /// An error with `message`, carrying the last record seen.
  TimeoutError(const std::string& message, Job last);
  /// The last record seen of the job still running (only its jobid if none was received).
  const Job& last() const noexcept;

 private:
  Job last_;
};

/// A wait was cancelled through its CancelToken.
class USEAPI_LUMA_EXPORT CancelledError : public Error {
 public:
  using Error::Error;
};

}  // namespace useapi::luma
