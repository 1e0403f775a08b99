// Exception classes: each what() is one readable sentence; none ever holds the token.

#include "useapi/luma/errors.hpp"

#include <utility>

namespace useapi::luma {
namespace {

std::string joinProblems(const std::vector<std::string>& problems) {
  std::string text = "invalid request: ";
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) text += "; ";
    text += problems[i];
  }
  return text;
}

std::string apiErrorText(int status, const std::string& message, const std::string& endpoint) {
  std::string text = endpoint + " failed with HTTP " + std::to_string(status);
  if (!message.empty()) text += ": " + message;
  return text;
}

std::string jobFailedText(const Job& job) {
  std::string text = "job " + job.jobid + " failed";
  if (job.error && !job.error->empty()) text += ": " + *job.error;
  return text;
}

// The message, naming the job when the caller's text does not already.
std::string timeoutText(const std::string& message, const Job& last) {
  if (last.jobid.empty() || message.find(last.jobid) != std::string::npos) return message;
  return message + " (job " + last.jobid + ")";
}

}  // namespace

Error::Error(const std::string& message) : std::runtime_error(message) {}

ValidationError::ValidationError(std::vector<std::string> problems)
    : Error(joinProblems(problems)), problems_(std::move(problems)) {}

const std::vector<std::string>& ValidationError::problems() const noexcept { return problems_; }

ApiError::ApiError(int status, std::string message, std::string body, const std::string& endpoint)
    : Error(apiErrorText(status, message, endpoint)),
      status_(status),
      message_(std::move(message)),
      body_(std::move(body)) {}

int ApiError::status() const noexcept { return status_; }
const std::string& ApiError::message() const noexcept { return message_; }
const std::string& ApiError::body() const noexcept { return body_; }

JobFailedError::JobFailedError(Job job) : Error(jobFailedText(job)), job_(std::move(job)) {}

const Job& JobFailedError::job() const noexcept { return job_; }

TimeoutError::TimeoutError(const std::string& message, Job last)
    : Error(timeoutText(message, last)), last_(std::move(last)) {}

const Job& TimeoutError::last() const noexcept { return last_; }

}  // namespace useapi::luma
