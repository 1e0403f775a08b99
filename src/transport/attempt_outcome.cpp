#include "transport/attempt_outcome.hpp"

#include <utility>

namespace useapi::luma::detail {
namespace {

FailureKind failureKindOf(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return FailureKind::Connect;
    case CURLE_OPERATION_TIMEDOUT:
      return FailureKind::Timeout;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_TOO_MANY_REDIRECTS:
      return FailureKind::Tls;  // permanent: configuration, certificate or URL problems
    default:
      return FailureKind::Network;
  }
}

std::string describe(FailureKind kind) {
  switch (kind) {
    case FailureKind::Connect:
      return "could not connect";
    case FailureKind::Timeout:
      return "timed out";
    case FailureKind::Network:
      return "network failure";
    case FailureKind::Tls:
      return "connection refused by configuration or TLS";
    case FailureKind::BodyTooLarge:
      return "answer too large";
    case FailureKind::Sink:
      return "could not store the body";
    case FailureKind::Shutdown:
      return "client shut down";
    case FailureKind::Stopped:
      return "stopped";
  }
  return "failure";
}

}  // namespace

HttpOutcome classifyAttempt(Transfer& transfer, CURLcode code, int attempt) {
  if (transfer.stopped) return stoppedOutcome(attempt, true);
  HttpOutcome outcome;
  outcome.attempts = attempt;
  if (code == CURLE_OK || transfer.unwanted_status) {
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    outcome.response = std::move(transfer.response);
    return outcome;
  }
  long request_size = 0;
  curl_easy_getinfo(transfer.easy, CURLINFO_REQUEST_SIZE, &request_size);
  TransportFailure failure;
  failure.request_sent = request_size > 0;
  if (transfer.too_large) {
    failure.kind = FailureKind::BodyTooLarge;
    failure.message = "the answer is larger than the limit of " +
                      std::to_string(transfer.max_body_bytes) + " bytes";
  } else if (transfer.sink_failed) {
    failure.kind = FailureKind::Sink;
    failure.message = transfer.request->sink->failureMessage();
  } else {
    failure.kind = failureKindOf(code);
    const std::string detail =
        transfer.error[0] != '\0' ? transfer.error : curl_easy_strerror(code);
    failure.message = describe(failure.kind) + " (" + detail + ")";
    if (failure.kind == FailureKind::Connect) failure.request_sent = false;
  }
  outcome.failure = std::move(failure);
  return outcome;
}

HttpOutcome failedOutcome(FailureKind kind, bool request_sent, std::string message, int attempts) {
  HttpOutcome outcome;
  outcome.attempts = attempts;
  outcome.failure = TransportFailure{kind, request_sent, std::move(message)};
  return outcome;
}

HttpOutcome shutDownOutcome(int attempts, bool request_sent) {
  return failedOutcome(FailureKind::Shutdown, request_sent, "the client was destroyed", attempts);
}

HttpOutcome stoppedOutcome(int attempts, bool request_sent) {
  return failedOutcome(FailureKind::Stopped, request_sent, "stopped", attempts);
}

HttpOutcome outOfMemoryOutcome(int attempts) {
  return failedOutcome(FailureKind::Network, false, "out of memory", attempts);
}

}  // namespace useapi::luma::detail
