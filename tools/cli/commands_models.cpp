// luma models: the compatibility matrix, printed from the library's own table (no token, no
// network).

#include <iomanip>
#include <iostream>
#include <string>
#include <useapi/luma.hpp>
#include <vector>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

namespace useapi::luma::cli {
namespace {

using nlohmann::json;

template <class Enum>
std::string listOf(const std::vector<Enum>& members) {
  std::string text;
  for (const Enum member : members) {
    if (!text.empty()) text += ", ";
    text += toString(member);
  }
  return text.empty() ? "-" : text;
}

template <class Enum>
json jsonListOf(const std::vector<Enum>& members) {
  json list = json::array();
  for (const Enum member : members) list.push_back(std::string(toString(member)));
  return list;
}

int printModels(bool as_json) {
  const auto videos = videoModelSupport();
  const auto images = imageModelSupport();
  if (as_json) {
    json video_rows = json::array();
    for (const auto& row : videos) {
      video_rows.push_back({{"model", toString(row.model)},
                            {"dynamic_range", toString(row.dynamic_range)},
                            {"resolutions", jsonListOf(row.resolutions)},
                            {"durations", jsonListOf(row.durations)},
                            {"character", row.image_character},
                            {"start_end", row.image_start_end}});
    }
    json image_rows = json::array();
    for (const auto& row : images) {
      image_rows.push_back({{"model", toString(row.model)},
                            {"resolutions", jsonListOf(row.resolutions)},
                            {"resolutions_with_refs", jsonListOf(row.resolutions_with_refs)}});
    }
    printJson({{"video", video_rows}, {"image", image_rows}, {"max_refs", maxImageRefs()}});
    return ExitSuccess;
  }
  std::cout << "luma video: what each --model takes with each --dynamic-range\n"
            << std::left << "  " << std::setw(18) << "model" << std::setw(9) << "range"
            << std::setw(26) << "--resolution" << std::setw(12) << "--duration"
            << "keyframes, character\n";
  for (const auto& row : videos) {
    std::string images_taken = row.image_start_end ? "--start/--end" : "";
    if (row.image_character) images_taken += images_taken.empty() ? "--character" : ", --character";
    std::cout << "  " << std::setw(18) << toString(row.model) << std::setw(9)
              << toString(row.dynamic_range) << std::setw(26) << listOf(row.resolutions)
              << std::setw(12) << listOf(row.durations)
              << (images_taken.empty() ? "-" : images_taken) << '\n';
  }
  std::cout << "\nluma image: what each --model takes (up to " << maxImageRefs()
            << " --ref images)\n"
            << "  " << std::setw(18) << "model" << std::setw(26) << "--resolution"
            << "--resolution with --ref\n";
  for (const auto& row : images) {
    std::cout << "  " << std::setw(18) << toString(row.model) << std::setw(26)
              << listOf(row.resolutions) << listOf(row.resolutions_with_refs) << '\n';
  }
  return ExitSuccess;
}

}  // namespace

void addModelsCommand(CLI::App& app, LocalAction& local_action) {
  app.add_subcommand("models",
                     "Show which resolutions and durations each model takes (no network, no "
                     "token)")
      ->callback([&local_action] {
        local_action = [](const GlobalOptions& options) { return printModels(options.json); };
      });
}

}  // namespace useapi::luma::cli
