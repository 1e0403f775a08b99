// A local image given to --start, --end, --character or --ref is uploaded first to the account
// the job runs on, then its assetRef is sent; an assetRef is sent as is (issue 16).

#include <fstream>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

class LocalImageCliTest : public CliTest {
 protected:
  // A small PNG file (the type is read from its first bytes).
  std::filesystem::path writePng(const std::string& name) const {
    const auto file = folder_ / name;
    std::ofstream out(file, std::ios::binary);
    out << std::string("\x89PNG\r\n\x1a\n", 8) << std::string(64, 'p');
    return file;
  }

  std::vector<mock::RecordedRequest> requestsTo(const std::string& method,
                                                const std::string& prefix) const {
    std::vector<mock::RecordedRequest> found;
    for (const auto& request : server_->requests()) {
      if (request.method == method && request.path.rfind("/v1/luma" + prefix, 0) == 0) {
        found.push_back(request);
      }
    }
    return found;
  }
};

TEST_F(LocalImageCliTest, LocalKeyframesAreUploadedToTheOnlyAccountThenSentAsAssetRefs) {
  const auto start = writePng("start.png");
  const auto end = writePng("end.png");
  const CliResult result =
      run({"video", "a red fox", "--start", start.string(), "--end", end.string(), "--no-wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto uploads = requestsTo("POST", "/assets/");
  ASSERT_EQ(uploads.size(), 2u);
  EXPECT_EQ(uploads[0].path, "/v1/luma/assets/mock@example.com");
  const auto videos = requestsTo("POST", "/videos");
  ASSERT_EQ(videos.size(), 1u);
  const std::string& body = videos[0].body;
  EXPECT_EQ(body.find(start.string()), std::string::npos) << body;
  EXPECT_NE(body.find("\"imageStart\":\"u"), std::string::npos) << body;
  EXPECT_NE(body.find("\"imageEnd\":\"u"), std::string::npos) << body;
  EXPECT_NE(body.find("mock@example.com"), std::string::npos) << body;  // the uploads' account
  EXPECT_NE(result.err.find("uploaded " + start.string()), std::string::npos) << result.err;
}

TEST_F(LocalImageCliTest, LocalRefsOfAnImageBatchAreUploadedEach) {
  const auto first = writePng("a.png");
  const auto second = writePng("b.png");
  const CliResult result =
      run({"image", "a red fox", "--ref", first.string(), "--ref", second.string(), "--no-wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(requestsTo("POST", "/assets/").size(), 2u);
  const auto images = requestsTo("POST", "/images");
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0].body.find(".png"), std::string::npos) << images[0].body;
}

TEST_F(LocalImageCliTest, AnAssetRefIsSentAsIsWithoutAnUpload) {
  const CliResult uploaded =
      run({"asset", "upload", "mock@example.com", writePng("s.png").string()});
  ASSERT_EQ(uploaded.exit_code, 0) << uploaded.err;
  const std::string ref = uploaded.out.substr(0, uploaded.out.find('\n'));
  const CliResult result = run({"video", "a red fox", "--start", ref, "--no-wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(requestsTo("POST", "/assets/").size(), 1u);  // the explicit upload only
  const auto videos = requestsTo("POST", "/videos");
  ASSERT_EQ(videos.size(), 1u);
  EXPECT_NE(videos[0].body.find(ref), std::string::npos) << videos[0].body;
}

TEST_F(LocalImageCliTest, SeveralAccountsWithoutEmailIsRefusedBeforeAnyUpload) {
  ASSERT_EQ(run({"account", "add", "email=second@example.com"}).exit_code, 0);
  const CliResult result = run({"video", "a red fox", "--model", "ray-v3", "--character",
                                writePng("c.png").string(), "--no-wait"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("--email"), std::string::npos) << result.err;
  EXPECT_TRUE(requestsTo("POST", "/assets/").empty());
  EXPECT_TRUE(requestsTo("POST", "/videos").empty());

  const CliResult chosen =
      run({"video", "a red fox", "--model", "ray-v3", "--character", writePng("c.png").string(),
           "--email", "second@example.com", "--no-wait"});
  ASSERT_EQ(chosen.exit_code, 0) << chosen.err;
  const auto uploads = requestsTo("POST", "/assets/");
  ASSERT_EQ(uploads.size(), 1u);
  EXPECT_EQ(uploads[0].path, "/v1/luma/assets/second@example.com");
}

TEST_F(LocalImageCliTest, AnInvalidRequestWithLocalImagesIsRefusedBeforeAnyUpload) {
  struct Case {
    std::vector<std::string> args;
    std::string problem;
  };
  const std::string png = writePng("s.png").string();
  const std::vector<Case> cases = {
      // ray-v3-flash, the default model, takes no character reference.
      {{"video", "a red fox", "--character", png}, "imageCharacter: ray-v3-flash"},
      {{"video", "a red fox", "--model", "ray-v3", "--resolution", "draft", "--dynamic-range",
        "hdr", "--start", png},
       "resolution draft: hdr with ray-v3"},
      {{"image", "a red fox", "--model", "image-v2", "--resolution", "1080p", "--ref", png},
       "with image references supports 720p only"},
  };
  for (const Case& test : cases) {
    std::vector<std::string> args = test.args;
    args.push_back("--no-wait");
    const CliResult result = run(args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("invalid: "), std::string::npos) << result.err;
    EXPECT_NE(result.err.find(test.problem), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("uploaded"), std::string::npos) << result.err;
  }
  EXPECT_TRUE(requestsTo("POST", "/assets/").empty());
  EXPECT_TRUE(server_->requests().empty()) << "not even the accounts were read";
}

TEST_F(LocalImageCliTest, AMissingLocalImageIsALocalErrorAndNothingIsSent) {
  const CliResult result =
      run({"video", "a red fox", "--start", (folder_ / "missing.png").string(), "--no-wait"});
  EXPECT_EQ(result.exit_code, 7) << result.err;
  EXPECT_NE(result.err.find("missing.png"), std::string::npos) << result.err;
  EXPECT_TRUE(server_->requests().empty());
}

}  // namespace
}  // namespace useapi::luma::testing
