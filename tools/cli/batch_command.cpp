// luma batch FILE --out DIR, luma batch status DIR, luma batch report DIR [--out FILE].

#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "batch_board.hpp"
#include "batch_input.hpp"
#include "batch_results.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "local_files.hpp"
#include "output.hpp"
#include "terminal_text.hpp"
#include "webhook_flags.hpp"

namespace useapi::luma::cli {
namespace {

/// The state file's name in DIR.
constexpr const char* kBatchStateFile = "batch.db";
/// The results document's name in DIR.
constexpr const char* kBatchResultsFile = "results.jsonl";
/// The timeline picture's default name in DIR.
constexpr const char* kBatchTimelineFile = "timeline.svg";

constexpr const char* kBatchHelp =
    R"(Generate many images and videos through your accounts, each item submitted only
into a free account slot, each result saved as soon as its job completes.

FILE (or - for stdin) is JSON Lines: one JSON object per line, blank lines skipped.
Each has "type" ("image" or "video"), an optional "id" (unique; 1 to 100 letters,
digits, '-', '_', '.'; default line-N, N its line number) naming the item's files,
and the API's own fields: prompt, model, resolution, aspect_ratio, duration,
dynamic_range, imageStart, imageEnd, imageCharacter (videos), imageRef1 to imageRef4
(images), email (pins the item to that account). Any problem (an unknown field, a
bad value, a repeated id) is listed with its line and nothing is sent (exit 2).

DIR receives <id>.mp4 or <id>-1.png ... <id>-4.png, the state file DIR/batch.db
(SQLite; running the same command again resumes from it) and DIR/results.jsonl: one
line per item in input order, {"id","type","status","jobids","files","error"} with
status completed, failed, rejected, uncertain or pending, rewritten as items finish.
--json prints that document only. Ctrl-C once: nothing more is submitted, running
jobs are still awaited and saved; twice: stops at once, running jobs stay recorded
for the next run.

Exit codes: 0 every item completed, 3 some failed, were rejected or are uncertain,
2 invalid input, 4 the API stopped the batch (401, 402), 130 interrupted.

Example:
  printf '%s\n' '{"type":"image","id":"fox","prompt":"a red fox"}' \
    '{"type":"video","prompt":"waves at dusk","resolution":"720p"}' > batch.jsonl
  luma batch batch.jsonl --out results
  luma batch status results
  luma batch report results)";

struct BatchRunSettings {
  std::string file;
  std::string out;
  WebhookFlags webhook;  // --webhook-listen, --webhook-url
};

// The state file of `where`: DIR/batch.db, or `where` itself when it is a file.
std::filesystem::path stateFileOf(const std::filesystem::path& where) {
  if (std::filesystem::is_regular_file(where)) return where;
  std::filesystem::path state = where / kBatchStateFile;
  if (!std::filesystem::is_regular_file(state)) {
    throw LocalIoError("no batch state file at " + state.string() +
                       " (run `luma batch FILE --out DIR` first)");
  }
  return state;
}

BatchInput readBatchInput(const std::string& file) {
  if (file == "-") return parseBatchInput(std::cin);
  checkReadableFile(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw LocalIoError("cannot read " + file);
  return parseBatchInput(in);
}

std::string counted(std::size_t count, const char* what) {
  return std::to_string(count) + " " + what;
}

std::string reportCounts(const BatchReport& report) {
  std::string text = counted(report.items.size(), "items") + ": " +
                     counted(report.count(BatchItemState::Completed), "completed");
  const std::size_t running =
      report.count(BatchItemState::Submitting) + report.count(BatchItemState::Running);
  if (running > 0) text += ", " + counted(running, "running");
  if (report.count(BatchItemState::Saving) > 0) {
    text += ", " + counted(report.count(BatchItemState::Saving), "saving");
  }
  if (report.count(BatchItemState::Queued) > 0) {
    text += ", " + counted(report.count(BatchItemState::Queued), "queued");
  }
  for (const auto state :
       {BatchItemState::Failed, BatchItemState::Rejected, BatchItemState::Uncertain}) {
    if (report.count(state) > 0) {
      text += ", " + std::to_string(report.count(state)) + " " + std::string(toString(state));
    }
  }
  return text;
}

int batchExitCode(const BatchReport& report) {
  if (report.interrupted) return ExitInterrupted;
  if (!report.stopped_by.empty()) return ExitApiError;
  const std::size_t unsuccessful = report.count(BatchItemState::Failed) +
                                   report.count(BatchItemState::Rejected) +
                                   report.count(BatchItemState::Uncertain);
  if (unsuccessful > 0) return ExitJobFailed;
  return report.count(BatchItemState::Completed) == report.items.size() ? ExitSuccess : ExitFailure;
}

int runBatchCommand(const BatchRunSettings& settings, Session& session) {
  const BatchInput input = readBatchInput(settings.file);
  const std::string source = settings.file == "-" ? "stdin" : settings.file;
  if (!input.problems.empty()) {
    for (const auto& problem : input.problems) {
      std::cerr << "invalid: " << printable(problem) << '\n';
    }
    std::cerr << "luma: nothing was sent: " << input.problems.size() << " problem"
              << (input.problems.size() == 1 ? "" : "s") << " in " << printable(source) << '\n';
    return ExitUsage;
  }
  if (input.items.empty()) {
    std::cerr << "luma: " << printable(source) << " holds no item; nothing was sent\n";
    return ExitUsage;
  }
  const std::filesystem::path out = settings.out;
  checkWritableFolder(out, "--out");
  const std::filesystem::path state_file = out / kBatchStateFile;
  BatchResults results(out / kBatchResultsFile, input.items);
  if (std::filesystem::exists(state_file)) {
    try {
      results.merge(readBatchState(state_file));  // a rerun: what the last run left
    } catch (const std::exception&) {
      // runBatch says what is wrong with it.
    }
  }

  const bool json = session.options.json;
  const BatchBoard::Mode mode = json                         ? BatchBoard::Mode::Quiet
                                : session.stdout_is_terminal ? BatchBoard::Mode::Live
                                                             : BatchBoard::Mode::Plain;
  BatchBoard board(mode, std::cout, state_file, input.items.size());

  BatchOptions options;
  options.state_file = state_file;
  options.output_dir = out;
  options.poll = session.polling();
  options.poll.cancel = CancelToken();
  options.stop_submitting = session.cancel;
  options.cancel = session.cancel_now;
  bool told_stopping = false;
  // results.jsonl is first written once runBatch accepted the state file: a DIR holding another
  // batch keeps its results.
  bool accepted = false;
  options.on_progress = [&](const BatchProgress& progress) {
    accepted = true;
    if (!told_stopping && session.cancel.cancelled()) {
      told_stopping = true;
      board.note(
          "Ctrl-C: nothing more is submitted; running jobs are awaited and saved "
          "(Ctrl-C again to stop at once)");
    }
    board.progress(progress);
    results.writeIfDue();
  };
  options.on_result = [&](const BatchItemResult& item) {
    accepted = true;
    results.update(item);
    board.result(item);
    results.writeIfDue();
  };
  ClientOptions client_options;
  client_options.api_token = session.options.token;
  client_options.base_url = session.options.base_url;
  client_options.user_agent = "luma-cli";

  BatchReport report;
  try {
    report = runBatchWithWebhook(settings.webhook, client_options, input.items, options);
  } catch (...) {
    board.finish();
    if (accepted) results.writeIfDue(std::chrono::milliseconds(0));
    throw;
  }
  board.finish();
  results.merge(report);
  results.writeNow();

  if (json) {
    std::cout << results.text() << std::flush;
  } else {
    std::ostream& say = std::cout;
    say << reportCounts(report) << '\n';
    for (const BatchItemResult& item : report.items) {
      if (item.state != BatchItemState::Completed) {
        say << "  " << BatchBoard::resultText(item) << '\n';
      }
    }
    if (!report.stopped_by.empty()) {
      say << "the API stopped the batch: " << printable(report.stopped_by)
          << "; nothing more was submitted\n";
    }
    if (report.interrupted) say << "interrupted: run the same command again to go on\n";
    say << "results: " << printable((out / kBatchResultsFile).string()) << '\n'
        << "state: " << printable(state_file.string()) << '\n'
        << "timeline: luma batch report " << printableList({out.string()}) << '\n';
  }
  return batchExitCode(report);
}

int batchStatusCommand(const std::string& where, bool json) {
  const std::filesystem::path state_file = stateFileOf(where);
  const BatchReport report = readBatchState(state_file);
  if (json) {
    for (const BatchItemResult& item : report.items) {
      nlohmann::ordered_json line = resultLine(item);
      line["state"] = std::string(toString(item.state));
      line["account"] = item.account;
      line["attempts"] = item.attempts;
      std::cout << resultText(line) << '\n';
    }
    std::cout << std::flush;
    return ExitSuccess;
  }
  std::cout << printable(state_file.string()) << ": " << reportCounts(report) << '\n';
  std::map<std::string, std::size_t> running_per_account;
  for (const BatchItemResult& item : report.items) {
    if (item.state == BatchItemState::Submitting || item.state == BatchItemState::Running) {
      ++running_per_account[item.account];
    }
  }
  for (const auto& [account, running] : running_per_account) {
    std::cout << "  " << printable(account.empty() ? "(no account yet)" : account) << ": "
              << running << " running\n";
  }
  for (const BatchItemResult& item : report.items) {
    if (item.state == BatchItemState::Completed) continue;
    std::cout << printable(item.id) << "  " << toString(item.state);
    if (!item.account.empty()) std::cout << "  " << printable(item.account);
    if (!item.jobids.empty()) std::cout << "  " << printableList(item.jobids);
    if (!item.error.empty()) std::cout << "  " << printable(item.error);
    std::cout << '\n';
  }
  return ExitSuccess;
}

int batchReportCommand(const std::string& where, const std::string& out, bool json) {
  const std::filesystem::path state_file = stateFileOf(where);
  const BatchReport report = readBatchState(state_file);
  const std::filesystem::path picture =
      out.empty() ? state_file.parent_path() / kBatchTimelineFile : std::filesystem::path(out);
  writeFileAtomically(picture, renderBatchTimeline(report));
  if (json) {
    printJson({{"timeline", picture.string()}});
  } else {
    std::cout << printable(picture.string()) << '\n';
  }
  return ExitSuccess;
}

}  // namespace

void addBatchCommands(CLI::App& app, Action& action, LocalAction& local_action) {
  auto settings = std::make_shared<BatchRunSettings>();
  CLI::App* batch = app.add_subcommand("batch", "Run a batch of generations from JSON Lines");
  batch->footer(kBatchHelp);
  batch->require_subcommand(0, 1);
  CLI::Option* file = batch->add_option("file", settings->file, "JSON Lines file, or - for stdin");
  CLI::Option* out =
      batch->add_option("--out", settings->out, "Folder for the files, state and results");

  auto where = std::make_shared<std::string>();
  CLI::App* status = batch->add_subcommand(
      "status", "Where a batch stands, from DIR/batch.db alone (no network, no token)");
  status->add_option("dir", *where, "The batch's --out folder (or its state file)")->required();
  status->callback([&local_action, where] {
    local_action = [where](const GlobalOptions& options) {
      return batchStatusCommand(*where, options.json);
    };
  });

  auto picture = std::make_shared<std::string>();
  CLI::App* report = batch->add_subcommand(
      "report", "Write the SVG timeline of a batch (default DIR/timeline.svg) and print its path");
  report->add_option("dir", *where, "The batch's --out folder (or its state file)")->required();
  report->add_option("--out", *picture, "Where to write the SVG");
  report->callback([&local_action, where, picture] {
    local_action = [where, picture](const GlobalOptions& options) {
      return batchReportCommand(*where, *picture, options.json);
    };
  });

  addWebhookOptions(*batch, settings->webhook);
  batch->callback([&action, batch, status, report, file, out, settings] {
    if (status->parsed() || report->parsed()) return;
    if (file->count() == 0) throw CLI::RequiredError("FILE");
    if (out->count() == 0) throw CLI::RequiredError("--out");
    action = [settings](Session& session) { return runBatchCommand(*settings, session); };
  });
}

}  // namespace useapi::luma::cli
