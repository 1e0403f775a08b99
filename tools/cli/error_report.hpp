#pragma once
// What an exception that ends a command means: one line on stderr (server text escaped) and the
// exit code.

#include <exception>
#include <string>
#include <useapi/luma/errors.hpp>

namespace useapi::luma::cli {

/// What to do about `error`, in a sentence without C++ names (401: check the token; 429: wait or
/// use luma batch; 596: re-add the account; an empty 404: check the base URL); empty when there
/// is nothing useful to add.
std::string nextStep(const ApiError& error);

/// Prints why `error` ended the command ("luma: ..."), unless it is a ReportedError, and returns
/// its exit code (exit_codes.hpp). An API error is followed by its nextStep() line, if any.
int reportError(const std::exception_ptr& error);

}  // namespace useapi::luma::cli
