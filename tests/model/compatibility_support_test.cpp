// The public view of the compatibility matrix (compatibility.hpp) says exactly what validate()
// accepts: every combination it lists validates, every other one does not.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "useapi/luma.hpp"

namespace {

using namespace useapi::luma;

constexpr char kPrompt[] = "A red fox running through fresh snow at dawn";
constexpr char kSupportRef[] =
    "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-000000000001";

template <class Enum>
bool listed(const std::vector<Enum>& members, Enum member) {
  return std::find(members.begin(), members.end(), member) != members.end();
}

TEST(CompatibilitySupport, VideoRowsSayExactlyWhatValidateAccepts) {
  const auto rows = videoModelSupport();
  ASSERT_EQ(rows.size(), 9u);  // 3 models x 3 dynamic ranges
  for (const auto& row : rows) {
    for (const Resolution resolution :
         {Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080}) {
      for (const Duration duration : {Duration::S5, Duration::S10}) {
        VideoRequest request;
        request.prompt = kPrompt;
        request.model = row.model;
        request.dynamic_range = row.dynamic_range;
        request.resolution = resolution;
        request.duration = duration;
        const bool expected =
            listed(row.resolutions, resolution) && listed(row.durations, duration);
        EXPECT_EQ(validate(request).empty(), expected)
            << toString(row.model) << " " << toString(row.dynamic_range) << " "
            << toString(resolution) << " " << toString(duration);
      }
    }
    VideoRequest character;
    character.prompt = kPrompt;
    character.model = row.model;
    character.dynamic_range = row.dynamic_range;
    character.resolution = row.resolutions.back();
    character.image_character = kSupportRef;
    character.email = "user@example.com";
    EXPECT_EQ(validate(character).empty(), row.image_character)
        << toString(row.model) << " " << toString(row.dynamic_range);
  }
}

TEST(CompatibilitySupport, ImageRowsSayExactlyWhatValidateAccepts) {
  const auto rows = imageModelSupport();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    for (const Resolution resolution :
         {Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080}) {
      for (const bool with_refs : {false, true}) {
        ImageRequest request;
        request.prompt = kPrompt;
        request.model = row.model;
        request.resolution = resolution;
        if (with_refs) request.image_refs.assign(maxImageRefs(), kSupportRef);
        const auto& allowed = with_refs ? row.resolutions_with_refs : row.resolutions;
        EXPECT_EQ(validate(request).empty(), listed(allowed, resolution))
            << toString(row.model) << " " << toString(resolution) << " refs " << with_refs;
      }
    }
  }
}

}  // namespace
