#pragma once
// Waiting for jobs with status lines, then saving their media: shared by image, video, job wait.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "session.hpp"

namespace useapi::luma::cli {

/// What to do once the jobs are final.
struct SaveOptions {
  bool download = true;                ///< Save the completed jobs' media.
  std::filesystem::path folder = ".";  ///< Where to save it.
  std::optional<std::string> batch;    ///< The image batch's parent job, reported with --json.
};

/// Waits for `jobids`, saves their media and reports them (text or JSON). Returns 0, or
/// ExitJobFailed when a job failed. Throws TimeoutError, CancelledError, ApiError,
/// TransportError, Error.
int waitAndSave(Session& session, const std::vector<std::string>& jobids, const SaveOptions& save);

}  // namespace useapi::luma::cli
