// The API token never appears in an exception text or a log line.

#include <gmock/gmock.h>

#include <filesystem>
#include <functional>

#include "support/hostile_server.hpp"
#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSecret = "SECRET-token:do-not-print-42";

class TokenSecrecy : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 5s; }
};

TEST_F(TokenSecrecy, NoErrorTextOrLogLineContainsTheToken) {
  std::vector<std::string> log_lines;
  std::mutex log_mutex;
  ClientOptions options = clientOptions(kSecret);  // the mock rejects it: 401
  options.retry.max_attempts = 2;
  options.logger = [&](LogLevel, std::string_view line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    log_lines.emplace_back(line);
  };
  Client rejected(options);
  ClientOptions unreachable_options = options;
  unreachable_options.base_url = "http://127.0.0.1:1/v1/luma";
  Client unreachable(unreachable_options);
  ClientOptions accepted_options = clientOptions();
  accepted_options.logger = options.logger;
  Client accepted(accepted_options);
  const std::string jobid = accepted.generateVideo(videoRequest()).jobid;

  PollOptions short_wait = fastPolling();
  short_wait.timeout = 100ms;
  VideoRequest invalid = videoRequest("");
  const std::vector<std::function<void()>> failures = {
      [&] { rejected.generateVideo(videoRequest()); },
      [&] { rejected.getJob(jobid); },
      [&] { rejected.awaitJob(jobid, fastPolling()); },
      [&] { unreachable.getJob(jobid); },
      [&] { rejected.generateVideo(invalid); },
      [&] { accepted.awaitJob(jobid, short_wait); },
      [&] { rejected.download(server_->baseUrl() + "/jobs/" + jobid, "/nonexistent/dir/x"); },
      [&] { rejected.download(server_->baseUrl() + "/jobs/" + jobid, "/tmp/luma-token-test"); },
  };
  int thrown = 0;
  for (const auto& failure : failures) {
    try {
      failure();
    } catch (const std::exception& error) {
      ++thrown;
      EXPECT_THAT(error.what(), Not(HasSubstr(kSecret)));
      EXPECT_THAT(error.what(), Not(HasSubstr("SECRET")));
    }
  }
  EXPECT_EQ(thrown, static_cast<int>(failures.size()));
  std::lock_guard<std::mutex> lock(log_mutex);
  EXPECT_FALSE(log_lines.empty());
  for (const auto& line : log_lines) EXPECT_THAT(line, Not(HasSubstr("SECRET")));
}

// A token as useapi.net's look (user:secret) with characters that percent-encoding and JSON
// escape: every form a server may echo it in contains "echo-me" as it is.
const std::string kEchoedToken = "user:Echo/Token+echo-me-42";
const std::string kMark = "echo-me";

// `text` with '/' escaped as JSON may write it.
std::string jsonEscaped(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '/') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string percentEncoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += c;
    } else {
      encoded += {'%', kHex[byte >> 4], kHex[byte & 15]};
    }
  }
  return encoded;
}

// A server that echoes the Authorization line back in every way a careless or hostile one might.
void echoTheToken(const httplib::Request& req, httplib::Response& res) {
  const std::string authorization = req.get_header_value("Authorization");  // "Bearer <token>"
  const std::string token = authorization.substr(authorization.find(' ') + 1);
  res.set_header("X-Echo", authorization);
  res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\" token=\"" + token + "\"");
  const std::string& path = req.path;
  const auto ends = [&](const std::string& tail) {
    return path.size() >= tail.size() &&
           path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (path.rfind("/media/redirect", 0) == 0) {
    res.set_redirect("http://127.0.0.1:1/" + percentEncoded(token) + "?token=" + token, 302);
  } else if (path.rfind("/media/", 0) == 0) {
    res.status = 403;
    res.set_content("forbidden for " + authorization, "text/plain");
  } else if (ends("/jobs/echo401")) {
    res.status = 401;
    res.set_content(R"({"error":"invalid token )" + token + R"("})", "application/json");
  } else if (ends("/jobs/echo-encoded")) {
    res.status = 400;
    res.set_content(R"({"error":"bad request for )" + percentEncoded(token) + R"("})",
                    "application/json");
  } else if (ends("/jobs/echo-json")) {
    res.status = 404;
    res.set_content(R"({"error":"no job for )" + jsonEscaped(token) + R"("})", "application/json");
  } else if (ends("/jobs/echo-html")) {
    res.status = 200;
    res.set_content("<html><body>" + authorization + "</body></html>", "text/html");
  } else if (ends("/jobs/echo-failed")) {
    res.set_content(R"({"jobid":"echo-failed","type":"video","status":"failed","error":"token )" +
                        token + R"( rejected"})",
                    "application/json");
  } else if (ends("/jobs/echo-other")) {
    res.set_content(R"({"jobid":")" + token + R"(","type":"video","status":"completed"})",
                    "application/json");
  } else if (ends("/jobs/echo-busy")) {
    res.status = 503;
    res.set_content(R"({"error":"busy, )" + authorization + R"("})", "application/json");
  } else if (ends("/jobs")) {
    res.set_content(R"({"executing":")" + token + R"("})", "application/json");
  } else {
    res.status = 422;
    res.set_content(R"({"error":"moderated: )" + token + R"("})", "application/json");
  }
}

