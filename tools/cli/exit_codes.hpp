#pragma once
// The exit codes of the luma command-line tool.

namespace useapi::luma::cli {

/// What the process returns.
enum ExitCode : int {
  kExitSuccess = 0,       ///< Everything worked.
  kExitFailure = 1,       ///< Anything not listed below (e.g. a file that cannot be written).
  kExitUsage = 2,         ///< Bad arguments or a request that failed validation: nothing sent.
  kExitJobFailed = 3,     ///< A job ended failed.
  kExitApiError = 4,      ///< The API answered with an error status.
  kExitNetwork = 5,       ///< No usable answer from the API.
  kExitTimeout = 6,       ///< A wait passed its --timeout.
  kExitInterrupted = 130  ///< Ctrl-C stopped a wait.
};

}  // namespace useapi::luma::cli
