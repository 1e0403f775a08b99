#pragma once
// The examples at the end of every --help.

#include <CLI/CLI.hpp>

namespace useapi::luma::cli {

/// Appends "Examples:" to the footer of `app` and of each of its subcommands, all levels down.
void addHelpExamples(CLI::App& app);

}  // namespace useapi::luma::cli
