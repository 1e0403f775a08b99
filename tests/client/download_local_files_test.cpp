// Local file problems of a download (no folder, no permission, a full disk, dest a folder) are
// an Error that says so, never a TransportError, and are found before the request goes out
// wherever they can be.

#include <gmock/gmock.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

constexpr std::size_t kFileBytes = 200000;

// A tmpfs mounted at `path` for the test's lifetime (root only), unmounted afterwards.
class Tmpfs {
 public:
  Tmpfs(const fs::path& path, const std::string& options, unsigned long flags = 0) : path_(path) {
    fs::create_directories(path);
    if (::mount("tmpfs", path.c_str(), "tmpfs", flags, options.c_str()) == 0) {
      mounted_ = true;
    } else {
      problem_ = std::strerror(errno);
    }
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& problem() const { return problem_; }

 private:
  fs::path path_;
  bool mounted_ = false;
  std::string problem_;
};

// Fills the file system of `folder` to its last byte.
void fill(const fs::path& folder) {
  std::ofstream filler(folder / "filler", std::ios::binary);
  const std::string block(4096, 'f');
  while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
  }
  filler.clear();
  filler.write("f", 1);
}

class DownloadLocalFiles : public ::testing::Test {
 protected:
  DownloadLocalFiles()
      : server_([](httplib::Server& http) {
          http.Get("/sized.bin", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(kFileBytes, 's'), "application/octet-stream");
          });
          // No Content-Length: the disk fills up while it is written.
          http.Get("/chunked.bin", [](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("application/octet-stream",
                                             [](std::size_t offset, httplib::DataSink& sink) {
                                               if (offset >= kFileBytes) {
                                                 sink.done();
                                                 return true;
                                               }
                                               const std::string chunk(10000, 'c');
                                               return sink.write(chunk.data(), chunk.size());
                                             });
          });
        }) {}

  ClientOptions options() const {
    ClientOptions options;
    options.api_token = "local-files-test-token";
    options.base_url = "http://127.0.0.1:9/v1/luma";  // never called
    return options;
  }

  // Expects download(path, dest) to throw an Error (no TransportError) saying `says`.
  void expectLocalError(Client& client, const std::string& path, const fs::path& dest,
                        const std::string& says) {
    try {
      client.download(server_.origin() + path, dest);
      ADD_FAILURE() << "saved " << dest;
    } catch (const TransportError& error) {
      ADD_FAILURE() << "a local problem reported as TransportError: " << error.what();
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), HasSubstr(says));
      EXPECT_THAT(error.what(), HasSubstr(dest.string()));
    }
  }

  ScriptedServer server_;
  TempFolder temp_{"luma-download-local"};
  const fs::path& folder_ = temp_.path();
};

TEST_F(DownloadLocalFiles, AProblemFoundBeforeSendingIsAnErrorAndSendsNothing) {
  fs::create_directories(folder_ / "a folder");
  std::ofstream(folder_ / "a file") << "not a folder";
  struct Case {
    const char* what;
    fs::path dest;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"the folder is missing", folder_ / "missing" / "file.bin", "does not exist"},
      {"dest is a folder", folder_ / "a folder", "is a folder"},
      {"the folder is a file", folder_ / "a file" / "file.bin", "is not a folder"},
  };
  Client client(options());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    expectLocalError(client, "/sized.bin", c.dest, c.says);
  }
  EXPECT_TRUE(server_.requests().empty()) << "a request went out for a download that could "
                                             "not be saved";
  EXPECT_TRUE(fs::is_empty(folder_ / "a folder"));
}

TEST_F(DownloadLocalFiles, AFolderThatCannotBeWrittenIsAnErrorAndSendsNothing) {
  const fs::path locked = folder_ / "locked";
  fs::create_directories(locked);
  Client client(options());
  if (::geteuid() == 0) {
    // Permissions do not stop root: a read-only file system does.
    Tmpfs read_only(locked, "size=64k", MS_RDONLY);
    if (!read_only.mounted()) GTEST_SKIP() << "cannot mount a tmpfs: " << read_only.problem();
    expectLocalError(client, "/sized.bin", locked / "file.bin", "read-only");
  } else {
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    expectLocalError(client, "/sized.bin", locked / "file.bin", "no permission");
    fs::permissions(locked, fs::perms::owner_all);
  }
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(DownloadLocalFiles, AFullDiskIsAnErrorAndLeavesNothing) {
  const fs::path small = folder_ / "small";
  Tmpfs tmpfs(small, "size=64k");
  if (!tmpfs.mounted()) {
    GTEST_SKIP() << "cannot mount a 64k tmpfs (needs root): " << tmpfs.problem();
  }
  Client client(options());
  // The announced size does not fit, and a body of unknown size fills the disk midway.
  for (const std::string path : {"/sized.bin", "/chunked.bin"}) {
    SCOPED_TRACE(path);
    expectLocalError(client, path, small / "file.bin", "disk is full");
    EXPECT_TRUE(fs::is_empty(small)) << "a temporary file remains";
  }
  EXPECT_EQ(server_.requests().size(), 2u);

  // A disk full before the download starts is found before anything is sent.
  fill(small);
  expectLocalError(client, "/sized.bin", small / "file.bin", "is full");
  EXPECT_EQ(server_.requests().size(), 2u) << "a request went out to a full disk";
  EXPECT_EQ(std::distance(fs::directory_iterator(small), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace useapi::luma::testing
