#pragma once
// The raw-HTTP harness of the luma-mock tests: an in-process mock on an ephemeral port, a
// keep-alive httplib client for it, and readers of its JSON answers.

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "mock/media_synthesis.hpp"
#include "mock/mock_server.hpp"

namespace useapi::luma::mock::test_support {

using namespace std::chrono_literals;
using nlohmann::json;

inline const std::string kToken = "mock:token-0123456789";  // user u12345
inline const std::string kOtherToken = "other-token";       // user u12346
inline const std::string kEmail = "mock@example.com";       // each user's seeded account
inline const std::string kApi = "/v1/luma";
inline const std::string kPngSignature("\x89PNG\r\n\x1a\n", 8);
inline const std::string kCapacityMessage =
    "All configured accounts are running at maximum capacity";
inline const std::string kModerationMessage = "Content moderation: prompt rejected";

// The Authorization header to send; nullopt sends none.
using Auth = std::optional<std::string>;

inline Auth bearer(const std::string& token) { return "Bearer " + token; }

// What the mock answered; `json_body` is discarded when the body is not JSON.
struct Reply {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string retry_after;
  std::string content_length;
  std::string content_range;
  json json_body;
};

inline Reply toReply(const httplib::Result& result) {
  Reply reply;
  if (!result) {
    ADD_FAILURE() << "no HTTP answer (httplib error " << static_cast<int>(result.error()) << ")";
    return reply;
  }
  reply.status = result->status;
  reply.body = result->body;
  reply.content_type = result->get_header_value("Content-Type");
  reply.retry_after = result->get_header_value("Retry-After");
  reply.content_length = result->get_header_value("Content-Length");
  reply.content_range = result->get_header_value("Content-Range");
  reply.json_body = json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  return reply;
}

// The `error` of a JSON error body, or "" when there is none.
inline std::string errorOf(const Reply& reply) {
  const json& body = reply.json_body;
  if (!body.is_object() || !body.contains("error") || !body["error"].is_string()) return {};
  return body["error"].get<std::string>();
}

// The value at a JSON pointer such as "/response/video/url", or null when there is none.
inline json at(const json& document, const std::string& pointer) {
  const json::json_pointer path(pointer);
  return document.contains(path) ? document[path] : json();
}

// The string at a JSON pointer, or "" when there is none.
inline std::string textAt(const json& document, const std::string& pointer) {
  const json value = at(document, pointer);
  return value.is_string() ? value.get<std::string>() : std::string();
}

// An ISO 8601 UTC timestamp with milliseconds, as the API sends them.
inline const std::regex kIsoTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");

// Whether `value` is a string matching `pattern` in whole.
inline bool matches(const json& value, const std::regex& pattern) {
  return value.is_string() && std::regex_match(value.get<std::string>(), pattern);
}

// `text` as one path segment: every character outside RFC 3986 pchar percent-encoded (a job id
// of the docs holds a space and brackets).
inline std::string pathSegment(const std::string& text) {
  static const std::string kPchar =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@";
  std::string encoded;
  for (const char c : text) {
    if (kPchar.find(c) != std::string::npos) {
      encoded += c;
    } else {
      static const char* const kHex = "0123456789ABCDEF";
      const auto byte = static_cast<unsigned char>(c);
      encoded += {'%', kHex[byte >> 4], kHex[byte & 15]};
    }
  }
  return encoded;
}

inline bool isFinal(const std::string& status) {
  return status == "completed" || status == "failed";
}

// An in-process mock on an ephemeral port and a keep-alive raw HTTP client for it.
class Harness {
 public:
  explicit Harness(std::chrono::milliseconds job_duration = 300ms, int concurrency = 100000)
      : Harness(optionsFor(job_duration, concurrency)) {}

  // A mock with these options (optionsFor's, changed as a test needs).
  explicit Harness(const MockOptions& options) : server_(options) {
    server_.start();
    http_ = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    http_->set_keep_alive(true);
    http_->set_tcp_nodelay(true);  // else a POST's header and body writes meet delayed ACKs
    http_->set_url_encode(false);  // targets are sent exactly as written
    http_->set_read_timeout(10, 0);
  }

  MockServer& server() { return server_; }

  Reply post(const std::string& path, const std::string& body, const Auth& auth = bearer(kToken)) {
    return toReply(http_->Post(path, headers(auth), body, "application/json"));
  }

