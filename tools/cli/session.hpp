#pragma once
// What every command runs with: the global options, the client, the cancel token of Ctrl-C.

#include <functional>
#include <string>
#include <useapi/luma.hpp>

#include "poll_failures.hpp"

namespace useapi::luma::cli {

/// The options given before or after any subcommand.
struct GlobalOptions {
  std::string token;           ///< --token, or the first line of --token-file; empty: USEAPI_TOKEN.
  std::string token_file;      ///< --token-file: where `token` is read from.
  std::string base_url;        ///< --base-url; empty: USEAPI_LUMA_BASE_URL or the real API.
  bool json = false;           ///< --json: one JSON document on stdout, nothing else.
  bool verbose = false;        ///< --verbose: a line on stderr per HTTP exchange.
  double timeout_seconds = 0;  ///< --timeout; zero: 30 minutes.
  int poll_interval_ms = 0;    ///< --poll-interval; zero: 2 s growing to 15 s.
  std::string journal;         ///< --journal; empty: $XDG_STATE_HOME/luma/journal.db.
  bool no_journal = false;     ///< --no-journal: keep no journal of the created jobs.
};

/// The state a command runs with.
struct Session {
  const GlobalOptions& options;
  Client& client;
  CancelToken cancel;               ///< Cancelled by Ctrl-C.
  bool stdout_is_terminal;          ///< Live status lines only when true.
  PollFailureWatch& poll_failures;  ///< Fed by the client's logger: failed polls of a wait.
  /// Cancelled by a second Ctrl-C for a command that stops in two steps (luma batch); the
  /// process ends at the second Ctrl-C for the others.
  CancelToken cancel_now;

  /// Poll settings for a wait: the first poll at once, then 2 s growing to 15 s (or
  /// --poll-interval), the --timeout deadline, and the Ctrl-C token.
  PollOptions polling() const;
};

/// A parsed command, run once the client exists; returns the exit code.
using Action = std::function<int(Session&)>;

/// A parsed command that needs no client, no token and no network (luma batch status|report).
using LocalAction = std::function<int(const GlobalOptions&)>;

}  // namespace useapi::luma::cli
