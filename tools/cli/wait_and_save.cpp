#include "wait_and_save.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include "error_report.hpp"
#include "exit_codes.hpp"
#include "media_saver.hpp"
#include "output.hpp"
#include "poll_failures.hpp"
#include "reported_error.hpp"
#include "status_line.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {
namespace {

namespace fs = std::filesystem;

// What an image batch's own id gives: nothing to save. What GET of it answers is undocumented,
// so the CLI says what to do rather than guess.
constexpr const char* kBatchIdHint =
    "if it is an image batch's id (the jobid that POST /images answers, printed as \"image "
    "batch\"), its pictures are 4 separate image jobs: wait on those 4 image ids, which `luma "
    "image` prints when it submits";

// Everything the wait learnt, for the summary.
struct WaitOutcome {
  std::map<std::string, Job> finals;  // by jobid
  SaveResults results;
  std::string stopped_by;  // the message of the error that ended the wait early, if any
  bool not_found = false;  // ended by a 404
};

std::vector<std::string> unfinished(const std::vector<std::string>& jobids,
                                    const WaitOutcome& outcome) {
  std::vector<std::string> ids;
  for (const auto& id : jobids) {
    if (outcome.finals.count(id) == 0) ids.push_back(id);
  }
  return ids;
}

int exitCodeOf(const std::vector<std::string>& jobids, const WaitOutcome& outcome) {
  int code = ExitSuccess;
  for (const auto& failure : outcome.results.failures) code = moreSerious(code, failure.exit_code);
  for (const auto& id : jobids) {
    const auto final = outcome.finals.find(id);
    if (final == outcome.finals.end()) continue;
    if (final->second.status != JobStatus::Completed) code = moreSerious(code, ExitJobFailed);
  }
  return code;
}

void reportJson(const std::vector<std::string>& jobids, const WaitOutcome& outcome,
                const SaveOptions& save) {
  nlohmann::json document = {{"jobs", nlohmann::json::array()},
                             {"files", nlohmann::json::array()},
                             {"failures", nlohmann::json::array()},
                             {"unfinished", unfinished(jobids, outcome)}};
  if (save.batch) document["batch"] = *save.batch;
  if (!outcome.stopped_by.empty()) document["error"] = outcome.stopped_by;
  for (const auto& id : jobids) {
    const auto final = outcome.finals.find(id);
    if (final == outcome.finals.end()) {
      document["jobs"].push_back({{"jobid", id}, {"status", nullptr}, {"files", {}}});
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& file : outcome.results.saved) {
      if (file.jobid == id) files.push_back(file.path);
    }
    document["jobs"].push_back(jobJson(final->second, files));
  }
  for (const auto& file : outcome.results.saved) document["files"].push_back(file.path.string());
  for (const auto& failure : outcome.results.failures) {
    document["failures"].push_back(
        {{"jobid", failure.jobid}, {"url", failure.url}, {"error", failure.reason}});
  }
  printJson(document);
}

void reportText(const std::vector<std::string>& jobids, const WaitOutcome& outcome,
                const SaveOptions& save) {
  for (const auto& id : jobids) {
    const auto final = outcome.finals.find(id);
    if (final == outcome.finals.end()) continue;
    const Job& job = final->second;
    if (job.status != JobStatus::Completed) {
      std::cerr << printable(job.jobid) << " " << printable(job.status_text) << ": "
                << printable(job.error.value_or("no reason given")) << '\n';
    } else if (!save.download) {
      printJob(std::cout, job);
      if (!hasMedia(job)) std::cerr << printable(id) << ": no media; " << kBatchIdHint << '\n';
    }
  }
  if (save.download && !outcome.results.saved.empty()) {
    std::cout << "saved " << outcome.results.saved.size() << " file"
              << (outcome.results.saved.size() == 1 ? "" : "s") << " in "
              << printable(save.folder.string()) << ":\n";
    for (const auto& file : outcome.results.saved) {
      std::cout << "  " << printable(file.path.string()) << "  (job " << printable(file.jobid)
                << ")\n";
    }
  }
  if (!outcome.results.failures.empty()) {
    std::cerr << "not saved (" << outcome.results.failures.size() << "):\n";
    for (const auto& failure : outcome.results.failures) {
      std::cerr << "  job " << printable(failure.jobid);
      if (!failure.url.empty()) std::cerr << "  " << printable(failure.url);
      std::cerr << ": " << printable(failure.reason) << '\n';
    }
    std::vector<std::string> retry;
    for (const auto& failure : outcome.results.failures) {
      if (!failure.url.empty() &&
          std::find(retry.begin(), retry.end(), failure.jobid) == retry.end()) {
        retry.push_back(failure.jobid);
      }
    }
    if (!retry.empty()) {
      std::cerr << "to try again: luma job wait " << printableList(retry) << " --out "
                << printableList({save.folder.string()}) << '\n';
    }
  }
  if (outcome.not_found) std::cerr << "not found: " << kBatchIdHint << '\n';
  const auto open = unfinished(jobids, outcome);
  if (!outcome.stopped_by.empty() && !open.empty()) {
    std::cerr << "not final yet: " << printableList(open) << "\nto wait again: luma job wait "
              << printableList(open);
    if (save.download) std::cerr << " --out " << printableList({save.folder.string()});
    std::cerr << '\n';
  }
}

// A job that ended failed has nothing to save: once its failure is reported, the journal is done
// with it, so that `luma jobs --all` and `luma job wait --resume` stop offering it.
void acknowledgeFailedJobs(Session& session, const WaitOutcome& outcome) {
  for (const auto& [id, job] : outcome.finals) {
    if (job.status != JobStatus::Failed) continue;
    try {
      session.client.acknowledgeJob(id);
    } catch (const Error& error) {
      std::cerr << "luma: warning: " << printable(error.what()) << '\n';
    }
  }
}

}  // namespace

