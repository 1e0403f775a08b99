#pragma once
// How the mock's routes answer: JSON bodies, the API's error bodies, and empty bodies.

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace useapi::luma::mock {

/// Answers `status` with `body` as JSON.
inline void answer(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
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
