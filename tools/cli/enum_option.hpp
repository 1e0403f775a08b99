#pragma once
// Options whose values are the API's wire strings ("photon-v2", "1080p", "16:9"), parsed with
// useapi::luma::fromString; any other value is a usage error that lists the valid ones.

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <useapi/luma.hpp>
#include <vector>

namespace useapi::luma::cli {

/// Adds `--name VALUE` to `app`, storing the parsed enumerator in `target` (which must outlive
/// the parse). `all` lists the accepted enumerators.
template <class Enum>
CLI::Option* addEnumOption(CLI::App& app, const std::string& name, std::optional<Enum>& target,
                           std::initializer_list<Enum> all, const std::string& help) {
  std::vector<std::string> wires;
  for (const Enum value : all) wires.emplace_back(toString(value));
  std::optional<Enum>* slot = &target;
  return app
      .add_option_function<std::string>(
          name, [slot](const std::string& text) { *slot = fromString<Enum>(text); }, help)
      ->check(CLI::IsMember(wires));
}

}  // namespace useapi::luma::cli
