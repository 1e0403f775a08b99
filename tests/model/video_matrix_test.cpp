// The full POST /videos compatibility matrix, checked against a table written independently from
// shared/spec/luma-api.md (not from the implementation's own table).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "useapi/luma.hpp"

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::useapi::luma::Duration;
using ::useapi::luma::DynamicRange;
using ::useapi::luma::Resolution;
using ::useapi::luma::validate;
using ::useapi::luma::VideoModel;
using ::useapi::luma::VideoRequest;

constexpr char kVideoPrompt[] = "A red fox running through fresh snow at dawn";
constexpr char kStartRef[] =
    "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-000000000001";
constexpr char kEndRef[] =
    "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-000000000002";
constexpr char kCharacterRef[] =
    "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-000000000003";
constexpr char kOtherAccountRef[] =
    "u67890-email:other@example.com-image:0a1b2c3d-0000-4000-8000-000000000004";

// One row of the spec's matrix, per model.
struct ModelRow {
  VideoModel model;
  std::vector<Resolution> resolutions;  // "resolutions" row (sdr)
  std::vector<Resolution> hdr;          // "hdr" row; 5s only
  std::vector<Resolution> hdr_exr;      // "hdr_exr" row; 5s only
  bool image_character;                 // "imageCharacter" row (sdr only)
};

const std::vector<ModelRow>& specMatrix() {
  using R = Resolution;
  static const std::vector<ModelRow> kRows = {
      {VideoModel::RayV3Flash,
       {R::Draft, R::P540, R::P720, R::P1080},
       {R::P540, R::P720, R::P1080},
       {R::P540, R::P720},
       false},
      {VideoModel::RayV3,
       {R::Draft, R::P540, R::P720, R::P1080},
       {R::P540, R::P720, R::P1080},
       {R::P540, R::P720},
       true},
      {VideoModel::RayV3Reasoning, {R::P720, R::P1080}, {R::P720, R::P1080}, {R::P720}, false},
  };
  return kRows;
}

const ModelRow& rowFor(VideoModel model) {
  for (const ModelRow& row : specMatrix()) {
    if (row.model == model) return row;
  }
  ADD_FAILURE() << "no matrix row for a model";
  return specMatrix().front();
}

