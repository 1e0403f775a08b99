// What goes on the wire, as the mock received it: bodies, headers, unset fields.

#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "mock/media_synthesis.hpp"
#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class WireFormat : public MockApiTest {
 protected:
  json lastBody(const std::string& method, const std::string& path) const {
    const auto requests = received(method, path);
    EXPECT_FALSE(requests.empty());
    return requests.empty() ? json() : json::parse(requests.back().body);
  }

  std::string lastHeader(const std::string& name) const {
    const auto requests = server_->requests();
    if (requests.empty()) return {};
    const auto it = requests.back().headers.find(name);
    return it == requests.back().headers.end() ? std::string() : it->second;
  }
};

TEST_F(WireFormat, VideoRequestWithEveryFieldUsesTheWireNames) {
  Client client(clientOptions());
  VideoRequest request;
  request.prompt = "a fox \"jumps\" — é 😀";
  request.model = VideoModel::RayV3;
  request.resolution = Resolution::P720;
  request.aspect_ratio = AspectRatio::R21x9;
  request.duration = Duration::S10;
  request.dynamic_range = DynamicRange::Sdr;
  // The mock accepts only refs of uploaded assets.
  request.image_start =
      client.uploadAsset("mock@example.com", mock::makePng(16, 16, 1), "image/png").asset_ref;
  request.image_end =
      client.uploadAsset("mock@example.com", mock::makePng(16, 16, 2), "image/png").asset_ref;
  request.email = "mock@example.com";
  request.reply_url = "http://127.0.0.1:9/hook?a=1";
  request.reply_ref = "order-42";
  client.generateVideo(request);

  const json expected = {{"prompt", request.prompt},
                         {"model", "ray-v3"},
                         {"resolution", "720p"},
                         {"aspect_ratio", "21:9"},
                         {"duration", "10s"},
                         {"dynamic_range", "sdr"},
                         {"imageStart", *request.image_start},
                         {"imageEnd", *request.image_end},
                         {"email", "mock@example.com"},
                         {"replyUrl", "http://127.0.0.1:9/hook?a=1"},
                         {"replyRef", "order-42"}};
  EXPECT_EQ(lastBody("POST", "/videos"), expected);
}

TEST_F(WireFormat, UnsetFieldsAreNotSent) {
  Client client(clientOptions());
  client.generateVideo(videoRequest("only a prompt"));
  ImageRequest image;
  image.prompt = "only a prompt";
  client.generateImages(image);

  EXPECT_EQ(lastBody("POST", "/videos"), json({{"prompt", "only a prompt"}}));
  EXPECT_EQ(lastBody("POST", "/images"), json({{"prompt", "only a prompt"}}));
}

TEST_F(WireFormat, ImageRefsAreNumberedInOrder) {
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "three references";
  request.model = ImageModel::ImageV2;
  request.aspect_ratio = AspectRatio::R1x1;
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {  // the mock accepts only uploaded refs
    request.image_refs.push_back(
        client.uploadAsset("mock@example.com", mock::makePng(16, 16, seed), "image/png").asset_ref);
  }
  const ImageBatch batch = client.generateImages(request);

  const json body = lastBody("POST", "/images");
  EXPECT_EQ(body["model"], "image-v2");
  EXPECT_EQ(body["aspect_ratio"], "1:1");
  EXPECT_EQ(body["imageRef1"], request.image_refs[0]);
  EXPECT_EQ(body["imageRef2"], request.image_refs[1]);
  EXPECT_EQ(body["imageRef3"], request.image_refs[2]);
  EXPECT_FALSE(body.contains("imageRef4"));
  EXPECT_EQ(batch.jobids.size(), 4u);
  EXPECT_FALSE(batch.jobid.empty());
}

TEST_F(WireFormat, HeadersCarryTheTokenExactlyAndTheLibraryVersion) {
  Client client(clientOptions());
  client.generateVideo(videoRequest());

  EXPECT_EQ(lastHeader("Authorization"), "Bearer " + kTestToken);
  EXPECT_EQ(lastHeader("Content-Type"), "application/json");
  EXPECT_THAT(lastHeader("User-Agent"), StartsWith(std::string("useapi-luma-cpp/") + kVersion));
}

