// Exception classes: each what() is one readable sentence; none ever holds the token. Every text
// an error holds passes through redactSecrets() here, the one place where server text (an error
// body, a record, a decoder's quote of either) becomes an error's text.

#include "useapi/luma/errors.hpp"

#include <utility>

#include "model/secret_redaction.hpp"

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

// `message` followed by those of `jobids` it does not mention, at most a few of them by name.
std::string withJobIds(const std::string& message, const std::vector<std::string>& jobids) {
  constexpr std::size_t kNamedAtMost = 5;
  std::vector<std::string> unnamed;
  for (const auto& jobid : jobids) {
    if (!jobid.empty() && message.find(jobid) == std::string::npos) unnamed.push_back(jobid);
  }
  if (unnamed.empty()) return message;
  std::string text = message + (unnamed.size() == 1 ? " (job " : " (jobs ");
  for (std::size_t i = 0; i < unnamed.size() && i < kNamedAtMost; ++i) {
    if (i > 0) text += ", ";
    text += unnamed[i];
  }
  if (unnamed.size() > kNamedAtMost) {
    text += " and " + std::to_string(unnamed.size() - kNamedAtMost) + " more";
  }
  return text + ")";
}

}  // namespace

Error::Error(const std::string& message) : std::runtime_error(detail::redactSecrets(message)) {}

const char* Error::what() const noexcept {
  return context_ ? context_->what.c_str() : std::runtime_error::what();
}

const std::vector<std::string>& Error::jobIds() const noexcept {
  static const std::vector<std::string> kNone;
  return context_ ? context_->jobids : kNone;
}

void Error::setContext(Context context) {
  context.what =
      detail::redactSecrets(withJobIds(std::runtime_error::what() + context.note, context.jobids));
  context_ = std::make_shared<const Context>(std::move(context));
}

void detail::attachJobIds(Error& error, const std::vector<std::string>& jobids) {
  if (jobids.empty()) return;
  Error::Context context = error.context_ ? *error.context_ : Error::Context{};
  context.jobids = jobids;
  error.setContext(std::move(context));
}

void detail::appendNote(Error& error, const std::string& note) {
  Error::Context context = error.context_ ? *error.context_ : Error::Context{};
  context.note += "; " + note;
  error.setContext(std::move(context));
}

ValidationError::ValidationError(std::vector<std::string> problems)
    : Error(joinProblems(problems)), problems_(std::move(problems)) {}

const std::vector<std::string>& ValidationError::problems() const noexcept { return problems_; }

ApiError::ApiError(int status, std::string message, std::string body, const std::string& endpoint)
    : Error(apiErrorText(status, message, endpoint)),
      status_(status),
      message_(detail::redactSecrets(std::move(message))),
      body_(detail::redactSecrets(std::move(body))) {}

int ApiError::status() const noexcept { return status_; }
const std::string& ApiError::message() const noexcept { return message_; }
const std::string& ApiError::body() const noexcept { return body_; }

JobFailedError::JobFailedError(Job job) : Error(jobFailedText(job)), job_(std::move(job)) {}

const Job& JobFailedError::job() const noexcept { return job_; }

TimeoutError::TimeoutError(const std::string& message, Job last)
    : Error(timeoutText(message, last)), last_(std::move(last)) {}

const Job& TimeoutError::last() const noexcept { return last_; }

}  // namespace useapi::luma
