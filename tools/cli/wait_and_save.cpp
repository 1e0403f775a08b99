#include "wait_and_save.hpp"

#include <iostream>

#include "exit_codes.hpp"
#include "output.hpp"
#include "status_line.hpp"

namespace useapi::luma::cli {

int waitAndSave(Session& session, const std::vector<std::string>& jobids, const SaveOptions& save) {
  const auto mode = session.options.json         ? StatusBoard::Mode::Quiet
                    : session.stdout_is_terminal ? StatusBoard::Mode::Live
                                                 : StatusBoard::Mode::Plain;
  StatusBoard board(jobids, mode, std::cout);

  PollOptions polling = session.polling();
  polling.on_update = [&board](const Job& job) {
    board.setStatus(job.jobid, job.status_text, job.isFinal());
  };
  const std::vector<Job> jobs = session.client.awaitJobs(jobids, polling);

  std::vector<std::vector<std::filesystem::path>> files(jobs.size());
  bool any_failed = false;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const Job& job = jobs[i];
    board.setStatus(job.jobid, job.status_text, true);
    if (job.status != JobStatus::Completed) {
      any_failed = true;
      continue;
    }
    if (!save.download) continue;
    if (session.cancel.cancelled()) throw CancelledError("interrupted before saving " + job.jobid);
    files[i] = session.client.downloadMedia(
        job, save.folder, [&board, &job](std::uint64_t done, std::optional<std::uint64_t> total) {
          board.setProgress(job.jobid, done, total);
        });
    for (const auto& file : files[i]) {
      std::error_code error;
      const auto bytes = std::filesystem::file_size(file, error);
      board.saved(job.jobid, file, error ? 0 : bytes);
    }
  }
  board.finish();

  if (session.options.json) {
    nlohmann::json document = {{"jobs", nlohmann::json::array()},
                               {"files", nlohmann::json::array()}};
    if (save.batch) document["batch"] = *save.batch;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      document["jobs"].push_back(jobJson(jobs[i], files[i]));
      for (const auto& file : files[i]) document["files"].push_back(file.string());
    }
    printJson(document);
  } else {
    for (const Job& job : jobs) {
      if (job.status != JobStatus::Completed) {
        std::cerr << job.jobid << " " << job.status_text << ": " << job.error.value_or("no reason")
                  << '\n';
      } else if (!save.download) {
        printJob(std::cout, job);
      }
    }
  }
  return any_failed ? ExitJobFailed : ExitSuccess;
}

}  // namespace useapi::luma::cli
