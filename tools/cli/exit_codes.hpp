#pragma once
// The exit codes of the luma command-line tool (the README's CLI section lists the same).

namespace useapi::luma::cli {

/// What the process returns. When several things went wrong in one run (one file could not be
/// written, another job failed), the code is that of the first in this order: 130, 7, 6, 5, 4,
/// 3, 1.
enum ExitCode : int {
  ExitSuccess = 0,       ///< Everything worked.
  ExitFailure = 1,       ///< Anything not listed below (e.g. a completed job with nothing to save).
  ExitUsage = 2,         ///< Bad arguments or a request that failed validation: nothing sent.
  ExitJobFailed = 3,     ///< A job ended failed (batch: an item failed, rejected or uncertain).
  ExitApiError = 4,      ///< The API (or a media server) answered with an error status (batch:
                         ///< the API stopped it, 401 or 402).
  ExitNetwork = 5,       ///< No usable answer from the API or a media server.
  ExitTimeout = 6,       ///< A wait passed its --timeout.
  ExitLocalIo = 7,       ///< A local file or folder could not be read or written (--out, FILE).
  ExitInterrupted = 130  ///< Ctrl-C stopped a wait or a download.
};

/// The more serious of two exit codes, in the order above (130, 7, 6, 5, 4, 3, 1; 0 least).
inline int moreSerious(int a, int b) {
  const auto rank = [](int code) {
    switch (code) {
      case ExitInterrupted:
        return 8;
      case ExitLocalIo:
        return 7;
      case ExitTimeout:
        return 6;
      case ExitNetwork:
        return 5;
      case ExitApiError:
        return 4;
      case ExitJobFailed:
        return 3;
      case ExitSuccess:
        return 0;
      default:
        return 1;
    }
  };
  return rank(b) > rank(a) ? b : a;
}

}  // namespace useapi::luma::cli
