// The names of batch item states (batch.hpp: "queued", "submitting", ...) and BatchReport::count.

#include <gtest/gtest.h>

#include <string_view>
#include <utility>
#include <vector>

#include "useapi/luma.hpp"
#include "useapi/luma/batch.hpp"

namespace {

namespace luma = ::useapi::luma;

// The names batch.hpp documents for the results document.
const std::vector<std::pair<luma::BatchItemState, std::string_view>> kStateNames = {
    {luma::BatchItemState::Queued, "queued"},
    {luma::BatchItemState::Submitting, "submitting"},
    {luma::BatchItemState::Running, "running"},
    {luma::BatchItemState::Saving, "saving"},
    {luma::BatchItemState::Completed, "completed"},
    {luma::BatchItemState::Failed, "failed"},
    {luma::BatchItemState::Rejected, "rejected"},
    {luma::BatchItemState::Uncertain, "uncertain"}};

TEST(BatchItemStateNames, EachStateHasTheNameTheHeaderDocuments) {
  for (const auto& [state, name] : kStateNames) {
    EXPECT_EQ(luma::toString(state), name) << static_cast<int>(state);
  }
}

luma::BatchItemResult itemIn(luma::BatchItemState state) {
  luma::BatchItemResult item;
  item.state = state;
  return item;
}

TEST(BatchReportCount, CountsTheItemsInEachStateAndZeroForAStateNoItemIsIn) {
  luma::BatchReport report;
  for (const auto state : {luma::BatchItemState::Completed, luma::BatchItemState::Failed,
                           luma::BatchItemState::Completed, luma::BatchItemState::Queued,
                           luma::BatchItemState::Completed, luma::BatchItemState::Uncertain}) {
    report.items.push_back(itemIn(state));
  }
  const std::vector<std::pair<luma::BatchItemState, std::size_t>> expected = {
      {luma::BatchItemState::Completed, 3}, {luma::BatchItemState::Failed, 1},
      {luma::BatchItemState::Queued, 1},    {luma::BatchItemState::Uncertain, 1},
      {luma::BatchItemState::Running, 0},   {luma::BatchItemState::Rejected, 0}};
  for (const auto& [state, count] : expected) {
    EXPECT_EQ(report.count(state), count) << luma::toString(state);
  }
}

TEST(BatchReportCount, AnEmptyReportHasNoItemInAnyState) {
  const luma::BatchReport report;
  for (const auto& [state, name] : kStateNames) EXPECT_EQ(report.count(state), 0U) << name;
}

}  // namespace
