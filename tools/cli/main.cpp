// luma: the command-line tool of the useapi.net Luma API (issue 4). Built on the public API only.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "interrupt_watcher.hpp"
#include "session.hpp"

namespace luma = useapi::luma;
namespace cli = useapi::luma::cli;

namespace {

void addGlobalOptions(CLI::App& app, cli::GlobalOptions& options) {
  app.add_option("--token", options.token, "API token (default: $USEAPI_TOKEN)");
  app.add_option("--base-url", options.base_url,
                 "API base URL (default: $USEAPI_LUMA_BASE_URL or the real API)");
  app.add_flag("--json", options.json,
               "Print one JSON document of results on stdout, nothing else");
  app.add_option("--timeout", options.timeout_seconds,
                 "Give up waiting after SECONDS (default 1800)")
      ->check(CLI::PositiveNumber);
  app.add_option("--poll-interval", options.poll_interval_ms,
                 "Poll every MS milliseconds (default: at once, then 2 s growing to 15 s)")
      ->check(CLI::PositiveNumber);
}

// Runs the chosen command, turning the library's exceptions into exit codes.
int run(const cli::Action& action, const cli::GlobalOptions& options,
        const cli::InterruptWatcher& watcher, const luma::CancelToken& cancel) {
  std::optional<luma::Client> client;
  try {
    luma::ClientOptions client_options;
    client_options.api_token = options.token;
    client_options.base_url = options.base_url;
    client_options.user_agent = "luma-cli";
    client.emplace(std::move(client_options));
  } catch (const luma::Error& error) {
    std::cerr << "luma: " << error.what() << '\n';
    return cli::ExitUsage;
  }
  cli::Session session{options, *client, cancel, isatty(STDOUT_FILENO) == 1};
  try {
    const int code = action(session);
    return watcher.interrupted() ? cli::ExitInterrupted : code;
  } catch (const luma::ValidationError& error) {
    for (const auto& problem : error.problems()) std::cerr << "invalid: " << problem << '\n';
    return cli::ExitUsage;
  } catch (const luma::JobFailedError& error) {
    std::cerr << "luma: job failed: " << error.what() << '\n';
    return cli::ExitJobFailed;
  } catch (const luma::CancelledError&) {
    std::cerr << "luma: interrupted\n";
    return cli::ExitInterrupted;
  } catch (const luma::TimeoutError& error) {
    std::cerr << "luma: timeout: " << error.what() << '\n';
    return cli::ExitTimeout;
  } catch (const luma::ApiError& error) {
    std::cerr << "luma: API error " << error.status() << ": " << error.message() << '\n';
    return cli::ExitApiError;
  } catch (const luma::TransportError& error) {
    std::cerr << "luma: network error: " << error.what() << '\n';
    return cli::ExitNetwork;
  } catch (const std::exception& error) {
    if (watcher.interrupted()) return cli::ExitInterrupted;
    std::cerr << "luma: " << error.what() << '\n';
    return cli::ExitFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"luma: generate images and videos with the useapi.net Luma API"};
  app.fallthrough();  // global options may follow the subcommand
  app.require_subcommand(1);
  cli::GlobalOptions options;
  addGlobalOptions(app, options);
  cli::Action action;
  cli::addGenerateCommands(app, action);
  cli::addJobCommands(app, action);
  cli::addAssetCommands(app, action);
  cli::addAccountCommands(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? cli::ExitSuccess : cli::ExitUsage;
  }
  if (!action) return cli::ExitUsage;

  luma::CancelToken cancel;
  cli::InterruptWatcher watcher(cancel);  // before the client's threads start
  return run(action, options, watcher, cancel);
}
