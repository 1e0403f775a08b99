#include "transport/transfer.hpp"

#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "transport/retry_rules.hpp"

namespace useapi::luma::detail {
namespace {

// Spare room after an answer that comes in one piece, as the decoders read it in place (simdjson
// reads up to 64 bytes past the text): no copy to make it readable.
constexpr std::size_t kBodySpareBytes = 64;

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

size_t Transfer::onBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const HttpRequest& request = *transfer->request;
  if (request.stop_signal && request.stop_signal->requested.load()) {
    transfer->stopped = true;  // not one more byte once a stop is asked
    return 0;
  }
  const auto& sink = request.sink;
  long status = 0;
  curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
  // A partial (206) body is the file's rest only when the sink asked for it; it, or any other
  // 2xx body, is otherwise not the file: end at once with that status.
  const bool rest_of_file = sink && status == 206 && (transfer->sink_started || sink->resume());
  if (sink && status >= 201 && status <= 299 && !rest_of_file) {
    transfer->unwanted_status = true;
    return 0;
  }
  if (rest_of_file) transfer->sink_started = true;
  if (sink && (status == 200 || rest_of_file)) {
    if (!transfer->sink_started) {
      curl_off_t length = -1;
      curl_easy_getinfo(transfer->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
      sink->begin(length >= 0 ? std::optional<std::uint64_t>(length) : std::nullopt);
      transfer->sink_started = true;
    }
    if (!sink->write(data, bytes)) {
      transfer->sink_failed = true;
      return 0;
    }
    return bytes;
  }
  if (transfer->response.body.size() + bytes > transfer->max_body_bytes) {
    transfer->too_large = true;
    return 0;
  }
  std::string& body = transfer->response.body;
  if (body.empty()) body.reserve(bytes + kBodySpareBytes);
  body.append(data, bytes);
  return bytes;
}

size_t Transfer::onHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (const auto& sink = transfer->request->sink) sink->header(line);
  if (startsWithNoCase(line, "http/")) {
    transfer->response.retry_after.reset();  // a new response (redirect, 100-continue)
  } else if (startsWithNoCase(line, "retry-after:")) {
    transfer->response.retry_after =
        parseRetryAfter(std::string(line.substr(std::strlen("retry-after:"))));
  }
  return bytes;
}

}  // namespace useapi::luma::detail
