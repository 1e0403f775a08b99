#pragma once
// An error the CLI has already explained on stderr: main only turns it into its exit code.

#include <stdexcept>

namespace useapi::luma::cli {

/// Thrown once the explanation is printed; `code` is the exit code (exit_codes.hpp).
class ReportedError : public std::runtime_error {
 public:
  explicit ReportedError(int code) : std::runtime_error("reported"), code_(code) {}
  /// The exit code.
  int code() const noexcept { return code_; }

 private:
  int code_;
};

}  // namespace useapi::luma::cli
