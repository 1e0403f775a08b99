#pragma once
// What the journal tests share: a mock, a folder of their own, clients writing a journal there,
// and a small tmpfs to fill up.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "support/mock_api_test.hpp"
#include "support/temp_folder.hpp"

namespace useapi::luma::testing {

/// A mock API, an empty folder, and clients whose journal is a file in it.
class JournalTest : public MockApiTest {
 protected:
  ClientOptions journaled(const std::filesystem::path& journal) const {
    ClientOptions options = clientOptions();
    options.journal_path = journal.string();
    return options;
  }

  /// The ids a client opening `journal` finds not yet done (the client is closed again).
  std::vector<std::string> unfinishedIn(const std::filesystem::path& journal) const {
    Client client(journaled(journal));
    return client.unacknowledgedJobs();
  }

  static std::string contents(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static void write(const std::filesystem::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  }

  /// The names in the folder, sorted.
  std::vector<std::string> filesInFolder() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  TempFolder temp_{"luma-journal"};
  const std::filesystem::path& folder_ = temp_.path();
};

/// A tmpfs of `size` mounted on a folder of its own (root only), unmounted when destroyed.
class SmallTmpfs {
 public:
  SmallTmpfs(std::filesystem::path where, const std::string& size) : where_(std::move(where)) {
    std::filesystem::create_directories(where_);
    const std::string options = "size=" + size;
    if (::mount("tmpfs", where_.c_str(), "tmpfs", 0, options.c_str()) == 0) {
      mounted_ = true;
    } else {
      failure_ = std::strerror(errno);
    }
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;

  /// True once mounted; otherwise failure() says why.
  bool mounted() const { return mounted_; }
  const std::string& failure() const { return failure_; }
  const std::filesystem::path& path() const { return where_; }

  /// Fills every free byte with a filler file; returns the bytes written.
  std::size_t fill() {
    const int fd = ::open((where_ / "filler").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) return 0;
    std::size_t total = 0;
    const std::string chunk(512, 'x');
    for (std::size_t size = chunk.size(); size > 0;) {
      const ssize_t written = ::write(fd, chunk.data(), size);
      if (written > 0) {
        total += static_cast<std::size_t>(written);
      } else {
        size /= 2;  // the last few bytes of the last page
      }
    }
    ::close(fd);
    return total;
  }
  /// Frees what fill() took.
  void free() { std::filesystem::remove(where_ / "filler"); }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
  std::string failure_;
};

}  // namespace useapi::luma::testing
