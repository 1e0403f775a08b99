#pragma once
// The subcommands. Each adder registers its subcommands on `app`; the one the user picks sets
// `action` to the work to run once the client exists.

#include <CLI/CLI.hpp>

#include "session.hpp"

namespace useapi::luma::cli {

/// `luma image` and `luma video`.
void addGenerateCommands(CLI::App& app, Action& action);
/// `luma job get|wait|delete` and `luma jobs`.
void addJobCommands(CLI::App& app, Action& action);
/// `luma account list|get|add|delete`.
void addAccountCommands(CLI::App& app, Action& action);
/// `luma asset upload`.
void addAssetCommands(CLI::App& app, Action& action);
/// `luma batch FILE --out DIR` (sets `action`), `luma batch status|report DIR` (set
/// `local_action`: no client is made for them).
void addBatchCommands(CLI::App& app, Action& action, LocalAction& local_action);

/// `luma models` (sets `local_action`: the compatibility matrix needs no client).
void addModelsCommand(CLI::App& app, LocalAction& local_action);

}  // namespace useapi::luma::cli
