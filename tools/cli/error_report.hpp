#pragma once
// What an exception that ends a command means: one line on stderr (server text escaped) and the
// exit code.

#include <exception>

namespace useapi::luma::cli {

/// Prints why `error` ended the command ("luma: ..."), unless it is a ReportedError, and returns
/// its exit code (exit_codes.hpp).
int reportError(const std::exception_ptr& error);

}  // namespace useapi::luma::cli
