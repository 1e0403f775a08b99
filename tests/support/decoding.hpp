#pragma once
// Helpers of the decoding tests: hostile JSON and checks of what a call throws.

#include <gtest/gtest.h>

#include <exception>
#include <optional>
#include <string>

#include "useapi/luma/job.hpp"

namespace useapi::luma::testing {

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
