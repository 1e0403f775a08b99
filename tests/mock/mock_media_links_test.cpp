// luma-mock's media as a CDN serves it: URLs that expire (fresh, signed ones on each job read;
// an expired, unsigned or altered one answers 403), and answers that offer ranges (Range with
// 206 and Content-Range, Accept-Ranges, an ETag, If-Range naming another version: the whole).

#include <gtest/gtest.h>
#include <httplib.h>

#include <string>
#include <thread>

#include "mock/mock_server.hpp"
#include "mock_harness.hpp"

namespace useapi::luma::mock::test_support {
namespace {

constexpr auto kTtl = 200ms;

// A GET of `url` (absolute) with `headers`.
httplib::Result fetch(const std::string& url, const httplib::Headers& headers = {}) {
  const std::size_t path_start = url.find('/', url.find("://") + 3);
  httplib::Client http(url.substr(0, path_start));
  return http.Get(url.substr(path_start), headers);
}

MockOptions expiringMedia() {
  MockOptions options = Harness::optionsFor(50ms);
  options.media_ttl = kTtl;
  return options;
}

TEST(MockMediaLinks, EachJobReadHandsOutAFreshUrlThatExpiresAfterTheTtl) {
  Harness mock(expiringMedia());
  const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const std::string first = textAt(mock.waitUntilFinal(jobid), "/response/video/url");
  const std::string second = textAt(mock.job(jobid), "/response/video/url");

  EXPECT_NE(first, second) << "every read hands out a URL of its own";
  EXPECT_NE(first.find("signature="), std::string::npos) << first;
  EXPECT_EQ(fetch(first)->status, 200);
  EXPECT_EQ(fetch(second)->status, 200);
  std::this_thread::sleep_for(kTtl + 50ms);
  const auto expired = fetch(first);
  EXPECT_EQ(expired->status, 403);
  EXPECT_NE(expired->body.find("expired"), std::string::npos) << expired->body;
  EXPECT_EQ(fetch(textAt(mock.job(jobid), "/response/video/url"))->status, 200)
      << "a new read hands out a good URL again";
}

TEST(MockMediaLinks, AnUnsignedOrAlteredUrlIsRefused) {
  Harness mock(expiringMedia());
  const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const std::string url = textAt(mock.waitUntilFinal(jobid), "/response/video/url");
  const std::string unsigned_url = url.substr(0, url.find('?'));
  std::string altered = url;
  altered.insert(altered.find("expires=") + 8, "1");  // a later expiry, not signed

  EXPECT_EQ(fetch(unsigned_url)->status, 403);
  EXPECT_EQ(fetch(altered)->status, 403);
  EXPECT_EQ(fetch(url)->status, 200);
}

TEST(MockMediaLinks, WithoutATtlUrlsArePlainAndNeverExpire) {
  Harness mock(Harness::optionsFor(50ms));
  const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const std::string url = textAt(mock.waitUntilFinal(jobid), "/response/video/url");
  EXPECT_EQ(url.find('?'), std::string::npos) << url;
  EXPECT_EQ(textAt(mock.job(jobid), "/response/video/url"), url);
  EXPECT_EQ(fetch(url)->status, 200);
}

TEST(MockMediaRanges, EveryMediaRouteAnswersRangesWithAnETag) {
  Harness mock(Harness::optionsFor(50ms));
  const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const json record = mock.waitUntilFinal(jobid);
  for (const std::string& url :
       {textAt(record, "/response/video/url"), textAt(record, "/response/thumbnail/url"),
        mock.origin() + "/media/blob/5000.bin"}) {
    SCOPED_TRACE(url);
    const auto whole = fetch(url);
    ASSERT_EQ(whole->status, 200);
    EXPECT_EQ(whole->get_header_value("Accept-Ranges"), "bytes");
    const std::string etag = whole->get_header_value("ETag");
    ASSERT_GE(etag.size(), 3u);
    EXPECT_EQ(etag.front(), '"') << "a strong validator";
    const std::string& bytes = whole->body;
    const std::string size = std::to_string(bytes.size());
    ASSERT_GT(bytes.size(), 200u);

    struct Case {
      std::string range;
      std::size_t first;
      std::size_t last;
    };
    for (const Case& c : {Case{"bytes=100-", 100, bytes.size() - 1}, Case{"bytes=10-19", 10, 19}}) {
      const auto part = fetch(url, {{"Range", c.range}, {"If-Range", etag}});
      ASSERT_EQ(part->status, 206) << c.range;
      EXPECT_EQ(part->get_header_value("Content-Range"),
                "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + "/" + size);
      EXPECT_EQ(part->body, bytes.substr(c.first, c.last - c.first + 1));
    }
    const auto other_version = fetch(url, {{"Range", "bytes=100-"}, {"If-Range", "\"other\""}});
    EXPECT_EQ(other_version->status, 200) << "If-Range naming another version: the whole";
    EXPECT_EQ(other_version->body, bytes);
  }
}

TEST(MockMediaRanges, ACutAnswerCountsItsBytesFromWhereTheRangeStarts) {
  Harness mock(Harness::optionsFor(50ms));
  Fault cut;
  cut.route = "GET /media/blob/";
  cut.status = 0;
  cut.truncate_after_bytes = 1000;
  mock.server().queueFault(cut);
  httplib::Client http("127.0.0.1", mock.server().port());
  std::string received;
  const auto result = http.Get("/media/blob/100000.bin", {{"Range", "bytes=5000-"}},
                               [&](const char* data, std::size_t length) {
                                 received.append(data, length);
                                 return true;
                               });
  EXPECT_FALSE(result) << "the connection was closed mid-answer";
  EXPECT_EQ(received.size(), 1000u);
  EXPECT_EQ(static_cast<unsigned char>(received[0]), blobByte(5000));
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
