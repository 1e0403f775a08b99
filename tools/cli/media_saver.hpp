#pragma once
// Saving a completed job's media, one file at a time, so that one file that fails (a 404, a
// reset, a full disk) never stops the others, and every failure is kept with its job and URL.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "session.hpp"
#include "status_line.hpp"

namespace useapi::luma::cli {

/// A file saved.
struct SavedFile {
  std::string jobid;
  std::filesystem::path path;  ///< The folder and the file name.
  std::uint64_t bytes = 0;
};

/// A file that could not be saved.
struct SaveFailure {
  std::string jobid;
  std::string url;     ///< Empty when the job had no file to save at all.
  std::string reason;  ///< The error's message (server text: print it with printable()).
  int exit_code = 0;   ///< What it means for the process (exit_codes.hpp).
};

/// Everything saved and not saved so far.
struct SaveResults {
  std::vector<SavedFile> saved;
  std::vector<SaveFailure> failures;
};

/// Downloads each medium of the completed `job` into `folder` with Client::downloadMedia (so the
/// files are named as the library names them), one call per medium, and records each file saved
/// or failed in `results` and on `board`. Ctrl-C (session.cancel) stops the download under way
/// (its temporary file is removed) and throws CancelledError; every other failure is recorded
/// and the next file is tried.
void saveJobMedia(Session& session, const Job& job, const std::filesystem::path& folder,
                  StatusBoard& board, SaveResults& results);

}  // namespace useapi::luma::cli
