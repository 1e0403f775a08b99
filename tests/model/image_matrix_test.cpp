// The POST /images rules (model x resolution x references, and account matching), checked against
// a table written independently from shared/spec/luma-api.md.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "useapi/luma.hpp"

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::useapi::luma::ImageModel;
using ::useapi::luma::ImageRequest;
using ::useapi::luma::Resolution;
using ::useapi::luma::validate;

constexpr char kImagePrompt[] = "A lighthouse on a cliff under a starry sky";

std::string refFor(const std::string& email, int index) {
  std::ostringstream out;
  out << "u12345-email:" << email << "-image:0a1b2c3d-0000-4000-8000-00000000000" << index;
  return out.str();
}

std::vector<std::string> refs(int count) {
  std::vector<std::string> result;
  for (int i = 1; i <= count; ++i) result.push_back(refFor("user@example.com", i));
  return result;
}

const std::optional<ImageModel> kImageModelChoices[] = {std::nullopt, ImageModel::PhotonV2,
                                                        ImageModel::ImageV2};
const std::optional<Resolution> kImageResolutions[] = {
    std::nullopt, Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080};
constexpr int kMaxRefsTried = 5;

template <class Enum>
std::string describeImage(const std::optional<Enum>& value) {
  return value ? std::string(useapi::luma::toString(*value)) : std::string("(unset)");
}

std::string describeImage(const std::vector<std::string>& problems) {
  std::ostringstream out;
  out << problems.size() << " problem(s)";
  for (const std::string& problem : problems) out << "\n    - " << problem;
  return out.str();
}

// Each reason a combination is invalid, as the field names a problem may use to report it.
using Reason = std::vector<std::string>;

// The spec: both models take 720p and 1080p (unset means 720p); at most 4 refs; image-v2 with any
// ref and an explicit 1080p is a client-side error (unset resolution stays valid).
std::vector<Reason> expectedReasons(std::optional<ImageModel> model,
                                    std::optional<Resolution> resolution, int ref_count) {
  const ImageModel effective_model = model.value_or(ImageModel::PhotonV2);
  std::vector<Reason> reasons;
  if (resolution && *resolution != Resolution::P720 && *resolution != Resolution::P1080) {
    reasons.push_back({"resolution"});
  }
  if (ref_count > 4) reasons.push_back({"imageRef", "image_ref"});
  if (effective_model == ImageModel::ImageV2 && ref_count > 0 && resolution == Resolution::P1080) {
    reasons.push_back({"resolution"});
  }
  return reasons;
}

bool anyImageProblemNames(const std::vector<std::string>& problems, const Reason& fields) {
  for (const std::string& problem : problems) {
    for (const std::string& field : fields) {
      if (problem.find(field) != std::string::npos) return true;
    }
  }
  return false;
}

TEST(ImageMatrix, ValidityOfEveryCombinationMatchesTheSpec) {
  int combinations = 0;
  int expected_valid = 0;
  for (const auto& model : kImageModelChoices) {
    for (const auto& resolution : kImageResolutions) {
      for (int ref_count = 0; ref_count <= kMaxRefsTried; ++ref_count) {
        ++combinations;
        const std::vector<Reason> reasons = expectedReasons(model, resolution, ref_count);
        if (reasons.empty()) ++expected_valid;
        ImageRequest request;
        request.prompt = kImagePrompt;
        request.model = model;
        request.resolution = resolution;
        request.image_refs = refs(ref_count);
        const std::vector<std::string> problems = validate(request);
        const std::string combination = "model=" + describeImage(model) +
                                        " resolution=" + describeImage(resolution) +
                                        " refs=" + std::to_string(ref_count);
        EXPECT_EQ(problems.empty(), reasons.empty())
            << "combination " << combination << "\n  expected "
            << (reasons.empty() ? "valid" : "invalid") << ", validate() gave "
            << describeImage(problems);
        if (problems.empty()) continue;
        for (const Reason& reason : reasons) {
          EXPECT_TRUE(anyImageProblemNames(problems, reason))
              << "combination " << combination << "\n  no problem names " << reason.front()
              << "; validate() gave " << describeImage(problems);
        }
      }
    }
  }
  EXPECT_EQ(combinations, 3 * 5 * 6);
  EXPECT_GT(expected_valid, 0);
  EXPECT_LT(expected_valid, combinations);
}

TEST(ImageValidation, RefsMustComeFromOneAccountMatchingEmail) {
  struct Case {
    const char* name;
    std::vector<std::string> refs;
    std::optional<std::string> email;
    bool valid;
  };
  const Case cases[] = {
      {"two refs from one account, no email",
       {refFor("user@example.com", 1), refFor("user@example.com", 2)},
       std::nullopt,
       true},
      {"refs from two accounts, no email",
       {refFor("user@example.com", 1), refFor("other@example.com", 2)},
       std::nullopt,
       false},
      {"refs from two accounts, email matches the first",
       {refFor("user@example.com", 1), refFor("other@example.com", 2)},
       "user@example.com",
       false},
      {"email matches the refs' account",
       {refFor("user@example.com", 1), refFor("user@example.com", 2)},
       "user@example.com",
       true},
      {"email does not match the refs' account",
       {refFor("user@example.com", 1)},
       "other@example.com",
       false},
      {"hyphenated email matches",
       {refFor("first-last@example.com", 1)},
       "first-last@example.com",
       true},
      {"hyphenated email does not match",
       {refFor("first-last@example.com", 1)},
       "first@example.com",
       false},
      {"email without refs", {}, "other@example.com", true},
  };
  for (const Case& test : cases) {
    ImageRequest request;
    request.prompt = kImagePrompt;
    request.image_refs = test.refs;
    request.email = test.email;
    const std::vector<std::string> problems = validate(request);
    EXPECT_EQ(problems.empty(), test.valid) << test.name << ": " << describeImage(problems);
    if (!test.valid && !problems.empty()) {
      EXPECT_TRUE(anyImageProblemNames(problems, {"imageRef", "image_ref", "email"}))
          << test.name << ": " << describeImage(problems);
    }
  }
}

TEST(ImageValidation, ReturnsEveryProblemAtOnce) {
  ImageRequest request;
  request.prompt = "";
  request.model = ImageModel::PhotonV2;
  request.resolution = Resolution::Draft;
  request.image_refs = refs(5);
  const std::vector<std::string> problems = validate(request);
  EXPECT_GE(problems.size(), 3u) << describeImage(problems);
  EXPECT_THAT(problems, Contains(HasSubstr("prompt")));
  EXPECT_THAT(problems, Contains(HasSubstr("resolution")));
  EXPECT_TRUE(anyImageProblemNames(problems, {"imageRef", "image_ref"})) << describeImage(problems);
}

}  // namespace
