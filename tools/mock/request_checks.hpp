#pragma once
// The server-side checks of POST /images and POST /videos bodies, with the API's 400 messages.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace useapi::luma::mock {

/// A generation request after the server's checks, with defaults applied.
struct CheckedRequest {
  std::string prompt;
  std::string model;
  std::string resolution;
  std::string aspect_ratio;
  std::string duration;       // videos only
  std::string dynamic_range;  // videos only
};

/// The outcome of checking a body: the request, or a status and message to answer with.
struct CheckResult {
  std::optional<CheckedRequest> request;
  int status = 200;
  std::string error;
};

/// Checks a POST /images body as the real API does ("Parameter model (x) valid values: ...").
CheckResult checkImageBody(const nlohmann::json& body);
/// Checks a POST /videos body against the field rules and the compatibility matrix.
CheckResult checkVideoBody(const nlohmann::json& body);

}  // namespace useapi::luma::mock
