#pragma once
// How the mock's routes answer: JSON bodies, the API's error bodies, and empty bodies.

#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace useapi::luma::mock {

/// JSON answers shorter than this go out uncompressed even to a client that accepts gzip, as
/// web front ends do (nginx's gzip_min_length, CDNs' minimum sizes): compressing a job record of
/// a few hundred bytes costs both sides more than the bytes it saves.
inline constexpr std::size_t kMinCompressedJsonBytes = 1024;

/// Answers `status` with `body` as JSON; cpp-httplib gzips it for a client that accepts gzip
/// when it is at least kMinCompressedJsonBytes long.
inline void answer(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  std::string text = body.dump();
  // cpp-httplib compresses a body whose Content-Type is exactly "application/json"; the same
  // type with its charset parameter (equally valid JSON for every client) it leaves alone.
  const char* type = text.size() < kMinCompressedJsonBytes ? "application/json; charset=utf-8"
                                                           : "application/json";
  res.set_content(text, type);
}

/// Answers `status` with {"error": message}, and "code": status when `with_code`.
inline void answerError(httplib::Response& res, int status, const std::string& message,
                        bool with_code = false) {
  nlohmann::json body = {{"error", message}};
  if (with_code) body["code"] = status;
  answer(res, status, body);
}

/// Answers `status` with an empty body, as some of the API's 404s are.
inline void answerEmpty(httplib::Response& res, int status) {
  res.status = status;
  res.body.clear();
}

}  // namespace useapi::luma::mock
