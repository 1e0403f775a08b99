// HTTP/2 over TLS: luma-mock speaks HTTP/1.1 only, so nghttpx (Debian nghttp2-proxy) stands in
// front of it as a TLS front end offering h2, with a certificate made for the test (openssl).
// Waits of many jobs must then share one connection as concurrent streams, and TLS must verify
// against ClientOptions::ca_bundle.

#include <gmock/gmock.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/mock_api_test.hpp"
#include "support/temp_folder.hpp"

namespace useapi::luma::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Where a program is on PATH (or in /usr/sbin, not always on PATH), or "" when it is not.
std::string onPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string folders = path != nullptr ? path : "";
  folders += ":/usr/sbin:/usr/bin";
  std::stringstream list(folders);
  std::string candidate;
  while (std::getline(list, candidate, ':')) {
    candidate += '/';
    candidate += program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

// A loopback port nothing listens on right now.
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw std::runtime_error("no free port");
  }
  const int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

bool accepting(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return connected;
}

// nghttpx in front of a local HTTP/1.1 server: TLS with a fresh self-signed certificate for
// 127.0.0.1, HTTP/2 offered by ALPN, one access log line per request ("port alpn method path").
class Http2FrontEnd {
 public:
  Http2FrontEnd(const std::string& nghttpx, const std::string& openssl, int backend_port,
                const std::filesystem::path& folder)
      : certificate_(folder / "cert.pem"), access_log_(folder / "access.log") {
    const std::filesystem::path key = folder / "key.pem";
    const std::string make_certificate =
        openssl + " req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1" +
        " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key.string() +
        " -out " + certificate_.string() + " >/dev/null 2>&1";
    if (std::system(make_certificate.c_str()) != 0) throw std::runtime_error("openssl failed");
    port_ = freePort();
    const std::vector<std::string> args = {nghttpx,
                                           "--conf=/dev/null",
                                           "--workers=1",
                                           "--no-ocsp",
                                           "-b127.0.0.1," + std::to_string(backend_port),
                                           "-f127.0.0.1," + std::to_string(port_),
                                           "--accesslog-file=" + access_log_.string(),
                                           "--accesslog-format=$remote_port $alpn $method $path",
                                           "--errorlog-file=" + (folder / "error.log").string(),
                                           key.string(),
                                           certificate_.string()};
    const std::string console_log = (folder / "console.log").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      // Its notices (written before it opens its error log) stay out of the test's output.
      const int console = ::open(console_log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (console >= 0) {
        ::dup2(console, STDOUT_FILENO);
        ::dup2(console, STDERR_FILENO);
      }
      std::vector<char*> argv;
      argv.reserve(args.size() + 1);
      for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!accepting(port_)) {
      if (Clock::now() > deadline) throw std::runtime_error("nghttpx did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~Http2FrontEnd() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Http2FrontEnd(const Http2FrontEnd&) = delete;
  Http2FrontEnd& operator=(const Http2FrontEnd&) = delete;

  std::string baseUrl() const { return "https://127.0.0.1:" + std::to_string(port_) + "/v1/luma"; }
  std::string certificate() const { return certificate_.string(); }

  // The access log's lines for requests whose path starts with `path_prefix`, waiting up to
  // 5 s for `count` of them (nghttpx writes a line as each stream ends).
  std::vector<std::string> logged(const std::string& method, const std::string& path_prefix,
                                  std::size_t count) const {
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (true) {
      std::vector<std::string> lines;
      std::ifstream log(access_log_);
      std::string line;
      while (std::getline(log, line)) {
        std::istringstream fields(line);
        std::string port, alpn, line_method, path;
        fields >> port >> alpn >> line_method >> path;
        if (line_method == method && path.rfind(path_prefix, 0) == 0) lines.push_back(line);
      }
      if (lines.size() >= count || Clock::now() > deadline) return lines;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  std::filesystem::path certificate_;
  std::filesystem::path access_log_;
  int port_ = 0;
  pid_t pid_ = -1;
};

class Http2 : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return std::chrono::milliseconds(50); }

  void SetUp() override {
    MockApiTest::SetUp();
    nghttpx_ = onPath("nghttpx");
    openssl_ = onPath("openssl");
    if (nghttpx_.empty() || openssl_.empty()) {
      if (std::getenv("USEAPI_LUMA_REQUIRE_HTTP2_TESTS") != nullptr) {
        FAIL()
            << "nghttpx (Debian nghttp2-proxy) and openssl are needed: scripts/test installs them";
      }
      GTEST_SKIP() << "nghttpx (Debian nghttp2-proxy) or openssl is not installed";
    }
  }

  std::string nghttpx_;
  std::string openssl_;
};

TEST_F(Http2, WaitsOfManyJobsShareOneTlsConnectionAsConcurrentStreams) {
  TempFolder folder("luma-http2");
  Http2FrontEnd front(nghttpx_, openssl_, server_->port(), folder.path());
  ClientOptions options = clientOptions();
  options.base_url = front.baseUrl();
  options.ca_bundle = front.certificate();
  options.max_connections = 1;  // over HTTP/1.1 the polls below would go one after another
  Client client(options);

  constexpr int kJobs = 8;
  std::vector<std::string> jobids;
  jobids.reserve(kJobs);
  for (int i = 0; i < kJobs; ++i) jobids.push_back(client.generateVideo(videoRequest()).jobid);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // all of them done

  // Each of the first polls is answered 1.5 s late: together they take 1.5 s only if the
  // connection carries them at once.
  constexpr int kStallMs = 1500;
  mock::Fault slow;
  slow.route = "GET /jobs";
  slow.status = 0;
  slow.after_acting = true;
  slow.stall_ms = kStallMs;
  slow.times = kJobs;
  server_->queueFault(slow);
  const std::vector<Job> jobs = client.awaitJobs(jobids, fastPolling());
  ASSERT_EQ(jobs.size(), static_cast<std::size_t>(kJobs));
  for (const Job& job : jobs) EXPECT_EQ(job.status, JobStatus::Completed) << job.jobid;

  // The mock got all the polls within one stall: they were in flight together.
  const auto polls = received("GET", "/jobs/");
  ASSERT_GE(polls.size(), static_cast<std::size_t>(kJobs));
  const auto first = polls.front().received_at;
  const auto last = polls[kJobs - 1].received_at;
  EXPECT_LT(last - first, std::chrono::milliseconds(kStallMs))
      << "the polls waited for one another: no multiplexing";

  // And the front end saw them all on one TLS connection, as HTTP/2.
  const std::vector<std::string> lines = front.logged("GET", "/v1/luma/jobs/", kJobs);
  ASSERT_GE(lines.size(), static_cast<std::size_t>(kJobs));
  std::set<std::string> ports;
  for (const std::string& line : lines) {
    std::istringstream fields(line);
    std::string port, alpn;
    fields >> port >> alpn;
    EXPECT_EQ(alpn, "h2") << line;
    ports.insert(port);
  }
  EXPECT_EQ(ports.size(), 1u) << "the polls used more than one connection";
}

TEST_F(Http2, AServerCertificateOutsideCaBundleIsRefused) {
  TempFolder folder("luma-http2-ca");
  Http2FrontEnd front(nghttpx_, openssl_, server_->port(), folder.path());
  ClientOptions options = clientOptions();
  options.base_url = front.baseUrl();  // the system store does not know this certificate
  Client client(options);
  try {
    client.getJob("j1");
    FAIL() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("TLS"));
  }
  EXPECT_TRUE(received("GET", "/jobs/").empty()) << "a request went past an unverified server";
}

}  // namespace
}  // namespace useapi::luma::testing