  Reply get(const std::string& path, const Auth& auth = bearer(kToken)) {
    return toReply(http_->Get(path, headers(auth)));
  }

  Reply del(const std::string& path, const Auth& auth = bearer(kToken)) {
    return toReply(http_->Delete(path, headers(auth)));
  }

  // A POST of raw bytes with a Content-Type header (none when `content_type` is empty).
  Reply postRaw(const std::string& path, const std::string& body, const std::string& content_type,
                const Auth& auth = bearer(kToken)) {
    httplib::Headers with_type = headers(auth);
    if (!content_type.empty()) with_type.emplace("Content-Type", content_type);
    return toReply(http_->Post(path, with_type, body.data(), body.size(), ""));
  }

  // A POST of multipart/form-data: one part per item.
  Reply postForm(const std::string& path, const httplib::MultipartFormDataItems& items,
                 const Auth& auth = bearer(kToken)) {
    return toReply(http_->Post(path, headers(auth), items));
  }

  // A GET with extra headers (e.g. Range), answered in full.
  Reply getWith(const std::string& path, const httplib::Headers& extra) {
    return toReply(http_->Get(path, extra));
  }

  // Submits a generation body ("/videos" or "/images") and returns the 200 answer's JSON.
  json submit(const std::string& route, const json& body, const Auth& auth = bearer(kToken)) {
    const Reply reply = post(kApi + route, body.dump(), auth);
    EXPECT_EQ(reply.status, 200) << body.dump() << " -> " << reply.body;
    return reply.json_body;
  }

  // Submits a generation body and returns the new job's (or batch's) jobid.
  std::string submitJobid(const std::string& route, const json& body,
                          const Auth& auth = bearer(kToken)) {
    return submit(route, body, auth).value("jobid", "");
  }

  // Uploads `count` PNG images to an account of the user and returns their assetRefs.
  std::vector<std::string> uploadAssets(int count, const std::string& email = kEmail,
                                        const Auth& auth = bearer(kToken)) {
    std::vector<std::string> refs;
    const std::string assets_path = kApi + "/assets/" + email;
    for (int i = 0; i < count; ++i) {
      const std::string png = makePng(16, 16, static_cast<std::uint32_t>(i));
      const Reply reply = postRaw(assets_path, png, "image/png", auth);
      EXPECT_EQ(reply.status, 200) << reply.body;
      refs.push_back(textAt(reply.json_body, "/assetRef"));
    }
    return refs;
  }

  json job(const std::string& jobid, const Auth& auth = bearer(kToken)) {
    const Reply reply = get(kApi + "/jobs/" + pathSegment(jobid), auth);
    EXPECT_EQ(reply.status, 200) << jobid << " -> " << reply.body;
    return reply.json_body;
  }

  // Polls a job every 10 ms until it is completed or failed (at most 5 s).
  json waitUntilFinal(const std::string& jobid) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    json record = job(jobid);
    while (!isFinal(record.value("status", "")) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
      record = job(jobid);
    }
    EXPECT_TRUE(isFinal(record.value("status", ""))) << record.dump();
    return record;
  }

  // scheme://host:port of the mock.
  std::string origin() const {
    return server_.baseUrl().substr(0, server_.baseUrl().size() - kApi.size());
  }

  // The path of a media URL the mock issued, which must point at this server.
  std::string pathOf(const std::string& url) const {
    const std::string origin = this->origin();
    EXPECT_EQ(url.rfind(origin + "/", 0), 0U) << url << " is not under " << origin;
    return url.rfind(origin, 0) == 0 ? url.substr(origin.size()) : url;
  }

  // The options of Harness(job_duration, concurrency): both tokens, those values.
  static MockOptions optionsFor(std::chrono::milliseconds job_duration = 300ms,
                                int concurrency = 100000) {
    MockOptions options;
    options.tokens = {kToken, kOtherToken};
    options.job_duration = job_duration;
    options.concurrency = concurrency;
    return options;
  }

  std::size_t statsJobsCreated() {
    const Reply reply = get("/__mock/stats", std::nullopt);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json_body.value("jobs_created", std::size_t{0});
  }

 private:
  static httplib::Headers headers(const Auth& auth) {
    httplib::Headers result;
    if (auth) result.emplace("Authorization", *auth);
    return result;
  }

  MockServer server_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace useapi::luma::mock::test_support