bool contains(const std::vector<Resolution>& list, Resolution value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

struct ImageOption {
  const char* name;
  bool start;
  bool end;
  bool character;
};

const ImageOption kImageOptions[] = {
    {"none", false, false, false},          {"imageStart", true, false, false},
    {"imageEnd", false, true, false},       {"imageStart+imageEnd", true, true, false},
    {"imageCharacter", false, false, true}, {"imageCharacter+imageStart", true, false, true},
};

const std::optional<VideoModel> kVideoModelChoices[] = {
    std::nullopt, VideoModel::RayV3Flash, VideoModel::RayV3, VideoModel::RayV3Reasoning};
const std::optional<Resolution> kVideoResolutions[] = {
    std::nullopt, Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080};
const std::optional<Duration> kVideoDurations[] = {std::nullopt, Duration::S5, Duration::S10};
const std::optional<DynamicRange> kRanges[] = {std::nullopt, DynamicRange::Sdr, DynamicRange::Hdr,
                                               DynamicRange::HdrExr};

struct Combination {
  std::optional<VideoModel> model;
  std::optional<Resolution> resolution;
  std::optional<Duration> duration;
  std::optional<DynamicRange> dynamic_range;
  ImageOption images;
};

template <class Enum>
std::string describeVideo(const std::optional<Enum>& value) {
  return value ? std::string(useapi::luma::toString(*value)) : std::string("(unset)");
}

std::string describeVideo(const Combination& c) {
  std::ostringstream out;
  out << "model=" << describeVideo(c.model) << " resolution=" << describeVideo(c.resolution)
      << " duration=" << describeVideo(c.duration)
      << " dynamic_range=" << describeVideo(c.dynamic_range) << " images=" << c.images.name;
  return out.str();
}

std::string describeVideo(const std::vector<std::string>& problems) {
  std::ostringstream out;
  out << problems.size() << " problem(s)";
  for (const std::string& problem : problems) out << "\n    - " << problem;
  return out.str();
}

VideoRequest makeRequest(const Combination& c) {
  VideoRequest request;
  request.prompt = kVideoPrompt;
  request.model = c.model;
  request.resolution = c.resolution;
  request.duration = c.duration;
  request.dynamic_range = c.dynamic_range;
  if (c.images.start) request.image_start = kStartRef;
  if (c.images.end) request.image_end = kEndRef;
  if (c.images.character) request.image_character = kCharacterRef;
  return request;
}

// Each reason a combination is invalid, as the field names a problem may use to report it.
using Reason = std::vector<std::string>;

// The spec's verdict: empty means valid. Unset fields take their documented defaults
// (ray-v3-flash, draft, 5s, sdr); so an unset resolution with ray-v3-reasoning is draft, outside
// that model's row, and invalid (spec: "Changed (second round)").
std::vector<Reason> expectedReasons(const Combination& c) {
  const VideoModel model = c.model.value_or(VideoModel::RayV3Flash);
  const Duration duration = c.duration.value_or(Duration::S5);
  const DynamicRange range = c.dynamic_range.value_or(DynamicRange::Sdr);
  const Resolution resolution = c.resolution.value_or(Resolution::Draft);
  const ModelRow& row = rowFor(model);

  std::vector<Reason> reasons;
  if (!contains(row.resolutions, resolution)) {
    reasons.push_back({"resolution"});
  } else if ((range == DynamicRange::Hdr && !contains(row.hdr, resolution)) ||
             (range == DynamicRange::HdrExr && !contains(row.hdr_exr, resolution))) {
    reasons.push_back({"resolution", "dynamic_range"});
  }
  if (range != DynamicRange::Sdr && duration != Duration::S5) reasons.push_back({"duration"});
  if (c.images.character) {
    if (!row.image_character) reasons.push_back({"imageCharacter"});
    if (range != DynamicRange::Sdr) reasons.push_back({"imageCharacter", "dynamic_range"});
    if (c.images.start || c.images.end) reasons.push_back({"imageCharacter"});
  }
  return reasons;
}

template <class Fn>
void forEachCombination(Fn&& fn) {
  for (const auto& model : kVideoModelChoices) {
    for (const auto& resolution : kVideoResolutions) {
      for (const auto& duration : kVideoDurations) {
        for (const auto& range : kRanges) {
          for (const ImageOption& images : kImageOptions) {
            fn(Combination{model, resolution, duration, range, images});
          }
        }
      }
    }
  }
}

bool anyVideoProblemNames(const std::vector<std::string>& problems, const Reason& fields) {
  for (const std::string& problem : problems) {
    for (const std::string& field : fields) {
      if (problem.find(field) != std::string::npos) return true;
    }
  }
  return false;
}

TEST(VideoMatrix, ValidityOfEveryCombinationMatchesTheSpecMatrix) {
  int combinations = 0;
  int expected_valid = 0;
  int mismatches = 0;
  forEachCombination([&](const Combination& c) {
    ++combinations;
    const bool want_valid = expectedReasons(c).empty();
    if (want_valid) ++expected_valid;
    const std::vector<std::string> problems = validate(makeRequest(c));
    if (problems.empty() != want_valid) {
      ++mismatches;
      ADD_FAILURE() << "combination " << describeVideo(c) << "\n  expected "
                    << (want_valid ? "valid" : "invalid") << ", validate() gave "
                    << describeVideo(problems);
    }
  });
  EXPECT_EQ(combinations, 4 * 5 * 3 * 4 * 6);
  // Guards against a degenerate expectation table (all valid or all invalid).
  EXPECT_GT(expected_valid, 0);
  EXPECT_LT(expected_valid, combinations);
  EXPECT_EQ(mismatches, 0);
}

TEST(VideoMatrix, EveryInvalidCombinationNamesEachOffendingField) {
  forEachCombination([&](const Combination& c) {
    const std::vector<Reason> reasons = expectedReasons(c);
    if (reasons.empty()) return;
    const std::vector<std::string> problems = validate(makeRequest(c));
    if (problems.empty()) return;  // Reported by the validity test.
    for (const Reason& reason : reasons) {
      std::string fields;
      for (const std::string& field : reason) fields += (fields.empty() ? "" : " or ") + field;
      EXPECT_TRUE(anyVideoProblemNames(problems, reason))
          << "combination " << describeVideo(c) << "\n  no problem names " << fields
          << "; validate() gave " << describeVideo(problems);
    }
  });
}

TEST(VideoMatrix, HandPickedCombinationsFollowTheDecisionOnOmittedFields) {
  struct Case {
    const char* name;
    Combination combination;
    bool valid;
  };
  const ImageOption none = kImageOptions[0];
  const ImageOption character = kImageOptions[4];
  const Case cases[] = {
      {"all unset: flash, draft, 5s, sdr", {{}, {}, {}, {}, none}, true},
      {"reasoning, unset resolution (draft, outside its row)",
       {VideoModel::RayV3Reasoning, {}, {}, {}, none},
       false},
      {"reasoning 720p, everything else unset",
       {VideoModel::RayV3Reasoning, Resolution::P720, {}, {}, none},
       true},
      {"reasoning, explicit draft",
       {VideoModel::RayV3Reasoning, Resolution::Draft, {}, {}, none},
       false},
      {"reasoning, unset resolution, hdr_exr 5s",
       {VideoModel::RayV3Reasoning, {}, Duration::S5, DynamicRange::HdrExr, none},
       false},
      {"reasoning, unset resolution, hdr 10s",
       {VideoModel::RayV3Reasoning, {}, Duration::S10, DynamicRange::Hdr, none},
       false},
      {"flash, unset resolution (draft), hdr", {{}, {}, {}, DynamicRange::Hdr, none}, false},
      {"ray-v3 1080p hdr_exr",
       {VideoModel::RayV3, Resolution::P1080, {}, DynamicRange::HdrExr, none},
       false},
      {"ray-v3 540p hdr_exr unset duration",
       {VideoModel::RayV3, Resolution::P540, {}, DynamicRange::HdrExr, none},
       true},
      {"unset model (flash) with imageCharacter", {{}, {}, {}, {}, character}, false},
      {"ray-v3 imageCharacter, everything else unset",
       {VideoModel::RayV3, {}, {}, {}, character},
       true},
      {"ray-v3 imageCharacter hdr",
       {VideoModel::RayV3, Resolution::P720, {}, DynamicRange::Hdr, character},
       false},
  };
  for (const Case& test : cases) {
    ASSERT_EQ(expectedReasons(test.combination).empty(), test.valid) << "table bug: " << test.name;
    const std::vector<std::string> problems = validate(makeRequest(test.combination));
    EXPECT_EQ(problems.empty(), test.valid)
        << test.name << " (" << describeVideo(test.combination) << "): " << describeVideo(problems);
  }
}

TEST(VideoValidation, ReasoningWithoutResolutionSaysToChoose720pOr1080p) {
  VideoRequest request;
  request.prompt = "a red fox";
  request.model = VideoModel::RayV3Reasoning;
  const std::vector<std::string> problems = validate(request);
  ASSERT_EQ(problems.size(), 1u) << describeVideo(problems);
  EXPECT_THAT(problems.front(), HasSubstr("resolution"));
  EXPECT_THAT(problems.front(), HasSubstr("720p or 1080p"));
  EXPECT_THAT(problems.front(), HasSubstr("draft"));

  useapi::luma::Client client([] {
    useapi::luma::ClientOptions options;
    options.api_token = "unused";
    options.base_url = "http://127.0.0.1:1";
    return options;
  }());
  try {
    client.generateVideo(request);
    FAIL() << "expected ValidationError";
  } catch (const useapi::luma::ValidationError& error) {
    EXPECT_THAT(error.what(), HasSubstr("choose 720p or 1080p"));
  }
}

TEST(VideoValidation, ReturnsEveryProblemAtOnce) {
  VideoRequest request;
  request.prompt = "";
  request.model = VideoModel::RayV3Reasoning;
  request.resolution = Resolution::Draft;
  std::vector<std::string> problems = validate(request);
  EXPECT_GE(problems.size(), 2u) << describeVideo(problems);
  EXPECT_THAT(problems, Contains(HasSubstr("prompt")));
  EXPECT_THAT(problems, Contains(HasSubstr("resolution")));

  request.model = VideoModel::RayV3Flash;
  request.resolution = Resolution::P1080;
  request.dynamic_range = DynamicRange::HdrExr;
  request.duration = Duration::S10;
  request.image_character = kCharacterRef;
  problems = validate(request);
  EXPECT_GE(problems.size(), 3u) << describeVideo(problems);
  EXPECT_THAT(problems, Contains(HasSubstr("prompt")));
  EXPECT_THAT(problems, Contains(HasSubstr("resolution")));
  EXPECT_THAT(problems, Contains(HasSubstr("duration")));
  EXPECT_THAT(problems, Contains(HasSubstr("imageCharacter")));
}

TEST(VideoValidation, EmailMustMatchTheAccountOfTheRefs) {
  struct Case {
    const char* name;
    const char* email;
    const char* start;
    const char* character;
    bool valid;
  };
  const Case cases[] = {
      {"email matches imageStart", "user@example.com", kStartRef, nullptr, true},
      {"email differs from imageStart", "other@example.com", kStartRef, nullptr, false},
      {"email matches imageCharacter", "user@example.com", nullptr, kCharacterRef, true},
      {"email differs from imageCharacter", "user@example.com", nullptr, kOtherAccountRef, false},
      {"email without refs", "other@example.com", nullptr, nullptr, true},
  };
  for (const Case& test : cases) {
    VideoRequest request;
    request.prompt = kVideoPrompt;
    request.model = VideoModel::RayV3;
    request.email = test.email;
    if (test.start) request.image_start = test.start;
    if (test.character) request.image_character = test.character;
    const std::vector<std::string> problems = validate(request);
    EXPECT_EQ(problems.empty(), test.valid) << test.name << ": " << describeVideo(problems);
    if (!test.valid) {
      EXPECT_THAT(problems, Contains(HasSubstr("email"))) << test.name;
    }
  }
}

}  // namespace
