// A batch with any invalid item is refused whole, before anything is sent or written.

#include <gmock/gmock.h>

#include "batch/batch_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;

class BatchValidation : public BatchTest {};

TEST_F(BatchValidation, InvalidItemsAreAllRefusedBeforeAnythingIsSent) {
  std::vector<BatchItem> items = videos(3);
  items.push_back(video("empty-prompt", ""));
  items.push_back(video("clip-1", "a repeated id"));
  const BatchOptions options = batchOptions();
  try {
    runBatch(batchClientOptions(), items, options);
    FAIL() << "runBatch accepted invalid items";
  } catch (const ValidationError& error) {
    std::string all;
    for (const auto& problem : error.problems()) all += problem + "\n";
    EXPECT_THAT(all, HasSubstr("item 4 (empty-prompt)"));
    EXPECT_THAT(all, HasSubstr("item 5 (clip-1)"));
  }
  EXPECT_TRUE(server_->requests().empty()) << "a request was sent";
  EXPECT_FALSE(std::filesystem::exists(options.state_file)) << "the state file was written";
}

}  // namespace
}  // namespace useapi::luma::testing
