#include "submission.hpp"

#include <iostream>
#include <string_view>

#include "terminal_text.hpp"

namespace useapi::luma::cli {
namespace {

// The library's own note on an error of a job-creating request that may have reached the server
// (a transport failure after sending, an unreadable 2xx answer). The library has no flag for it
// yet; the CLI tests pin this sentence (SubmitThatMayHaveCreatedAJobSaysHowToFindIt).
constexpr std::string_view kLibraryMayHaveNote = "may have reached the server";

}  // namespace

bool mayHaveCreatedJob(const Error& error) {
  if (!error.jobIds().empty()) return true;
  if (const auto* api = dynamic_cast<const ApiError*>(&error)) {
    return api->status() >= 500 && api->status() != 596;  // the server may have acted first
  }
  if (dynamic_cast<const ValidationError*>(&error) != nullptr) return false;
  return std::string_view(error.what()).find(kLibraryMayHaveNote) != std::string_view::npos;
}

void explainPossibleJob(const Error& error, const std::string& out) {
  const std::string folder = out.empty() ? std::string("DIR") : printableList({out});
  if (!error.jobIds().empty()) {
    const std::string ids = printableList(error.jobIds());
    std::cerr << "luma: these jobs were created: " << ids << "\n"
              << "luma: wait for them and save them: luma job wait " << ids << " --out " << folder
              << '\n';
    return;
  }
  std::cerr << "luma: the job may have been created (and charged) all the same: it was not "
               "submitted again.\n"
            << "luma: before submitting again, list the running jobs: luma jobs\n"
            << "luma: then wait for yours and save it: luma job wait ID --out " << folder << '\n';
}

}  // namespace useapi::luma::cli
