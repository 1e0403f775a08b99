#include "local_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace useapi::luma::cli {

namespace fs = std::filesystem;

void checkWritableFolder(const fs::path& folder, const std::string& option) {
  const std::string named = option + " " + folder.string();
  std::error_code error;
  const fs::file_status status = fs::status(folder, error);
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw LocalIoError(named + " is not a folder");
  }
  if (!fs::exists(status)) {
    fs::create_directories(folder, error);
    if (error) throw LocalIoError(named + ": cannot create the folder: " + error.message());
  }
  // Permissions alone do not tell (root, read-only mounts, ACLs): create a file and remove it.
  std::string probe = (folder / ".luma-write-check-XXXXXX").string();
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) {
    throw LocalIoError(named + ": cannot create files in it: " + std::strerror(errno));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

void checkReadableFile(const fs::path& file) {
  std::error_code error;
  if (fs::is_directory(file, error)) throw LocalIoError(file.string() + " is a folder, not a file");
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw LocalIoError("cannot read " + file.string() + ": " + std::strerror(errno));
  ::close(fd);
}

std::string readTextFile(const fs::path& file) {
  checkReadableFile(file);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();  // an empty file sets failbit on `content` only
  if (!in || in.bad()) throw LocalIoError("cannot read " + file.string());
  std::string text = content.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

}  // namespace useapi::luma::cli
