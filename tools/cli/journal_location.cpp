#include "journal_location.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace useapi::luma::cli {

std::string defaultJournalPath() {
  const char* state_home = std::getenv("XDG_STATE_HOME");
  if (state_home != nullptr && *state_home == '/') {  // the spec ignores a relative one
    return (std::filesystem::path(state_home) / "luma" / "journal.db").string();
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return {};
  return (std::filesystem::path(home) / ".local" / "state" / "luma" / "journal.db").string();
}

bool prepareJournalFolder(const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (std::filesystem::is_directory(folder, error)) return true;
  std::filesystem::create_directories(folder.parent_path(), error);
  if (error) return false;
  if (::mkdir(folder.c_str(), 0700) != 0) return std::filesystem::is_directory(folder, error);
  return true;
}

}  // namespace useapi::luma::cli
