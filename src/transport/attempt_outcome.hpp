#pragma once
// What one finished attempt amounts to: an HTTP answer, or a failure of a kind the retry rules
// understand, with whether any byte of the request may have reached the server.

#include <string>

#include "transport/curl_handles.hpp"
#include "transport/http_types.hpp"
#include "transport/transfer.hpp"

namespace useapi::luma::detail {

/// The outcome of attempt number `attempt`, ended by libcurl with `code` after `transfer`
/// received what it did. Moves the response out of `transfer`.
HttpOutcome classifyAttempt(Transfer& transfer, CURLcode code, int attempt);

/// An exchange that ended after `attempts` attempts without an answer, for `kind`.
HttpOutcome failedOutcome(FailureKind kind, bool request_sent, std::string message, int attempts);

/// An exchange ended by the transport's shutdown (the client's destruction).
HttpOutcome shutDownOutcome(int attempts, bool request_sent);

/// An exchange ended by Transport::stop().
HttpOutcome stoppedOutcome(int attempts, bool request_sent);

/// An attempt that could not start for want of memory: nothing was sent.
HttpOutcome outOfMemoryOutcome(int attempts);

}  // namespace useapi::luma::detail
