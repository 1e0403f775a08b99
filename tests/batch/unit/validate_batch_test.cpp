// validateBatch (batch.hpp): every problem at once, each naming its item as "item N (id): ..."
// with N counted from 1; ids empty, malformed (1 to 100 letters, digits, '-', '_', '.', not
// starting with '.') or repeated; and each request's validate() problems.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "useapi/luma.hpp"
#include "useapi/luma/batch.hpp"

namespace {

namespace luma = ::useapi::luma;
using ::testing::HasSubstr;
using ::testing::StartsWith;

luma::BatchItem video(const std::string& id, const std::string& prompt = "a fox in the snow") {
  luma::VideoRequest request;
  request.prompt = prompt;
  return {id, request};
}

luma::BatchItem image(const std::string& id, const std::string& prompt = "a red kite") {
  luma::ImageRequest request;
  request.prompt = prompt;
  return {id, request};
}

struct IdCase {
  std::string id;
  bool valid;
};

TEST(ValidateBatch, AcceptsIdsOfTheDocumentedShapeAndRefusesEveryOther) {
  const std::vector<IdCase> cases = {
      {"a", true},
      {"cat-2", true},
      {"Shot_01.take.B", true},
      {std::string(100, 'x'), true},
      {"", false},
      {std::string(101, 'x'), false},
      {".hidden", false},
      {"..", false},
      {"a/b", false},
      {"../escape", false},
      {"with space", false},
      {"tab\there", false},
      {"caf\xC3\xA9", false},  // letters are ASCII: the id names files on every system
      {"semi;colon", false},
      {std::string("nul\0byte", 8), false},
  };
  for (const auto& entry : cases) {
    const auto problems = luma::validateBatch({video(entry.id)});
    if (entry.valid) {
      EXPECT_TRUE(problems.empty()) << entry.id << ": " << ::testing::PrintToString(problems);
    } else {
      ASSERT_EQ(problems.size(), 1U) << entry.id;
      EXPECT_THAT(problems[0], StartsWith("item 1 (")) << entry.id;
      EXPECT_THAT(problems[0], HasSubstr("id")) << entry.id;
    }
  }
}

TEST(ValidateBatch, AValidBatchOfImagesAndVideosHasNoProblem) {
  EXPECT_TRUE(luma::validateBatch({video("v1"), image("i1"), video("v2")}).empty());
  EXPECT_TRUE(luma::validateBatch({}).empty());
}

TEST(ValidateBatch, ARepeatedIdNamesTheItemThatUsedItFirst) {
  const auto problems = luma::validateBatch({video("a"), image("b"), video("a"), image("a")});
  ASSERT_EQ(problems.size(), 2U) << ::testing::PrintToString(problems);
  EXPECT_THAT(problems[0], StartsWith("item 3 (a): "));
  EXPECT_THAT(problems[0], HasSubstr("item 1"));
  EXPECT_THAT(problems[1], StartsWith("item 4 (a): "));
  EXPECT_THAT(problems[1], HasSubstr("item 1"));
}

TEST(ValidateBatch, EachRequestProblemIsPrefixedWithItsItemNumberedFromOne) {
  luma::VideoRequest bad_video;
  bad_video.prompt = "";
  bad_video.resolution = luma::Resolution::P1080;
  bad_video.model = luma::VideoModel::RayV3Flash;
  bad_video.dynamic_range = luma::DynamicRange::Hdr;
  const std::vector<std::string> video_problems = luma::validate(bad_video);
  ASSERT_GE(video_problems.size(), 1U);

  const auto problems = luma::validateBatch({image("fine"), {"clip", bad_video}});
  ASSERT_EQ(problems.size(), video_problems.size());
  for (std::size_t i = 0; i < problems.size(); ++i) {
    EXPECT_EQ(problems[i], "item 2 (clip): " + video_problems[i]);
  }
}

TEST(ValidateBatch, ListsEveryProblemOfEveryItemAtOnceInItemOrder) {
  luma::ImageRequest too_many_refs;
  too_many_refs.prompt = "five refs";
  too_many_refs.image_refs = {"r1", "r2", "r3", "r4", "r5"};
  const auto problems = luma::validateBatch({video(""),
                                             image("ok"),
                                             image("x", ""),
                                             {"refs", too_many_refs},
                                             video("ok"),
                                             video(".dot")});
  std::vector<std::string> prefixes;
  prefixes.reserve(problems.size());
  for (const auto& problem : problems) prefixes.push_back(problem.substr(0, problem.find(':')));
  EXPECT_THAT(prefixes, ::testing::Contains("item 1 ()"));
  EXPECT_THAT(prefixes, ::testing::Contains("item 3 (x)"));
  EXPECT_THAT(prefixes, ::testing::Contains("item 4 (refs)"));
  EXPECT_THAT(prefixes, ::testing::Contains("item 5 (ok)"));
  EXPECT_THAT(prefixes, ::testing::Contains("item 6 (.dot)"));
  EXPECT_THAT(prefixes, ::testing::Not(::testing::Contains("item 2 (ok)")));
  EXPECT_TRUE(std::is_sorted(prefixes.begin(), prefixes.end(), [](const auto& a, const auto& b) {
    return std::stoi(a.substr(5)) < std::stoi(b.substr(5));
  }));
}

TEST(ValidateBatch, AnIdTooLongToQuoteIsCutShortInItsProblem) {
  const auto problems = luma::validateBatch({video(std::string(5000, 'z'))});
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_LT(problems[0].size(), 300U) << problems[0];
}

}  // namespace
