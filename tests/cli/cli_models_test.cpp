// luma models: the compatibility matrix from the library's own table, without a token or a
// request (issue 16).

#include <nlohmann/json.hpp>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

// The line of `text` that starts (after spaces) with `model` then `range`.
std::string rowOf(const std::string& text, const std::string& model, const std::string& range) {
  std::size_t at = 0;
  while ((at = text.find("  " + model + " ", at)) != std::string::npos) {
    const std::string line = text.substr(at, text.find('\n', at) - at);
    if (range.empty() || line.find(" " + range + " ") != std::string::npos) return line;
    at += model.size();
  }
  return {};
}

TEST_F(CliTest, ModelsPrintsTheMatrixWithoutATokenOrARequest) {
  const CliResult result = run({"models"}, {{"USEAPI_LUMA_BASE_URL", server_->baseUrl()}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  struct Row {
    std::string model, range, holds, lacks;
  };
  const std::vector<Row> rows = {
      {"ray-v3-flash", "sdr", "draft, 540p, 720p, 1080p", "--character"},
      {"ray-v3", "sdr", "--start/--end, --character", ""},
      {"ray-v3", "hdr", "540p, 720p, 1080p", "--character"},
      {"ray-v3-reasoning", "sdr", "720p, 1080p", "draft"},
      {"ray-v3-reasoning", "hdr_exr", "720p ", "1080p"},
      {"photon-v2", "", "720p, 1080p", ""},
  };
  for (const auto& row : rows) {
    const std::string line = rowOf(result.out, row.model, row.range);
    ASSERT_FALSE(line.empty()) << row.model << " " << row.range << "\n" << result.out;
    EXPECT_NE(line.find(row.holds), std::string::npos) << line;
    if (!row.lacks.empty()) {
      EXPECT_EQ(line.find(row.lacks), std::string::npos) << line;
    }
  }
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(CliTest, ModelsAsJsonHasEveryModelAndRange) {
  const CliResult result = run({"models", "--json"}, {});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document.at("video").size(), 9u);  // 3 models x 3 dynamic ranges
  EXPECT_EQ(document.at("image").size(), 2u);
  EXPECT_EQ(document.at("max_refs").get<int>(), 4);
  const auto& image_v2 = document.at("image").at(1);
  EXPECT_EQ(image_v2.at("model"), "image-v2");
  EXPECT_EQ(image_v2.at("resolutions_with_refs"), nlohmann::json::array({"720p"}));
}

}  // namespace
}  // namespace useapi::luma::testing
