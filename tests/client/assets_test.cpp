// Asset uploads: type from content, limits checked before sending, refs usable in requests.

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "mock/media_synthesis.hpp"
#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class Assets : public MockApiTest {
 protected:
  void SetUp() override {
    MockApiTest::SetUp();
    folder_ = fs::temp_directory_path() / ("luma-assets-" + std::to_string(::getpid()));
    fs::create_directories(folder_);
  }
  void TearDown() override {
    fs::remove_all(folder_);
    MockApiTest::TearDown();
  }

  fs::path writeFile(const std::string& name, const std::string& bytes) const {
    fs::path path = folder_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  fs::path folder_;
};

TEST_F(Assets, PngFileNamedJpgIsUploadedAsPngAndUsableAsARef) {
  Client client(clientOptions());
  const fs::path file = writeFile("photo.jpg", mock::makePng(64, 48, 7));
  const Asset asset = client.uploadAsset("mock@example.com", file);

  EXPECT_THAT(asset.asset_ref, HasSubstr("-email:mock@example.com-image:"));
  EXPECT_EQ(asset.email, "mock@example.com");
  EXPECT_FALSE(asset.upload_id.empty());
  EXPECT_FALSE(asset.url.empty());
  const auto uploads = received("POST", "/assets/");
  ASSERT_EQ(uploads.size(), 1u);
  EXPECT_EQ(uploads[0].headers.find("Content-Type")->second, "image/png");
  EXPECT_EQ(uploads[0].body, mock::makePng(64, 48, 7));

  VideoRequest request = videoRequest();
  request.image_start = asset.asset_ref;
  EXPECT_FALSE(client.generateVideo(request).jobid.empty());
}

TEST_F(Assets, BadFilesAreRefusedBeforeAnyUpload) {
  Client client(clientOptions());
  struct Case {
    std::string name;
    std::string bytes;
    std::string mention;
  };
  const std::vector<Case> cases = {
      {"empty.png", "", "empty"},
      {"picture.png", std::string("BM\x36\x00\x00\x00 a bitmap", 15), "not a JPEG, PNG or WebP"},
      {"huge.png", std::string("\x89PNG\r\n\x1a\n") + std::string(kMaxAssetBytes, 'x'), "20 MB"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    try {
      client.uploadAsset("mock@example.com", writeFile(c.name, c.bytes));
      ADD_FAILURE() << "expected ValidationError";
    } catch (const ValidationError& error) {
      EXPECT_THAT(error.what(), HasSubstr(c.mention));
    }
  }
  EXPECT_THROW(client.uploadAsset("mock@example.com", folder_ / "missing.png"), ValidationError);
  EXPECT_THROW(client.uploadAsset("mock@example.com", std::string("\xFF\xD8\xFF\xE0"), "image/png"),
               ValidationError);
  EXPECT_THROW(client.uploadAsset("mock@example.com", std::string("GIF89a"), "image/gif"),
               ValidationError);
  EXPECT_THROW(client.uploadAsset("", mock::makePng(8, 8, 1), "image/png"), ValidationError);
  EXPECT_TRUE(received("POST", "/assets/").empty());
}

TEST_F(Assets, ServerRejectionsMapToTheirClasses) {
  Client client(clientOptions());
  const std::string png = mock::makePng(8, 8, 1);
  try {
    client.uploadAsset("stranger@example.com", png, "image/png");
    FAIL() << "expected NotFoundError";
  } catch (const NotFoundError& error) {
    EXPECT_EQ(error.message(), "Unable to find configuration for email stranger@example.com");
  }
  Client wrong_token(clientOptions("wrong-token"));
  EXPECT_THROW(wrong_token.uploadAsset("mock@example.com", png, "image/png"), UnauthorizedError);
  server_->queueFault(fault("POST /assets/", 596, R"({"error":"Luma account has an error."})"));
  EXPECT_THROW(client.uploadAsset("mock@example.com", png, "image/png"), SessionError);
  server_->queueFault(fault("POST /assets/", 400, R"({"error":"Content is empty"})"));
  EXPECT_THROW(client.uploadAsset("mock@example.com", png, "image/png"), BadRequestError);
}

TEST_F(Assets, RefsOfAnotherAccountAreAValidationProblem) {
  Client client(clientOptions());
  const Asset asset = client.uploadAsset("mock@example.com", mock::makePng(8, 8, 2), "image/png");
  ImageRequest request;
  request.prompt = "two accounts";
  request.email = "other@example.com";
  request.image_refs = {asset.asset_ref};
  const auto problems = validate(request);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("mock@example.com"));
}

}  // namespace
}  // namespace useapi::luma::testing
