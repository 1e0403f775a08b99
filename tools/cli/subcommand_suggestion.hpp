#pragma once
// "did you mean `image`?": the answer to a mistyped subcommand, instead of CLI11's "A subcommand
// is required".

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace useapi::luma::cli {

/// The number of single-character insertions, deletions, substitutions and swaps of two
/// neighbours that turn `from` into `to` (optimal string alignment distance).
std::size_t editDistance(const std::string& from, const std::string& to);

/// The candidate closest to `word` when it is close enough to be a typo of it (at most 2 edits,
/// and fewer than half of the word's length), else empty.
std::string closestName(const std::string& word, const std::vector<std::string>& candidates);

/// After a parse of `app` (failed, or not: `luma batch stauts --out DIR` parses): when the
/// deepest subcommand parsed has subcommands and none of them was given, and either the first
/// word left over names none of them or the group's own positional holds a typo of one that
/// names no file (`luma batch stauts`, FILE being batch's positional), prints on `err` which
/// word is unknown, the closest subcommand if any, and the ones there are; returns true. False
/// otherwise.
bool suggestSubcommand(const CLI::App& app, std::ostream& err);

/// After a parse of `app` that failed for want of a subcommand (`luma job`): prints on `err`
/// which group needs one and the ones there are, instead of CLI11's "A subcommand is required";
/// returns true. False when the deepest subcommand parsed needs none or was given one.
bool explainMissingSubcommand(const CLI::App& app, std::ostream& err);

}  // namespace useapi::luma::cli
