// download() saves only a whole 200 with a body, and never lets an https download continue over
// http: whatever else a server answers, nothing is saved and a file already at dest stays.

#include <gmock/gmock.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/scripted_server.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string readAnswerFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ClientOptions optionsFor(const std::string& ca_bundle = {}) {
  ClientOptions options;
  options.api_token = "answers-test-token";
  options.base_url = "http://127.0.0.1:9/v1/luma";  // never called
  options.ca_bundle = ca_bundle;
  options.retry.initial_backoff = std::chrono::milliseconds(10);
  return options;
}

class DownloadAnswers : public ::testing::Test {
 protected:
  TempFolder temp_{"luma-download-answers"};
  const fs::path& folder_ = temp_.path();
};

TEST_F(DownloadAnswers, OnlyAWhole200WithABodyIsSaved) {
  struct Case {
    const char* what;
    int status;
    std::string body;
    std::string message;  // what the error says
  };
  const std::vector<Case> cases = {
      {"a part of the file", 206, std::string(5000, 'p'), "206"},
      {"no content", 204, "", "204"},
      {"an empty 200", 200, "", "empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    ScriptedServer server([&c](httplib::Server& http) {
      http.Get("/file.bin", [&c](const httplib::Request&, httplib::Response& res) {
        res.status = c.status;
        if (c.status == 206) res.set_header("Content-Range", "bytes 0-4999/100000");
        res.set_content(c.body, "application/octet-stream");
      });
    });
    Client client(optionsFor());
    const fs::path fresh = folder_ / "fresh.bin";
    const fs::path kept = folder_ / "kept.bin";
    std::ofstream(kept, std::ios::binary) << "an earlier download";
    for (const fs::path& dest : {fresh, kept}) {
      try {
        client.download(server.origin() + "/file.bin", dest);
        ADD_FAILURE() << "saved " << dest;
      } catch (const TransportError& error) {
        EXPECT_THAT(error.what(), HasSubstr(c.message));
      }
    }
    EXPECT_FALSE(fs::exists(fresh));
    EXPECT_EQ(readAnswerFile(kept), "an earlier download");
    EXPECT_EQ(std::distance(fs::directory_iterator(folder_), fs::directory_iterator()), 1)
        << "a temporary file remains";
    fs::remove(kept);
  }
}

// Where a program is, or "" when it is not installed.
std::string installed(const std::string& program) {
  for (const char* folder : {"/usr/bin/", "/usr/sbin/", "/bin/", "/usr/local/bin/"}) {
    std::string path = folder + program;
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  return {};
}

// A self-signed certificate for 127.0.0.1 in `folder`, made by the openssl program.
TlsFiles makeCertificate(const std::string& openssl, const fs::path& folder) {
  TlsFiles files{(folder / "cert.pem").string(), (folder / "key.pem").string()};
  const std::string command =
      openssl + " req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1" +
      " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + files.key + " -out " +
      files.certificate + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl failed");
  return files;
}

TEST_F(DownloadAnswers, AnHttpsDownloadNeverFollowsARedirectToHttp) {
  const std::string openssl = installed("openssl");
  if (openssl.empty()) GTEST_SKIP() << "the openssl program is not installed";
  const TlsFiles tls = makeCertificate(openssl, folder_);

  ScriptedServer plain([](httplib::Server& http) {
    http.Get("/stolen.bin", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("bytes from a server nobody verified", "application/octet-stream");
    });
  });
  ScriptedServer secure(
      [&plain](httplib::Server& http) {
        http.Get("/to-http", [&plain](const httplib::Request&, httplib::Response& res) {
          res.set_redirect(plain.origin("http") + "/stolen.bin", 302);
        });
        http.Get("/to-https", [](const httplib::Request&, httplib::Response& res) {
          res.set_redirect("/file.bin", 302);
        });
        http.Get("/file.bin", [](const httplib::Request&, httplib::Response& res) {
          res.set_content("verified bytes", "application/octet-stream");
        });
      },
      &tls);
  ScriptedServer hop([&plain](httplib::Server& http) {
    http.Get("/hop", [&plain](const httplib::Request&, httplib::Response& res) {
      res.set_redirect(plain.origin("http") + "/stolen.bin", 302);
    });
  });
  Client client(optionsFor(tls.certificate));  // closes its connections before they stop
  const fs::path dest = folder_ / "file.bin";

  EXPECT_THROW(client.download(secure.origin("https") + "/to-http", dest), TransportError);
  EXPECT_TRUE(plain.requests().empty()) << "the download went on over http";
  EXPECT_FALSE(fs::exists(dest));

  // A redirect that stays on https is followed, and http may still go on to http.
  EXPECT_EQ(client.download(secure.origin("https") + "/to-https", dest), 14u);
  EXPECT_EQ(readAnswerFile(dest), "verified bytes");
  EXPECT_GT(client.download(hop.origin("http") + "/hop", dest), 0u);
  EXPECT_EQ(plain.requests().size(), 1u);
}

}  // namespace
}  // namespace useapi::luma::testing
