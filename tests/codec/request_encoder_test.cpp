// Request bodies on the wire (shared/spec/luma-api.md, "POST /images" and "POST /videos"): exact
// field names and wire strings, unset fields never sent, text round-trips, bad UTF-8 a typed error.

#include "codec/request_encoder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <exception>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "useapi/luma/errors.hpp"

namespace {

using ::nlohmann::json;
using ::useapi::luma::AspectRatio;
using ::useapi::luma::Duration;
using ::useapi::luma::DynamicRange;
using ::useapi::luma::ImageModel;
using ::useapi::luma::ImageRequest;
using ::useapi::luma::Resolution;
using ::useapi::luma::ValidationError;
using ::useapi::luma::VideoModel;
using ::useapi::luma::VideoRequest;
using ::useapi::luma::detail::encodeBody;

constexpr char kRefA[] = "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-00000000000a";
constexpr char kRefB[] = "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-00000000000b";
constexpr char kRefC[] = "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-00000000000c";
constexpr char kRefD[] = "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-00000000000d";

// The encoded body parsed back; a test failure if it is not one JSON object.
template <class Request>
json encoded(const Request& request) {
  json body = json::parse(encodeBody(request));
  EXPECT_TRUE(body.is_object()) << body.dump();
  return body;
}

std::set<std::string> keysOf(const json& body) {
  std::set<std::string> keys;
  for (const auto& item : body.items()) keys.insert(item.key());
  return keys;
}

TEST(EncodeVideoBody, EveryFieldSetGivesExactlyTheWireNamesAndStrings) {
  VideoRequest request;
  request.prompt = "A serene mountain landscape";
  request.model = VideoModel::RayV3Reasoning;
  request.resolution = Resolution::P1080;
  request.aspect_ratio = AspectRatio::R21x9;
  request.duration = Duration::S10;
  request.dynamic_range = DynamicRange::HdrExr;
  request.image_start = kRefA;
  request.image_end = kRefB;
  request.image_character = kRefC;
  request.email = "user@example.com";
  request.reply_url = "https://hooks.example.com/luma?x=1";
  request.reply_ref = "order-42";

  // Built by hand from the spec's table, not from the encoder: every value is a JSON string.
  const json expected = {
      {"prompt", "A serene mountain landscape"},
      {"model", "ray-v3-reasoning"},
      {"resolution", "1080p"},
      {"aspect_ratio", "21:9"},
      {"duration", "10s"},
      {"dynamic_range", "hdr_exr"},
      {"imageStart", kRefA},
      {"imageEnd", kRefB},
      {"imageCharacter", kRefC},
      {"email", "user@example.com"},
      {"replyUrl", "https://hooks.example.com/luma?x=1"},
      {"replyRef", "order-42"},
  };
  const json body = encoded(request);
  EXPECT_EQ(keysOf(body), keysOf(expected));
  EXPECT_EQ(body, expected);
}

TEST(EncodeImageBody, EveryFieldSetGivesExactlyTheWireNamesAndStrings) {
  ImageRequest request;
  request.prompt = "An astronaut on Mars";
  request.model = ImageModel::ImageV2;
  request.resolution = Resolution::P720;
  request.aspect_ratio = AspectRatio::R9x16;
  request.image_refs = {kRefA, kRefB, kRefC, kRefD};
  request.email = "user@example.com";
  request.reply_url = "https://hooks.example.com/luma";
  request.reply_ref = "r1";

  const json expected = {
      {"prompt", "An astronaut on Mars"},
      {"model", "image-v2"},
      {"resolution", "720p"},
      {"aspect_ratio", "9:16"},
      {"imageRef1", kRefA},
      {"imageRef2", kRefB},
      {"imageRef3", kRefC},
      {"imageRef4", kRefD},
      {"email", "user@example.com"},
      {"replyUrl", "https://hooks.example.com/luma"},
      {"replyRef", "r1"},
  };
  EXPECT_EQ(encoded(request), expected);
}

TEST(EncodeBody, OnlyPromptSetGivesOnlyPrompt) {
  ImageRequest image;
  image.prompt = "just a prompt";
  VideoRequest video;
  video.prompt = "just a prompt";
  const json expected = {{"prompt", "just a prompt"}};
  EXPECT_EQ(encoded(image), expected);
  EXPECT_EQ(encoded(video), expected);
}

TEST(EncodeImageBody, ThreeRefsGiveImageRef1To3InOrderAndNoImageRef4) {
  ImageRequest request;
  request.prompt = "p";
  request.image_refs = {kRefC, kRefA, kRefB};
  const json body = encoded(request);
  EXPECT_EQ(keysOf(body), (std::set<std::string>{"prompt", "imageRef1", "imageRef2", "imageRef3"}));
  EXPECT_EQ(body.value("imageRef1", ""), kRefC);
  EXPECT_EQ(body.value("imageRef2", ""), kRefA);
  EXPECT_EQ(body.value("imageRef3", ""), kRefB);
  EXPECT_FALSE(body.contains("imageRef4"));
  EXPECT_FALSE(body.contains("imageRef0"));
  EXPECT_FALSE(body.contains("imageRefs"));
}

TEST(EncodeBody, EveryEnumValueHasTheSpecWireString) {
  struct Case {
    const char* key;
    const char* wire;
    std::function<void(VideoRequest&)> set_video;  // Null: image-only value.
    std::function<void(ImageRequest&)> set_image;  // Null: video-only value.
  };
  const std::vector<Case> cases = {
      {"model", "ray-v3-flash", [](VideoRequest& r) { r.model = VideoModel::RayV3Flash; }, {}},
      {"model", "ray-v3", [](VideoRequest& r) { r.model = VideoModel::RayV3; }, {}},
      {"model",
       "ray-v3-reasoning",
       [](VideoRequest& r) { r.model = VideoModel::RayV3Reasoning; },
       {}},
      {"model", "photon-v2", {}, [](ImageRequest& r) { r.model = ImageModel::PhotonV2; }},
      {"model", "image-v2", {}, [](ImageRequest& r) { r.model = ImageModel::ImageV2; }},
      {"resolution", "draft", [](VideoRequest& r) { r.resolution = Resolution::Draft; }, {}},
      {"resolution", "540p", [](VideoRequest& r) { r.resolution = Resolution::P540; }, {}},
      {"resolution", "720p", [](VideoRequest& r) { r.resolution = Resolution::P720; },
       [](ImageRequest& r) { r.resolution = Resolution::P720; }},
      {"resolution", "1080p", [](VideoRequest& r) { r.resolution = Resolution::P1080; },
       [](ImageRequest& r) { r.resolution = Resolution::P1080; }},
      {"aspect_ratio", "9:16", [](VideoRequest& r) { r.aspect_ratio = AspectRatio::R9x16; },
       [](ImageRequest& r) { r.aspect_ratio = AspectRatio::R9x16; }},
      {"aspect_ratio", "3:4", [](VideoRequest& r) { r.aspect_ratio = AspectRatio::R3x4; },
       [](ImageRequest& r) { r.aspect_ratio = AspectRatio::R3x4; }},
      {"aspect_ratio", "1:1", [](VideoRequest& r) { r.aspect_ratio = AspectRatio::R1x1; },
       [](ImageRequest& r) { r.aspect_ratio = AspectRatio::R1x1; }},
      {"aspect_ratio", "4:3", [](VideoRequest& r) { r.aspect_ratio = AspectRatio::R4x3; },
       [](ImageRequest& r) { r.aspect_ratio = AspectRatio::R4x3; }},
      {"aspect_ratio", "16:9", [](VideoRequest& r) { r.aspect_ratio = AspectRatio::R16x9; },
       [](ImageRequest& r) { r.aspect_ratio = AspectRatio::R16x9; }},
      {"aspect_ratio", "21:9", [](VideoRequest& r) { r.aspect_ratio = AspectRatio::R21x9; },
       [](ImageRequest& r) { r.aspect_ratio = AspectRatio::R21x9; }},
      {"duration", "5s", [](VideoRequest& r) { r.duration = Duration::S5; }, {}},
      {"duration", "10s", [](VideoRequest& r) { r.duration = Duration::S10; }, {}},
      {"dynamic_range", "sdr", [](VideoRequest& r) { r.dynamic_range = DynamicRange::Sdr; }, {}},
      {"dynamic_range", "hdr", [](VideoRequest& r) { r.dynamic_range = DynamicRange::Hdr; }, {}},
      {"dynamic_range",
       "hdr_exr",
       [](VideoRequest& r) { r.dynamic_range = DynamicRange::HdrExr; },
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.key) + "=" + c.wire);
    const json expected = {{"prompt", "p"}, {c.key, c.wire}};
    if (c.set_video) {
      VideoRequest request;
      request.prompt = "p";
      c.set_video(request);
      EXPECT_EQ(encoded(request), expected);
    }
    if (c.set_image) {
      ImageRequest request;
      request.prompt = "p";
      c.set_image(request);
      EXPECT_EQ(encoded(request), expected);
    }
  }
}

