#pragma once
// Keeps API tokens out of every message: each Client registers its token for its lifetime, and
// every Error's text and every log line passes through redactSecrets() on its way out, whatever
// a server echoed back (its error body, a record, a redirect URL) or a decoder quoted.

#include <string>

namespace useapi::luma::detail {

/// What a redacted secret is replaced with.
inline constexpr const char* kRedacted = "[redacted]";

/// Secrets shorter than this are not redacted: no real token is that short, and replacing every
/// "t" of a message would make it unreadable.
inline constexpr std::size_t kShortestRedactedSecret = 8;

/// Registers `secret` (an API token) for redaction while it lives; thread-safe. Registrations of
/// the same secret are counted, so two clients with one token each keep it registered.
class SecretRegistration {
 public:
  explicit SecretRegistration(std::string secret);
  ~SecretRegistration();
  SecretRegistration(const SecretRegistration&) = delete;
  SecretRegistration& operator=(const SecretRegistration&) = delete;

 private:
  std::string secret_;
};

/// `text` with every registered secret replaced by kRedacted: as it is, percent-encoded (upper or
/// lower case hex) and JSON-escaped. Thread-safe; never throws (on failure it returns kRedacted).
std::string redactSecrets(std::string text) noexcept;

}  // namespace useapi::luma::detail
