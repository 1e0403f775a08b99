// The handle-reuse rule: a handle skips curl_easy_reset only for a request of the shape it last
// served, which is safe only because one function sets every option, by shape.

#include "transport/curl_options.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using useapi::luma::detail::HttpRequest;
using useapi::luma::detail::RequestKind;
using useapi::luma::detail::RequestShape;

TEST(CurlOptions, OnlyCurlOptionsSetsOptionsOrResetsAHandle) {
  const std::filesystem::path src = std::filesystem::path(USEAPI_LUMA_SOURCE_DIR) / "src";
  ASSERT_TRUE(std::filesystem::is_directory(src)) << src;
  std::vector<std::string> offenders;
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    const auto extension = entry.path().extension();
    if (extension != ".cpp" && extension != ".hpp") continue;
    ++files;
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    const std::string content = text.str();
    const bool sets = content.find("curl_easy_setopt(") != std::string::npos ||
                      content.find("curl_easy_reset(") != std::string::npos;
    if (sets && entry.path().filename() != "curl_options.cpp") {
      offenders.push_back(entry.path().string());
    }
  }
  EXPECT_GT(files, 20);
  EXPECT_TRUE(offenders.empty()) << "sets curl options outside curl_options.cpp: "
                                 << ::testing::PrintToString(offenders);
}

TEST(RequestShape, RequestsSetTheSameOptionsExactlyWhenTheirShapesMatch) {
  HttpRequest poll;
  poll.url = "http://h/v1/luma/jobs/a";
  poll.timeout = std::chrono::milliseconds(30000);
  poll.api_headers = true;
  struct Case {
    const char* name;
    HttpRequest other;
    bool same_shape;
  };
  std::vector<Case> cases;
  const auto with = [&poll](auto change) {
    HttpRequest request = poll;
    change(request);
    return request;
  };
  cases.push_back({"another job, another URL", with([](HttpRequest& r) { r.url += "b"; }), true});
  cases.push_back({"another timeout", with([](HttpRequest& r) { r.timeout *= 2; }), true});
  cases.push_back({"DELETE", with([](HttpRequest& r) { r.method = "DELETE"; }), false});
  cases.push_back({"POST", with([](HttpRequest& r) { r.method = "POST"; }), false});
  cases.push_back({"no timeout", with([](HttpRequest& r) { r.timeout = {}; }), false});
  cases.push_back({"gzip", with([](HttpRequest& r) { r.accept_gzip = true; }), false});
  cases.push_back({"redirects", with([](HttpRequest& r) { r.follow_redirects = true; }), false});
  cases.push_back(
      {"fresh connection", with([](HttpRequest& r) { r.fresh_connection = true; }), false});
  cases.push_back({"creates a resource",
                   with([](HttpRequest& r) { r.kind = RequestKind::CreatesResource; }), false});
  for (const Case& c : cases) {
    EXPECT_EQ(RequestShape::of(poll) == RequestShape::of(c.other), c.same_shape) << c.name;
  }
  HttpRequest del = with([](HttpRequest& r) { r.method = "DELETE"; });
  HttpRequest patch = with([](HttpRequest& r) { r.method = "PATCH"; });
  EXPECT_EQ(RequestShape::of(del), RequestShape::of(patch))
      << "both set CURLOPT_CUSTOMREQUEST, with another value";
}

}  // namespace
