#include "help_examples.hpp"

#include <map>
#include <string>

namespace useapi::luma::cli {
namespace {

// The examples of each command, by its path below `luma` ("" for luma itself).
const std::map<std::string, std::string>& examples() {
  static const std::map<std::string, std::string> by_path = {
      {"",
       "  export USEAPI_TOKEN=...          # or --token-file FILE\n"
       "  luma image \"a red fox in fresh snow\" --out foxes\n"
       "  luma video \"waves at dusk\" --resolution 720p --out clips\n"
       "  luma models                      # what each model takes\n"
       "  luma account list"},
      {"image",
       "  luma image \"a red fox in fresh snow\" --out foxes\n"
       "  luma image - --aspect-ratio 16:9 < prompt.txt\n"
       "  luma image \"the same fox, in spring\" --ref fox.png --model photon-v2 --no-wait"},
      {"video",
       "  luma video \"a red fox trotting at dawn\" --out clips\n"
       "  luma video \"waves at dusk\" --model ray-v3 --resolution 1080p --duration 10s\n"
       "  luma video \"it turns around\" --start first.png --end last.png --out clips"},
      {"job", "  luma job wait ID... --out DIR"},
      {"job get", "  luma job get ID --json"},
      {"job wait",
       "  luma job wait ID1 ID2 --out clips --timeout 600\n  luma job wait --resume --out clips"},
      {"job delete", "  luma job delete ID"},
      {"jobs", "  luma jobs\n  luma jobs --all\n  luma jobs --json"},
      {"account", "  luma account list\n  luma account add - < luma-session.txt"},
      {"account list", "  luma account list --json"},
      {"account get", "  luma account get me@example.com"},
      {"account add", "  luma account add - < luma-session.txt   # the session stays off ps"},
      {"account delete", "  luma account delete me@example.com"},
      {"asset", "  luma asset upload me@example.com fox.png"},
      {"asset upload", "  luma asset upload me@example.com fox.png"},
      {"models", "  luma models\n  luma models --json"},
      {"batch status", "  luma batch status shots"},
      {"batch report", "  luma batch report shots --out timeline.svg"},
  };
  return by_path;
}

void addBelow(CLI::App& app, const std::string& path) {
  const auto found = examples().find(path);
  if (found != examples().end()) {
    std::string footer = app.get_footer();
    if (!footer.empty()) footer += "\n\n";
    app.footer(footer + "Examples:\n" + found->second);
  }
  for (CLI::App* sub : app.get_subcommands({})) {
    addBelow(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name());
  }
}

}  // namespace

void addHelpExamples(CLI::App& app) { addBelow(app, ""); }

}  // namespace useapi::luma::cli
