#pragma once
// Checks of local files and folders, made before anything is sent, and the error they raise:
// the user's own disk, not the network, so it has an exit code of its own (ExitLocalIo).

#include <filesystem>
#include <stdexcept>
#include <string>

namespace useapi::luma::cli {

/// A local file or folder cannot be read or written.
class LocalIoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Makes sure `folder` is a folder where files can be created, creating it (and its parents) if
/// it is missing: a file is created in it and removed. `option` names it in messages ("--out").
/// Throws LocalIoError saying what is wrong.
void checkWritableFolder(const std::filesystem::path& folder, const std::string& option);

/// Makes sure `file` is a file that can be opened for reading. Throws LocalIoError.
void checkReadableFile(const std::filesystem::path& file);

/// The text of `file` without the one line break an editor leaves at its end. Throws
/// LocalIoError when it cannot be read.
std::string readTextFile(const std::filesystem::path& file);

}  // namespace useapi::luma::cli
