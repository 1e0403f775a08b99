// INTERIM, to be deleted at merge: stand-ins for validateBatch, toString(BatchItemState) and
// BatchReport::count, which another branch implements (batch_validation.cpp, batch_values.cpp),
// so that this branch's tests link.

#include <set>

#include "batch/batch_store.hpp"
#include "useapi/luma/batch.hpp"

namespace useapi::luma {

std::vector<std::string> validateBatch(const std::vector<BatchItem>& items) {
  std::vector<std::string> problems;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string name = "item " + std::to_string(i + 1) + " (" + items[i].id + "): ";
    if (items[i].id.empty()) problems.push_back(name + "id is empty");
    if (!seen.insert(items[i].id).second) problems.push_back(name + "id is repeated");
    const auto found =
        std::visit([](const auto& request) { return validate(request); }, items[i].request);
    for (const auto& problem : found) problems.push_back(name + problem);
  }
  return problems;
}

std::string_view toString(BatchItemState value) noexcept {
  switch (value) {
    case BatchItemState::Queued:
      return "queued";
    case BatchItemState::Submitting:
      return "submitting";
    case BatchItemState::Running:
      return "running";
    case BatchItemState::Saving:
      return "saving";
    case BatchItemState::Completed:
      return "completed";
    case BatchItemState::Failed:
      return "failed";
    case BatchItemState::Rejected:
      return "rejected";
    case BatchItemState::Uncertain:
      return "uncertain";
  }
  return "queued";
}

std::size_t BatchReport::count(BatchItemState state) const {
  std::size_t n = 0;
  for (const auto& item : items) n += item.state == state ? 1 : 0;
  return n;
}

}  // namespace useapi::luma
