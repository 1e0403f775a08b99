#pragma once
// The exit codes of the luma command-line tool.

namespace useapi::luma::cli {

/// What the process returns.
enum ExitCode : int {
  ExitSuccess = 0,       ///< Everything worked.
  ExitFailure = 1,       ///< Anything not listed below (e.g. a file that cannot be written).
  ExitUsage = 2,         ///< Bad arguments or a request that failed validation: nothing sent.
  ExitJobFailed = 3,     ///< A job ended failed.
  ExitApiError = 4,      ///< The API answered with an error status.
  ExitNetwork = 5,       ///< No usable answer from the API.
  ExitTimeout = 6,       ///< A wait passed its --timeout.
  ExitInterrupted = 130  ///< Ctrl-C stopped a wait.
};

}  // namespace useapi::luma::cli
