#include "connection/connection_options.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "connection/luma_stub.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/version.hpp"

namespace useapi::luma::detail {
namespace {

constexpr const char* kDefaultBaseUrl = "https://api.useapi.net/v1/luma";
constexpr std::size_t kMaxAnswerBytes = std::size_t{16} << 20;

std::string fromEnvironment(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

// True when `text` could not go into a header line as it is (a CR or LF would even start one).
bool hasControlCharacters(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

std::string userAgentOf(const ClientOptions& options) {
  std::string agent = std::string("useapi-luma-cpp/") + kVersion;
  if (!options.user_agent.empty()) agent += " " + options.user_agent;
  return agent;
}

}  // namespace

ClientOptions resolved(ClientOptions options) {
  if (options.api_token.empty()) options.api_token = fromEnvironment("USEAPI_TOKEN");
  if (options.base_url.empty()) options.base_url = fromEnvironment("USEAPI_LUMA_BASE_URL");
  if (options.base_url.empty()) options.base_url = kDefaultBaseUrl;
  while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();

  if (options.api_token.empty()) {
    throw Error(
        "no API token: set ClientOptions::api_token or the USEAPI_TOKEN environment "
        "variable");
  }
  if (hasControlCharacters(options.api_token)) {
    throw Error("the API token contains control characters (check for a trailing newline)");
  }
  if (hasControlCharacters(options.user_agent)) {
    throw Error("the user agent contains control characters: it must fit on one header line");
  }
  if (originOf(options.base_url).empty()) {
    throw Error("base URL \"" + options.base_url + "\" must start with http:// or https://");
  }
  return options;
}

TransportSettings transportSettingsOf(const ClientOptions& options) {
  TransportSettings settings;
  settings.connect_timeout = options.connect_timeout;
  settings.user_agent = userAgentOf(options);
  // No "Accept: application/json": the API answers JSON whatever a request accepts, and each
  // header line costs every poll work on both sides (libcurl formats it byte by byte; see
  // bench/FINDINGS.md). libcurl sends its own short "Accept: */*" instead.
  settings.api_headers = {"Authorization: Bearer " + options.api_token};
  settings.ca_bundle = options.ca_bundle;
  settings.max_connections = options.max_connections;
  settings.retry = options.retry;
  settings.max_body_bytes = kMaxAnswerBytes;
  settings.logger = options.logger;
  settings.stall_timeout = options.stall_timeout;
  settings.max_requests_per_second = options.max_requests_per_second;
  return settings;
}

}  // namespace useapi::luma::detail
