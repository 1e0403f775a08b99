#pragma once
// Helpers of the decoding tests: hostile JSON and checks of what a call throws.

#include <gtest/gtest.h>

#include <exception>
#include <optional>
#include <string>

#include "useapi/luma/job.hpp"

namespace useapi::luma::testing {

/// A video job id shaped like the spec's examples.
inline constexpr char kVideoJobid[] =
    "j0326140530123456789v-u12345-email:user@example.com:"
    "a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma";

/// A completed video job as GET /jobs/{jobid} returns it (spec, "Job record"), with the replyRef
/// a webhook adds: also the completion callback of that job.
inline constexpr char kCompletedVideo[] = R"({
  "jobid": "j0326140530123456789v-u12345-email:user@example.com:)"
                                          R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma",
  "type": "video",
  "status": "completed",
  "created": "2026-03-26T14:05:30.123Z",
  "updated": "2026-03-26T14:08:41.456Z",
  "response": {
    "video": {"media_type": "video/mp4", "url": "https://cdn.example.com/v/video.mp4",
              "width": 1920, "height": 1080, "duration": 5.04},
    "thumbnail": {"url": "https://cdn.example.com/v/thumb.jpg", "width": 960, "height": 540},
    "last_frame": {"url": "https://cdn.example.com/v/last.jpg", "width": 1920, "height": 1080}
  },
  "credits": {"dm_usage": 40, "dm_relaxed_usage": 0},
  "replyRef": "order-42"
})";

/// A JSON value nested `levels` deep: `[[...]]`.
inline std::string nestedArrays(std::size_t levels) {
  return std::string(levels, '[') + std::string(levels, ']');
}

/// A JSON value nested `levels` deep: `{"a":{"a":...null...}}`.
inline std::string nestedObjects(std::size_t levels) {
  std::string text;
  text.reserve(levels * 6 + 4);
  for (std::size_t i = 0; i < levels; ++i) text += R"({"a":)";
  text += "null";
  text += std::string(levels, '}');
  return text;
}

/// The what() of the `ErrorType` that `call` throws; a test failure (and nullopt) when it throws
/// nothing or anything else.
template <class ErrorType, class Call>
std::optional<std::string> thrownMessage(Call&& call) {
  try {
    call();
  } catch (const ErrorType& error) {
    return std::string(error.what());
  } catch (const std::exception& error) {
    ADD_FAILURE() << "threw an exception of another type: " << error.what();
    return std::nullopt;
  } catch (...) {
    ADD_FAILURE() << "threw a non-std exception";
    return std::nullopt;
  }
  ADD_FAILURE() << "did not throw";
  return std::nullopt;
}

/// Expects `media` set, with this url and size.
inline void expectMedia(const std::optional<Media>& media, const std::string& url,
                        std::optional<int> width, std::optional<int> height) {
  ASSERT_TRUE(media.has_value());
  EXPECT_EQ(media->url, url);
  EXPECT_EQ(media->width, width);
  EXPECT_EQ(media->height, height);
}

}  // namespace useapi::luma::testing
