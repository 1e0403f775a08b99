// validateBatch: every problem of a batch's items at once, each naming its item, before anything
// is sent.

#include <map>
#include <string>
#include <variant>
#include "useapi/luma/batch.hpp"

namespace useapi::luma {
namespace {

constexpr std::size_t kMaxIdLength = 100;

bool idCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// What is wrong with `id` as a batch item id (it names files); empty when nothing is.
std::string idProblem(const std::string& id) {
  if (id.empty()) return "the id is empty";
  if (id.size() > kMaxIdLength) {
    return "the id has " + std::to_string(id.size()) + " characters; at most " +
           std::to_string(kMaxIdLength) + " are allowed";
  }
  if (id.front() == '.') return "the id starts with '.'; it names files, which must not be hidden";
  for (const char c : id) {
    if (!idCharacter(c)) {
      return "the id holds a character other than letters, digits, '-', '_' and '.'";
    }
  }
  return {};
}

// "item 3 (cat-2): ", the id cut short when it is too long to quote whole.
std::string itemLabel(std::size_t index, const std::string& id) {
  std::string shown = id.size() > kMaxIdLength ? id.substr(0, kMaxIdLength) + "..." : id;
  return "item " + std::to_string(index + 1) + " (" + shown + "): ";
}

}  // namespace

std::vector<std::string> validateBatch(const std::vector<BatchItem>& items) {
  std::vector<std::string> problems;
  std::map<std::string, std::size_t> first_use;  // id -> index of its first item
  for (std::size_t index = 0; index < items.size(); ++index) {
    const BatchItem& item = items[index];
    const std::string label = itemLabel(index, item.id);
    if (const std::string problem = idProblem(item.id); !problem.empty()) {
      problems.push_back(label + problem);
    } else if (const auto [used, fresh] = first_use.emplace(item.id, index); !fresh) {
      problems.push_back(label + "the id is already used by item " +
                         std::to_string(used->second + 1));
    }
    const std::vector<std::string> request_problems =
        std::visit([](const auto& request) { return validate(request); }, item.request);
    for (const auto& problem : request_problems) problems.push_back(label + problem);
  }
  return problems;
}

}  // namespace useapi::luma
