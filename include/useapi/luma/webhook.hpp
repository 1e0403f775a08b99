#pragma once
/// \file
/// Parsing the callbacks the API POSTs to a request's replyUrl.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "useapi/luma/export.hpp"
#include "useapi/luma/job.hpp"

namespace useapi::luma {

/// One webhook callback.
struct USEAPI_LUMA_EXPORT WebhookEvent {
  Job job;                  ///< The record itself (for an image batch: the batch-level record).
  std::vector<Job> images;  ///< An image batch callback's `images` array; empty otherwise.
  std::optional<std::string> reply_ref;  ///< The request's replyRef, when it had one.
};

/// The largest webhook body parseWebhook accepts.
inline constexpr std::size_t kMaxWebhookBytes = std::size_t{4} * 1024 * 1024;

/// Parses a callback body without trusting it: callbacks are not signed, so confirm what matters
/// with Client::getJob. Throws Error (never crashes) for a body over kMaxWebhookBytes, not JSON,
/// nested too deep, or with fields of the wrong type.
USEAPI_LUMA_EXPORT WebhookEvent parseWebhook(std::string_view body);

}  // namespace useapi::luma
