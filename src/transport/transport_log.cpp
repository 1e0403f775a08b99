#include "transport/transport_log.hpp"

#include "model/secret_redaction.hpp"

namespace useapi::luma::detail {
namespace {

// The log whose logger this thread is inside.
thread_local const TransportLog* t_logging_in = nullptr;

}  // namespace

void TransportLog::write(LogLevel level, const std::string& line) const {
  if (!logger_) return;
  const std::string redacted = redactSecrets(line);  // a redirect URL, a server's text
  std::lock_guard<std::mutex> lock(mutex_);
  // Marks this thread as inside the logger, where a blocking call of the Client is refused.
  struct Inside {
    const TransportLog* outer = t_logging_in;
    explicit Inside(const TransportLog* log) { t_logging_in = log; }
    ~Inside() { t_logging_in = outer; }
    Inside(const Inside&) = delete;
    Inside& operator=(const Inside&) = delete;
  } inside(this);
  logger_(level, redacted);
}

bool TransportLog::insideLogger() const { return t_logging_in == this; }

}  // namespace useapi::luma::detail
