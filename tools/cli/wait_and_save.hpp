#pragma once
// Waiting for jobs with status lines, saving each job's media as soon as it is final, and the
// summary at the end: shared by image, video and job wait.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "session.hpp"

namespace useapi::luma::cli {

/// What to do once the jobs are final.
struct SaveOptions {
  bool download = true;                ///< Save the completed jobs' media.
  std::filesystem::path folder = ".";  ///< Where to save it (checked writable beforehand).
  std::optional<std::string> batch;    ///< The image batch's parent job, reported with --json.
};

/// Waits for `jobids` and saves each one's media the moment it is final (one failed file never
/// stops the others), then names every saved file with its folder, every failure with its job
/// and URL, and the jobs not final yet. Returns 0 or the exit code of what went wrong (the most
/// serious, see exit_codes.hpp). Throws, after that summary, TimeoutError, CancelledError,
/// ApiError or TransportError when the wait itself ended early.
int waitAndSave(Session& session, const std::vector<std::string>& jobids, const SaveOptions& save);

}  // namespace useapi::luma::cli
