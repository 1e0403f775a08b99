// Local problems (an --out that cannot hold files, an unreadable file, a full disk) are found
// before anything is sent where they can be, and exit 7, not as a network error.

#include <sys/mount.h>
#include <unistd.h>

#include <fstream>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;

// A tmpfs mounted on `folder` while it lives (root only); mounted() is false where it cannot be.
class ScopedTmpfs {
 public:
  ScopedTmpfs(const fs::path& folder, unsigned long flags, const std::string& options)
      : folder_(folder) {
    mounted_ = ::mount("tmpfs", folder.c_str(), "tmpfs", flags, options.c_str()) == 0;
  }
  ~ScopedTmpfs() {
    if (mounted_) ::umount2(folder_.c_str(), MNT_DETACH);
  }
  ScopedTmpfs(const ScopedTmpfs&) = delete;
  ScopedTmpfs& operator=(const ScopedTmpfs&) = delete;
  bool mounted() const { return mounted_; }

 private:
  fs::path folder_;
  bool mounted_ = false;
};

// Each command that saves files, with its --out.
std::vector<std::vector<std::string>> savingCommands(const fs::path& out) {
  return {{"image", "a red fox", "--out", out.string()},
          {"video", "a red fox", "--out", out.string()},
          {"job", "wait", "j0326140530123456789v-u12345-email:a@b.c:0-bot:luma", "--out",
           out.string()}};
}

TEST_F(CliTest, OutThatCannotHoldFilesExitsSevenBeforeAnythingIsSent) {
  const fs::path a_file = folder_ / "a-file";
  std::ofstream(a_file) << "not a folder";
  const struct {
    const char* name;
    fs::path out;
  } cases[] = {{"a file", a_file}, {"a folder inside a file", a_file / "sub"}};
  for (const auto& each : cases) {
    for (const auto& command : savingCommands(each.out)) {
      const CliResult result = run(command);
      EXPECT_EQ(result.exit_code, 7) << each.name << ": " << result.err;
      EXPECT_NE(result.err.find("--out " + each.out.string()), std::string::npos)
          << each.name << ": " << result.err;
      EXPECT_TRUE(server_->requests().empty()) << each.name << ": " << command[0];
    }
  }
}

TEST_F(CliTest, ReadOnlyOutExitsSevenBeforeAnythingIsSent) {
  const fs::path out = folder_ / "read-only";
  fs::create_directories(out);
  // Root writes through permission bits: a read-only mount is what stops it.
  std::optional<ScopedTmpfs> read_only;
  if (::geteuid() == 0) {
    read_only.emplace(out, MS_RDONLY, "size=64k");
    if (!read_only->mounted()) GTEST_SKIP() << "root, but a read-only tmpfs cannot be mounted";
  } else {
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_exec);
  }
  for (const auto& command : savingCommands(out)) {
    const CliResult result = run(command);
    EXPECT_EQ(result.exit_code, 7) << command[0] << ": " << result.err;
    EXPECT_NE(result.err.find("cannot create files"), std::string::npos) << result.err;
    EXPECT_TRUE(server_->requests().empty()) << command[0];
  }
  read_only.reset();
  fs::permissions(out, fs::perms::owner_all);
}

TEST_F(CliTest, MissingOutIsCreated) {
  const fs::path out = folder_ / "new" / "folder";
  const CliResult result = run({"video", "a red fox", "--out", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(filesWith(out, ".mp4").size(), 1u);
}

TEST_F(CliTest, UnreadableUploadExitsSevenBeforeAnythingIsSent) {
  const struct {
    const char* name;
    fs::path file;
  } cases[] = {{"a missing file", folder_ / "missing.png"}, {"a folder", folder_}};
  for (const auto& each : cases) {
    const CliResult result = run({"asset", "upload", "mock@example.com", each.file.string()});
    EXPECT_EQ(result.exit_code, 7) << each.name << ": " << result.err;
    EXPECT_NE(result.err.find(each.file.string()), std::string::npos) << result.err;
    EXPECT_TRUE(server_->requests().empty()) << each.name;
  }
}

TEST_F(CliTest, UnreadablePromptFileExitsSevenBeforeAnythingIsSent) {
  const struct {
    const char* name;
    fs::path file;
  } cases[] = {{"a missing file", folder_ / "missing.txt"}, {"a folder", folder_}};
  for (const auto& each : cases) {
    for (const char* command : {"image", "video"}) {
      const CliResult result =
          run({command, "--prompt-file", each.file.string(), "--out", (folder_ / "out").string()});
      EXPECT_EQ(result.exit_code, 7) << each.name << ": " << result.err;
      EXPECT_NE(result.err.find(each.file.string()), std::string::npos) << result.err;
      EXPECT_TRUE(server_->requests().empty()) << each.name << ": " << command;
    }
  }
}

TEST_F(CliTest, PromptFileIsSentAsThePrompt) {
  const fs::path file = folder_ / "prompt.txt";
  std::ofstream(file) << "a red fox \"in\" the snow\n";
  const CliResult result = run({"video", "--prompt-file", file.string(), "--no-wait"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_EQ(server_->requests().size(), 1u);
  EXPECT_NE(server_->requests()[0].body.find(R"("a red fox \"in\" the snow")"), std::string::npos)
      << server_->requests()[0].body;
}

// A batch into a 64 KB tmpfs: the pictures do not fit. Each failure is named with its job and
// URL, and the run exits 7 (the disk), not 5 (the network).
TEST_F(CliTest, FullDiskWhileSavingExitsSevenNamingEachFileNotSaved) {
  const fs::path out = folder_ / "small";
  fs::create_directories(out);
  ScopedTmpfs small(out, 0, "size=64k");
  if (!small.mounted()) GTEST_SKIP() << "a tmpfs cannot be mounted here (not root)";
  const CliResult result = run({"image", "a red fox", "--out", out.string()});
  EXPECT_EQ(result.exit_code, 7) << result.out << result.err;
  const auto ids = polledJobIds();
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_NE(result.err.find("not saved"), std::string::npos) << result.err;
  std::size_t named = 0;
  for (const auto& id : ids) {
    if (result.err.find("job " + id + "  http://") != std::string::npos) ++named;
  }
  EXPECT_GE(named, 3u) << result.err;  // the smallest picture may fit
  EXPECT_NE(result.err.find("/media/"), std::string::npos) << result.err;
  for (const auto& entry : entriesOf(out)) {
    EXPECT_NE(entry.filename().string()[0], '.') << "left behind: " << entry;
  }
}

}  // namespace
}  // namespace useapi::luma::testing
