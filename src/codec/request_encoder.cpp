#include "codec/request_encoder.hpp"

#include <nlohmann/json.hpp>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

using nlohmann::json;

template <class Enum>
void putEnum(json& body, const char* name, const std::optional<Enum>& value) {
  if (value) body[name] = std::string(toString(*value));
}

void putText(json& body, const char* name, const std::optional<std::string>& value) {
  if (value) body[name] = *value;
}

// Serialises strictly; validation has already refused invalid UTF-8, so a failure here means
// validation was bypassed: still a typed error, never an escaping json exception.
std::string serialise(const json& body) {
  try {
    return body.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception&) {
    throw ValidationError({"request: a text field is not valid UTF-8"});
  }
}

}  // namespace

std::string encodeBody(const ImageRequest& request) {
  json body = json::object();
  body["prompt"] = request.prompt;
  putEnum(body, "model", request.model);
  putEnum(body, "resolution", request.resolution);
  putEnum(body, "aspect_ratio", request.aspect_ratio);
  for (std::size_t i = 0; i < request.image_refs.size(); ++i) {
    body["imageRef" + std::to_string(i + 1)] = request.image_refs[i];
  }
  putText(body, "email", request.email);
  putText(body, "replyUrl", request.reply_url);
  putText(body, "replyRef", request.reply_ref);
  return serialise(body);
}

std::string encodeBody(const VideoRequest& request) {
  json body = json::object();
  body["prompt"] = request.prompt;
  putEnum(body, "model", request.model);
  putEnum(body, "resolution", request.resolution);
  putEnum(body, "aspect_ratio", request.aspect_ratio);
  putEnum(body, "duration", request.duration);
  putEnum(body, "dynamic_range", request.dynamic_range);
  putText(body, "imageStart", request.image_start);
  putText(body, "imageEnd", request.image_end);
  putText(body, "imageCharacter", request.image_character);
  putText(body, "email", request.email);
  putText(body, "replyUrl", request.reply_url);
  putText(body, "replyRef", request.reply_ref);
  return serialise(body);
}

std::string encodeSessionBody(const std::string& session) {
  return json{{"session", session}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace useapi::luma::detail
