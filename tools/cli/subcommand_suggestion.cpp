#include "subcommand_suggestion.hpp"

#include <algorithm>
#include <filesystem>

#include "terminal_text.hpp"

namespace useapi::luma::cli {

std::size_t editDistance(const std::string& from, const std::string& to) {
  const std::size_t rows = from.size() + 1;
  const std::size_t columns = to.size() + 1;
  std::vector<std::size_t> cost(rows * columns, 0);
  const auto at = [&](std::size_t row, std::size_t column) -> std::size_t& {
    return cost[row * columns + column];
  };
  for (std::size_t row = 0; row < rows; ++row) at(row, 0) = row;
  for (std::size_t column = 0; column < columns; ++column) at(0, column) = column;
  for (std::size_t row = 1; row < rows; ++row) {
    for (std::size_t column = 1; column < columns; ++column) {
      const std::size_t replace = from[row - 1] == to[column - 1] ? 0 : 1;
      at(row, column) = std::min(
          {at(row - 1, column) + 1, at(row, column - 1) + 1, at(row - 1, column - 1) + replace});
      if (row > 1 && column > 1 && from[row - 1] == to[column - 2] &&
          from[row - 2] == to[column - 1]) {
        at(row, column) = std::min(at(row, column), at(row - 2, column - 2) + 1);
      }
    }
  }
  return at(rows - 1, columns - 1);
}

std::string closestName(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;  // more than 2 edits is not a typo
  for (const auto& candidate : candidates) {
    const std::size_t distance = editDistance(word, candidate);
    if (distance < best_distance && distance * 2 < std::max(word.size(), candidate.size())) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

namespace {

// The first word left over by the parse that is not an option: a subcommand CLI11 did not know.
std::string firstLeftoverWord(const CLI::App& app) {
  for (const std::string& left : app.remaining(true)) {
    if (!left.empty() && left[0] != '-') return left;
  }
  return {};
}

// A group that takes a positional of its own as well as subcommands (`luma batch FILE` beside
// `luma batch status DIR`) reads a mistyped subcommand as that positional: its value, when it
// names no file and is a typo of a subcommand.
std::string mistypedPositional(const CLI::App& group, const std::vector<std::string>& names) {
  for (const CLI::Option* option : group.get_options()) {
    if (!option->get_positional() || option->count() == 0) continue;
    const std::string& value = option->results().front();
    std::error_code ignored;
    if (value == "-" || std::filesystem::exists(value, ignored)) continue;
    if (!closestName(value, names).empty()) return value;
  }
  return {};
}

// The deepest subcommand the parse reached (`app` itself when none), and its path.
const CLI::App* deepestParsed(const CLI::App& app, std::string& path) {
  const CLI::App* deepest = &app;
  path = "luma";
  for (bool descended = true; descended;) {
    descended = false;
    for (const CLI::App* sub : deepest->get_subcommands()) {
      deepest = sub;
      path += " " + sub->get_name();
      descended = true;
      break;
    }
  }
  return deepest;
}

// The names of the subcommands `group` has.
std::vector<std::string> subcommandNames(const CLI::App& group) {
  std::vector<std::string> names;
  for (const CLI::App* sub : group.get_subcommands({})) {
    if (!sub->get_name().empty()) names.push_back(sub->get_name());
  }
  return names;
}

}  // namespace

bool explainMissingSubcommand(const CLI::App& app, std::ostream& err) {
  std::string path;
  const CLI::App* deepest = deepestParsed(app, path);
  const std::vector<std::string> names = subcommandNames(*deepest);
  if (names.empty() || deepest->get_require_subcommand_min() == 0 ||
      !deepest->get_subcommands().empty()) {
    return false;
  }
  err << path << ": which command? one of:";
  for (const auto& name : names) err << ' ' << name;
  err << "\n  see `" << path << " --help`\n";
  return true;
}

bool suggestSubcommand(const CLI::App& app, std::ostream& err) {
  std::string path;
  const CLI::App* deepest = deepestParsed(app, path);
  const std::vector<std::string> names = subcommandNames(*deepest);
  if (names.empty() || !deepest->get_subcommands().empty()) return false;
  std::string word = mistypedPositional(*deepest, names);  // before what it leaves over
  if (word.empty()) word = firstLeftoverWord(app);
  if (word.empty() || std::find(names.begin(), names.end(), word) != names.end()) return false;
  err << path << ": unknown command `" << printable(word) << "`";
  const std::string closest = closestName(word, names);
  if (!closest.empty()) err << ": did you mean `" << closest << "`?";
  err << "\n  commands:";
  for (const auto& name : names) err << ' ' << name;
  err << "\n  see `" << path << " --help`\n";
  return true;
}

}  // namespace useapi::luma::cli