TEST(EncodeBody, PromptTextRoundTripsExactly) {
  const std::vector<std::string> prompts = {
      "caf\xC3\xA9 \xC3\xA9t\xC3\xA9",                 // é
      "rocket \xF0\x9F\x9A\x80 and \xF0\x9F\x98\x80",  // emoji outside the BMP
      R"(she said "action!")",
      R"(C:\path\to\file \n is not a newline)",
      "line one\nline two\r\n\ttabbed",
      std::string("nul\0inside", 10),
      "\x01\x1F control bytes",
      "</script><script>alert(1)</script>",
      "\xE2\x80\xA8 line separator \xE2\x80\xA9",
  };
  for (const std::string& prompt : prompts) {
    SCOPED_TRACE(prompt);
    ImageRequest image;
    image.prompt = prompt;
    VideoRequest video;
    video.prompt = prompt;
    video.reply_ref = prompt;
    EXPECT_EQ(encoded(image).value("prompt", ""), prompt);
    const json body = encoded(video);
    EXPECT_EQ(body.value("prompt", ""), prompt);
    EXPECT_EQ(body.value("replyRef", ""), prompt);
  }
}

TEST(EncodeBody, InvalidUtf8ThrowsValidationErrorNeverAJsonException) {
  const std::string bad = "caf\xC3\x28";  // 0xC3 starts a 2-byte sequence; '(' cannot continue it.
  struct Case {
    const char* field;
    std::function<std::string()> encode;
  };
  const std::vector<Case> cases = {
      {"image prompt",
       [&] {
         ImageRequest r;
         r.prompt = bad;
         return encodeBody(r);
       }},
      {"video prompt",
       [&] {
         VideoRequest r;
         r.prompt = bad;
         return encodeBody(r);
       }},
      {"image imageRef1",
       [&] {
         ImageRequest r;
         r.prompt = "p";
         r.image_refs = {bad};
         return encodeBody(r);
       }},
      {"video replyRef",
       [&] {
         VideoRequest r;
         r.prompt = "p";
         r.reply_ref = bad;
         return encodeBody(r);
       }},
      {"video email",
       [&] {
         VideoRequest r;
         r.prompt = "p";
         r.email = bad;
         return encodeBody(r);
       }},
      {"lone continuation byte",
       [] {
         VideoRequest r;
         r.prompt = "\x80";
         return encodeBody(r);
       }},
      {"truncated 4-byte sequence",
       [] {
         ImageRequest r;
         r.prompt = "\xF0\x9F\x98";
         return encodeBody(r);
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    try {
      const std::string body = c.encode();
      ADD_FAILURE() << "encoded invalid UTF-8 without throwing: " << body;
    } catch (const ValidationError& error) {
      EXPECT_FALSE(error.problems().empty());
    } catch (const std::exception& error) {
      ADD_FAILURE() << "threw something other than ValidationError: " << error.what();
    }
  }
}

}  // namespace