TEST(TokenSecrecyEcho, ATokenTheServerEchoesBackNeverReachesAMessageOrALogLine) {
  HostileServer server(echoTheToken);
  std::vector<std::string> log_lines;
  std::mutex log_mutex;
  ClientOptions options;
  options.api_token = kEchoedToken;
  options.base_url = server.origin() + "/v1/luma";
  options.retry.max_attempts = 2;
  options.retry.initial_backoff = 1ms;
  options.logger = [&](LogLevel, std::string_view line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    log_lines.emplace_back(line);
  };
  Client client(options);
  PollOptions short_wait;
  short_wait.initial_interval = 10ms;
  short_wait.timeout = 300ms;
  const auto dest = std::filesystem::temp_directory_path() / "luma-echo-test.bin";

  const std::vector<std::pair<const char*, std::function<void()>>> calls = {
      {"401 echoing the token", [&] { client.getJob("echo401"); }},
      {"400 echoing it percent-encoded", [&] { client.getJob("echo-encoded"); }},
      {"404 echoing it JSON-escaped", [&] { client.getJob("echo-json"); }},
      {"200 HTML page echoing the Bearer line", [&] { client.getJob("echo-html"); }},
      {"a wait on that HTML page", [&] { client.awaitJob("echo-html", short_wait); }},
      {"a failed job whose error echoes it", [&] { client.awaitJob("echo-failed", short_wait); }},
      {"a record whose jobid is the token", [&] { client.getJob("echo-other"); }},
      {"a wait on a record whose jobid is the token",
       [&] { client.awaitJobAsync("echo-other", short_wait).get(); }},
      {"a wait timed out on 503s echoing it", [&] { client.awaitJob("echo-busy", short_wait); }},
      {"a listing echoing it", [&] { client.listJobs(); }},
      {"a submission refused with it",
       [&] {
         VideoRequest request;
         request.prompt = "a red fox";
         client.generateVideo(request);
       }},
      {"a download refused with it",
       [&] { client.download(server.origin() + "/media/x.mp4", dest); }},
      {"a download redirected to a URL holding it",
       [&] { client.download(server.origin() + "/media/redirect", dest); }},
  };
  for (const auto& [name, call] : calls) {
    try {
      call();
      ADD_FAILURE() << name << ": did not throw";
    } catch (const ApiError& error) {
      EXPECT_THAT(error.what(), Not(HasSubstr(kMark))) << name;
      EXPECT_THAT(error.message(), Not(HasSubstr(kMark))) << name;
      EXPECT_THAT(error.body(), Not(HasSubstr(kMark))) << name;
      EXPECT_THAT(error.what(), Not(HasSubstr("Echo"))) << name;
    } catch (const std::exception& error) {
      EXPECT_THAT(error.what(), Not(HasSubstr(kMark))) << name;
      EXPECT_THAT(error.what(), Not(HasSubstr("Echo"))) << name;
    }
  }
  // The server's text is there, with the token cut out.
  try {
    client.getJob("echo401");
  } catch (const UnauthorizedError& error) {
    EXPECT_THAT(error.what(), HasSubstr("invalid token [redacted]"));
  }
  std::lock_guard<std::mutex> lock(log_mutex);
  EXPECT_FALSE(log_lines.empty());
  for (const auto& line : log_lines) EXPECT_THAT(line, Not(HasSubstr(kMark)));
}

}  // namespace
}  // namespace useapi::luma::testing
