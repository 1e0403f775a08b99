#pragma once
// Submitting a paid job once: when the submit fails in a way that may have created the job all
// the same (a 5xx, a connection cut or a timeout after the request went out, an unreadable 2xx),
// the user is told so and how to find it, instead of a bare "API error 503".

#include <string>
#include <useapi/luma.hpp>
#include <utility>

#include "error_report.hpp"
#include "reported_error.hpp"

namespace useapi::luma::cli {

/// True when a job may exist although the generate call that threw `error` failed.
bool mayHaveCreatedJob(const Error& error);

/// Prints, after the error's own line, that a job may exist (or which ones do) and how to find
/// it: `luma jobs`, then `luma job wait ID --out <out>`.
void explainPossibleJob(const Error& error, const std::string& out);

/// Runs `submit` (a generate call) and returns what it returns. An error after which a job may
/// exist is printed with that explanation and thrown on as a ReportedError with its exit code;
/// any other error is thrown on unchanged.
template <class Submit>
auto submitOnce(const std::string& out, Submit&& submit) -> decltype(submit()) {
  try {
    return std::forward<Submit>(submit)();
  } catch (const Error& error) {
    if (!mayHaveCreatedJob(error)) throw;
    const int code = reportError(std::current_exception());
    explainPossibleJob(error, out);
    throw ReportedError(code);
  }
}

}  // namespace useapi::luma::cli