// A record is a few hundred bytes, which no server compresses: only lists ask for gzip, and a
// handle that served a list carries the header into no later call.
TEST_F(WireFormat, OnlyListsAskForGzip) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  EXPECT_EQ(lastHeader("Accept-Encoding"), "") << "POST /videos";
  client.getJob(jobid);
  EXPECT_EQ(lastHeader("Accept-Encoding"), "") << "GET /jobs/{jobid}";
  client.listJobs();
  EXPECT_EQ(lastHeader("Accept-Encoding"), "gzip") << "GET /jobs";
  client.getJob(jobid);
  EXPECT_EQ(lastHeader("Accept-Encoding"), "") << "GET /jobs/{jobid} after the list";
  client.listAccounts();
  EXPECT_EQ(lastHeader("Accept-Encoding"), "gzip") << "GET /accounts";
}

TEST_F(WireFormat, UserAgentSuffixIsAppended) {
  ClientOptions options = clientOptions();
  options.user_agent = "my-app/2.1";
  Client client(options);
  client.generateVideo(videoRequest());
  EXPECT_THAT(lastHeader("User-Agent"), HasSubstr("my-app/2.1"));
}

TEST_F(WireFormat, InvalidRequestIsRefusedBeforeAnythingIsSent) {
  Client client(clientOptions());
  VideoRequest request = videoRequest();
  request.model = VideoModel::RayV3Reasoning;
  request.resolution = Resolution::Draft;
  request.prompt = "bad \xC3\x28 utf-8";

  try {
    client.generateVideo(request);
    FAIL() << "expected ValidationError";
  } catch (const ValidationError& error) {
    EXPECT_EQ(error.problems().size(), 2u) << error.what();
    EXPECT_THAT(error.what(), HasSubstr("UTF-8"));
    EXPECT_THAT(error.what(), HasSubstr("resolution draft"));
  }
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(WireFormat, ClientFallsBackToTheEnvironment) {
  ::setenv("USEAPI_TOKEN", kTestToken.c_str(), 1);
  ::setenv("USEAPI_LUMA_BASE_URL", server_->baseUrl().c_str(), 1);
  Client client;
  const Job job = client.generateVideo(videoRequest());
  ::unsetenv("USEAPI_TOKEN");
  ::unsetenv("USEAPI_LUMA_BASE_URL");
  EXPECT_FALSE(job.jobid.empty());
  EXPECT_EQ(lastHeader("Authorization"), "Bearer " + kTestToken);
}

TEST(ClientOptionsCheck, MissingTokenOrBadBaseUrlIsAClearError) {
  ::unsetenv("USEAPI_TOKEN");
  ClientOptions no_token;
  no_token.base_url = "http://127.0.0.1:1";
  EXPECT_THROW(Client{no_token}, Error);

  ClientOptions bad_url;
  bad_url.api_token = "t";
  bad_url.base_url = "ftp://example.com";
  EXPECT_THROW(Client{bad_url}, Error);

  ClientOptions newline_token;
  newline_token.api_token = "token\r\nX-Injected: 1";
  newline_token.base_url = "http://127.0.0.1:1";
  EXPECT_THROW(Client{newline_token}, Error);

  ClientOptions newline_agent;
  newline_agent.api_token = "t";
  newline_agent.base_url = "http://127.0.0.1:1";
  newline_agent.user_agent = "my-app/1.0\r\nX-Injected: 1";
  try {
    Client client{newline_agent};
    ADD_FAILURE() << "expected Error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("user agent"));
  }
}

TEST_F(WireFormat, AGetSendsOneUserAgentAndNoExpectHeader) {
  Client client(clientOptions());
  const std::string jobid = client.generateVideo(videoRequest()).jobid;
  client.getJob(jobid);
  const mock::RecordedRequest get = server_->requests().back();
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.headers.count("User-Agent"), 1u);
  EXPECT_THAT(get.headers.find("User-Agent")->second,
              StartsWith(std::string("useapi-luma-cpp/") + kVersion));
  EXPECT_EQ(get.headers.count("Expect"), 0u);
}

}  // namespace
}  // namespace useapi::luma::testing
