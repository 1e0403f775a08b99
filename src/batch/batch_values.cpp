// The names of batch item states and the counts of a batch report.

#include <algorithm>
#include "useapi/luma/batch.hpp"

namespace useapi::luma {

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
  return "unknown";
}

std::size_t BatchReport::count(BatchItemState state) const {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(),
                    [state](const BatchItemResult& item) { return item.state == state; }));
}

}  // namespace useapi::luma
