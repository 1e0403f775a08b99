// Requests built from fuzzer bytes: any enum value (or unset) and arbitrary byte strings in every
// text field. validate() must never throw; a request it accepts must encode to a JSON object that
// carries the prompt unchanged and exactly the fields that were set; a request it refuses must
// come with non-empty problem sentences.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "codec/request_encoder.hpp"
#include "fuzz_check.hpp"
#include "useapi/luma/requests.hpp"

namespace {

using useapi::luma::fuzz::check;

// One of `values`, or unset.
template <class Enum>
std::optional<Enum> pickEnum(FuzzedDataProvider& input, std::initializer_list<Enum> values) {
  const auto index = input.ConsumeIntegralInRange<std::size_t>(0, values.size());
  if (index == values.size()) return std::nullopt;
  return *(values.begin() + index);
}

std::string pickText(FuzzedDataProvider& input) { return input.ConsumeRandomLengthString(2200); }

std::optional<std::string> pickOptionalText(FuzzedDataProvider& input) {
  if (!input.ConsumeBool()) return std::nullopt;
  return input.ConsumeRandomLengthString(64);
}

// The fields image and video requests share, except the model (of its own type in each) and
// the prompt (picked last, as the longest string).
template <class Request>
void pickSharedFields(FuzzedDataProvider& input, Request& request) {
  using namespace useapi::luma;
  request.resolution =
      pickEnum(input, {Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080});
  request.aspect_ratio =
      pickEnum(input, {AspectRatio::R9x16, AspectRatio::R3x4, AspectRatio::R1x1, AspectRatio::R4x3,
                       AspectRatio::R16x9, AspectRatio::R21x9});
  request.email = pickOptionalText(input);
  request.reply_url = pickOptionalText(input);
  request.reply_ref = pickOptionalText(input);
}

useapi::luma::ImageRequest pickImageRequest(FuzzedDataProvider& input) {
  using namespace useapi::luma;
  ImageRequest request;
  request.model = pickEnum(input, {ImageModel::PhotonV2, ImageModel::ImageV2});
  pickSharedFields(input, request);
  // Up to 5 refs: one more than allowed.
  const int refs = input.ConsumeIntegralInRange(0, 5);
  for (int i = 0; i < refs; ++i) request.image_refs.push_back(input.ConsumeRandomLengthString(64));
  request.prompt = pickText(input);
  return request;
}

useapi::luma::VideoRequest pickVideoRequest(FuzzedDataProvider& input) {
  using namespace useapi::luma;
  VideoRequest request;
  request.model =
      pickEnum(input, {VideoModel::RayV3Flash, VideoModel::RayV3, VideoModel::RayV3Reasoning});
  pickSharedFields(input, request);
  request.duration = pickEnum(input, {Duration::S5, Duration::S10});
  request.dynamic_range =
      pickEnum(input, {DynamicRange::Sdr, DynamicRange::Hdr, DynamicRange::HdrExr});
  request.image_start = pickOptionalText(input);
  request.image_end = pickOptionalText(input);
  request.image_character = pickOptionalText(input);
  request.prompt = pickText(input);
  return request;
}

// The field `name` is in `body` exactly when `value` is set, and then holds its wire string.
template <class Value>
void checkOptionalField(const nlohmann::json& body, const char* name,
                        const std::optional<Value>& value) {
  check(body.contains(name) == value.has_value(), "a field is sent exactly when it is set");
  if (!value) return;
  if constexpr (std::is_same_v<Value, std::string>) {
    check(body[name] == *value, "a text field round-trips");
  } else {
    check(body[name] == std::string(useapi::luma::toString(*value)), "an enum is its wire string");
  }
}

void checkProblems(const std::vector<std::string>& problems) {
  for (const std::string& problem : problems) check(!problem.empty(), "a problem says something");
}

// The encoded body of a valid request: a JSON object with the prompt unchanged.
nlohmann::json parseEncoded(const std::string& encoded, const std::string& prompt) {
  nlohmann::json body = nlohmann::json::parse(encoded, nullptr, /*allow_exceptions=*/false);
  check(body.is_object(), "the encoded body is a JSON object");
  check(body.contains("prompt") && body["prompt"] == prompt, "the prompt round-trips");
  return body;
}

// The model and the fields pickSharedFields fills, as encoded in `body`.
template <class Request>
void checkSharedFields(const nlohmann::json& body, const Request& request) {
  checkOptionalField(body, "model", request.model);
  checkOptionalField(body, "resolution", request.resolution);
  checkOptionalField(body, "aspect_ratio", request.aspect_ratio);
  checkOptionalField(body, "email", request.email);
  checkOptionalField(body, "replyUrl", request.reply_url);
  checkOptionalField(body, "replyRef", request.reply_ref);
}

void checkImageRequest(const useapi::luma::ImageRequest& request) {
  const std::vector<std::string> problems = useapi::luma::validate(request);
  if (!problems.empty()) return checkProblems(problems);
  const nlohmann::json body =
      parseEncoded(useapi::luma::detail::encodeBody(request), request.prompt);
  checkSharedFields(body, request);
  for (std::size_t i = 0; i < request.image_refs.size(); ++i) {
    const std::string name = "imageRef" + std::to_string(i + 1);
    check(body.contains(name) && body[name] == request.image_refs[i], "image refs round-trip");
  }
}

void checkVideoRequest(const useapi::luma::VideoRequest& request) {
  const std::vector<std::string> problems = useapi::luma::validate(request);
  if (!problems.empty()) return checkProblems(problems);
  const nlohmann::json body =
      parseEncoded(useapi::luma::detail::encodeBody(request), request.prompt);
  checkSharedFields(body, request);
  checkOptionalField(body, "duration", request.duration);
  checkOptionalField(body, "dynamic_range", request.dynamic_range);
  checkOptionalField(body, "imageStart", request.image_start);
  checkOptionalField(body, "imageEnd", request.image_end);
  checkOptionalField(body, "imageCharacter", request.image_character);
}

}  // namespace

// The entry point libFuzzer calls, named by libFuzzer.
// NOLINTNEXTLINE(readability-identifier-naming)
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  // encodeBody may only throw on invalid UTF-8, which validate() refuses first: any exception out
  // of a valid request's encoding escapes here and is reported as a crash.
  if (input.ConsumeBool()) {
    checkImageRequest(pickImageRequest(input));
  } else {
    checkVideoRequest(pickVideoRequest(input));
  }
  return 0;
}