int waitAndSave(Session& session, const std::vector<std::string>& jobids, const SaveOptions& save) {
  const auto mode = session.options.json         ? StatusBoard::Mode::Quiet
                    : session.stdout_is_terminal ? StatusBoard::Mode::Live
                                                 : StatusBoard::Mode::Plain;
  StatusBoard board(jobids, mode, std::cout);
  WaitOutcome outcome;
  std::exception_ptr stopped;
  {
    ScopedPollFailureWatch failures(session.poll_failures, jobids,
                                    [&board](const std::string& jobid, const std::string& note) {
                                      board.setRetrying(jobid, note);
                                    });
    PollOptions polling = session.polling();
    polling.on_update = [&board](const Job& job) {
      board.setStatus(job.jobid, job.status_text, job.isFinal());
    };
    const auto on_final = [&](const Job& job) {
      board.setStatus(job.jobid, job.status_text, true);
      outcome.finals[job.jobid] = job;
      if (!save.download || job.status != JobStatus::Completed) return;
      if (!hasMedia(job)) {
        outcome.results.failures.push_back(
            {job.jobid, "", std::string("completed with no media to save; ") + kBatchIdHint,
             ExitFailure});
        return;
      }
      saveJobMedia(session, job, save.folder, board, outcome.results);
    };
    try {
      session.client.awaitEach(jobids, on_final, polling);
    } catch (const NotFoundError& error) {
      stopped = std::current_exception();
      outcome.stopped_by = error.what();
      outcome.not_found = true;
    } catch (const std::exception& error) {
      stopped = std::current_exception();
      outcome.stopped_by = error.what();
    }
  }
  board.finish();

  // Why the wait ended early first, then what was saved and what was not.
  const int stopped_code = stopped ? reportError(stopped) : ExitSuccess;
  if (session.options.json) {
    reportJson(jobids, outcome, save);
  } else {
    reportText(jobids, outcome, save);
  }
  acknowledgeFailedJobs(session, outcome);
  const int code = moreSerious(stopped_code, exitCodeOf(jobids, outcome));
  if (stopped) throw ReportedError(code);
  return code;
}

}  // namespace useapi::luma::cli
