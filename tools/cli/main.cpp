// luma: the command-line tool of the useapi.net Luma API (issue 4). Built on the public API only.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "error_report.hpp"
#include "exit_codes.hpp"
#include "help_examples.hpp"
#include "interrupt_watcher.hpp"
#include "journal_location.hpp"
#include "secret_input.hpp"
#include "session.hpp"
#include "subcommand_suggestion.hpp"
#include "terminal_text.hpp"

namespace luma = useapi::luma;
namespace cli = useapi::luma::cli;

namespace {

void addGlobalOptions(CLI::App& app, cli::GlobalOptions& options) {
  CLI::Option* token = app.add_option(
      "--token", options.token,
      "API token (default: $USEAPI_TOKEN); seen by other users in ps and kept in the shell "
      "history: prefer --token-file or USEAPI_TOKEN");
  app.add_option("--token-file", options.token_file,
                 "Read the API token from the first line of FILE")
      ->excludes(token);
  app.add_option("--base-url", options.base_url,
                 "API base URL (default: $USEAPI_LUMA_BASE_URL or the real API)");
  app.add_flag("--json", options.json,
               "Print one JSON document of results on stdout, nothing else");
  app.add_flag("--verbose", options.verbose,
               "Print a line on stderr per HTTP exchange (method, path, status, time; never the "
               "token)");
  app.add_option("--timeout", options.timeout_seconds,
                 "Give up waiting after SECONDS (default 1800)")
      ->check(CLI::PositiveNumber);
  app.add_option("--poll-interval", options.poll_interval_ms,
                 "Poll every MS milliseconds (default: at once, then 2 s growing to 15 s)")
      ->check(CLI::PositiveNumber);
  CLI::Option* no_journal =
      app.add_flag("--no-journal", options.no_journal,
                   "Keep no journal of the created jobs (luma jobs --all, luma job wait --resume)");
  app.add_option("--journal", options.journal,
                 "Keep the journal of created jobs in FILE (default: "
                 "$XDG_STATE_HOME/luma/journal.db)")
      ->excludes(no_journal);
}

// The journal this run keeps: --journal, else the default one (its folder made, mode 0700);
// empty with --no-journal or when there is no place for it.
std::string journalPath(const cli::GlobalOptions& options) {
  if (options.no_journal) return {};
  if (!options.journal.empty()) return options.journal;
  std::string path = cli::defaultJournalPath();
  if (path.empty()) return {};
  if (!cli::prepareJournalFolder(path)) {
    std::cerr << "luma: warning: cannot create the folder of the journal " << cli::printable(path)
              << "; the jobs of this run will not be listed by `luma jobs --all`\n";
    return {};
  }
  return path;
}

// Runs the chosen command, turning the library's exceptions into exit codes.
int run(const cli::Action& action, const cli::GlobalOptions& options,
        const cli::InterruptWatcher& watcher, const luma::CancelToken& cancel,
        const luma::CancelToken& cancel_now) {
  cli::PollFailureWatch poll_failures;  // outlives the client, whose logger feeds it
  std::optional<luma::Client> client;
  const char* environment_token = std::getenv("USEAPI_TOKEN");
  if (options.token.empty() && (environment_token == nullptr || *environment_token == '\0')) {
    std::cerr << "luma: no API token: set USEAPI_TOKEN or pass --token-file FILE\n";
    return cli::ExitUsage;
  }
  try {
    luma::ClientOptions client_options;
    client_options.api_token = options.token;
    client_options.base_url = options.base_url;
    client_options.user_agent = "luma-cli";
    client_options.logger = [feed = poll_failures.logger(), verbose = options.verbose](
                                luma::LogLevel level, std::string_view line) {
      feed(level, line);
      if (verbose) std::cerr << "luma: http: " << cli::printable(line) << '\n';
    };
    client_options.journal_path = journalPath(options);
    try {
      client.emplace(client_options);
    } catch (const luma::Error& error) {
      if (client_options.journal_path.empty()) throw;
      // Most often another luma holds the journal (it is locked): go on without one.
      client_options.journal_path.clear();
      client.emplace(std::move(client_options));
      std::cerr << "luma: warning: " << cli::printable(error.what())
                << "; going on without a journal: the jobs of this run will not be listed by "
                   "`luma jobs --all` nor picked up by `luma job wait --resume`\n";
    }
  } catch (const luma::Error& error) {
    std::cerr << "luma: " << error.what() << '\n';
    return cli::ExitUsage;
  }
  cli::Session session{options,       *client,   cancel, isatty(STDOUT_FILENO) == 1,
                       poll_failures, cancel_now};
  try {
    const int code = action(session);
    return watcher.interrupted() ? cli::ExitInterrupted : code;
  } catch (...) {
    const int code = cli::reportError(std::current_exception());
    return watcher.interrupted() ? cli::ExitInterrupted : code;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"luma: generate images and videos with the useapi.net Luma API"};
  app.fallthrough();  // global options may follow the subcommand
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("luma ") + luma::kVersion,
                       "Print the library version and exit");
  cli::GlobalOptions options;
  addGlobalOptions(app, options);
  cli::Action action;
  cli::addGenerateCommands(app, action);
  cli::addJobCommands(app, action);
  cli::addAssetCommands(app, action);
  cli::addAccountCommands(app, action);
  cli::LocalAction local_action;
  cli::addBatchCommands(app, action, local_action);
  cli::addModelsCommand(app, local_action);
  cli::addHelpExamples(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (cli::suggestSubcommand(app, std::cerr)) return cli::ExitUsage;
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
        cli::explainMissingSubcommand(app, std::cerr)) {
      return cli::ExitUsage;
    }
    return app.exit(error) == 0 ? cli::ExitSuccess : cli::ExitUsage;
  }
  if (cli::suggestSubcommand(app, std::cerr)) return cli::ExitUsage;  // a typo read as a FILE
  if (app.count("--token") > 0) {
    std::cerr << "luma: warning: a token given with --token is visible to other users of this "
                 "machine (ps, /proc) and kept in the shell history; prefer USEAPI_TOKEN or "
                 "--token-file FILE\n";
  }
  if (!options.token_file.empty()) {
    try {
      options.token = cli::readTokenFile(options.token_file);
    } catch (...) {
      const int code = cli::reportError(std::current_exception());
      return code == cli::ExitLocalIo ? code : cli::ExitUsage;
    }
  }
  if (local_action) {  // no client: no token needed, nothing sent
    try {
      return local_action(options);
    } catch (...) {
      return cli::reportError(std::current_exception());
    }
  }
  if (!action) return cli::ExitUsage;

  luma::CancelToken cancel;
  luma::CancelToken cancel_now;  // a second Ctrl-C, for luma batch
  const bool stops_in_two_steps = app.got_subcommand("batch");
  cli::InterruptWatcher watcher(  // before the client's threads start
      cancel, stops_in_two_steps ? std::optional<luma::CancelToken>(cancel_now) : std::nullopt);
  return run(action, options, watcher, cancel, cancel_now);
}
