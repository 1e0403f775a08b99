// The batch's parts on their own: the slot accounting, the account an item is pinned to, the
// names of its files.

#include <gmock/gmock.h>

#include "batch/batch_item_request.hpp"
#include "batch/capacity_tracker.hpp"
#include "batch/result_saver.hpp"
#include "useapi/luma/batch.hpp"

namespace useapi::luma {
namespace {

using detail::CapacityTracker;

Account account(const std::string& email, int concurrency, int executing,
                std::optional<std::string> error = std::nullopt) {
  Account result;
  result.email = email;
  result.concurrency = concurrency;
  result.executing = executing;
  result.error = std::move(error);
  return result;
}

TEST(CapacityTracker, FreeSlotsAreCapacityLessOursLessForeign) {
  CapacityTracker tracker;
  tracker.take("a@x.com");  // a job of ours found running on resume
  tracker.refresh({account("a@x.com", 4, 3), account("b@x.com", 2, 0)});
  EXPECT_EQ(tracker.freeSlots("a@x.com"), 1) << "3 executing: 1 ours, 2 foreign";
  EXPECT_EQ(tracker.freeSlots("b@x.com"), 2);
  EXPECT_EQ(tracker.bestAccount(), "b@x.com");
  tracker.take("b@x.com");
  tracker.take("b@x.com");
  EXPECT_EQ(tracker.freeSlots("b@x.com"), 0);
  EXPECT_EQ(tracker.bestAccount(), "a@x.com");
  EXPECT_EQ(tracker.usableSlots(), 4);  // 4 - 2 foreign on a, 2 on b
  EXPECT_EQ(tracker.freeSlots("nobody@x.com"), 0);
}

TEST(CapacityTracker, AFullAccountWaitsForASlotOfOursOrARereadWithRoom) {
  CapacityTracker tracker;
  tracker.refresh({account("a@x.com", 2, 0)});
  tracker.take("a@x.com");
  tracker.markFull("a@x.com");  // a foreign job took the other slot meanwhile
  EXPECT_EQ(tracker.freeSlots("a@x.com"), 0);
  tracker.refresh({account("a@x.com", 2, 2)});
  EXPECT_EQ(tracker.freeSlots("a@x.com"), 0) << "a re-read without room keeps it full";
  tracker.release("a@x.com");
  EXPECT_EQ(tracker.freeSlots("a@x.com"), 1) << "our job ended: one probe";
  tracker.markFull("a@x.com");
  tracker.refresh({account("a@x.com", 2, 0)});
  EXPECT_EQ(tracker.freeSlots("a@x.com"), 2) << "a re-read with room lifts it";
}

TEST(CapacityTracker, AnAccountWithAnErrorOrAnExpiredSessionIsQuarantined) {
  CapacityTracker tracker;
  tracker.refresh({account("a@x.com", 2, 0, "session refresh failed"), account("b@x.com", 2, 0)});
  std::string why;
  EXPECT_TRUE(tracker.quarantined("a@x.com", &why));
  EXPECT_THAT(why, ::testing::HasSubstr("session refresh failed"));
  EXPECT_EQ(tracker.freeSlots("a@x.com"), 0);
  tracker.quarantine("b@x.com", "596");
  EXPECT_FALSE(tracker.anyUsable());
  const auto slots = tracker.slots();
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_TRUE(slots[0].quarantined);
  EXPECT_TRUE(slots[1].quarantined);
}

TEST(PinnedAccount, AnItemIsPinnedByItsEmailOrTheAccountOfItsAssetRefs) {
  const std::string ref = "u1234567-email:owner@x.com-image:7e1d8a41-23b5-4c8e-a0f2-6b9c0d1e2f3a";
  VideoRequest keyframes;
  keyframes.prompt = "p";
  keyframes.image_end = ref;
  ImageRequest refs;
  refs.prompt = "p";
  refs.image_refs = {ref};
  VideoRequest pinned;
  pinned.prompt = "p";
  pinned.email = "me@x.com";
  VideoRequest free;
  free.prompt = "p";
  EXPECT_EQ(detail::pinnedAccount(BatchItem{"a", keyframes}), "owner@x.com");
  EXPECT_EQ(detail::pinnedAccount(BatchItem{"b", refs}), "owner@x.com");
  EXPECT_EQ(detail::pinnedAccount(BatchItem{"c", pinned}), "me@x.com");
  EXPECT_EQ(detail::pinnedAccount(BatchItem{"d", free}), std::nullopt);
  EXPECT_EQ(detail::emailOfAssetRef("not-a-ref"), std::nullopt);
}

TEST(ResultFileName, AVideoIsIdMp4AndImagesAreNumberedWithTheirContentsExtension) {
  Job video;
  video.type = JobType::Video;
  Job image;
  image.type = JobType::Image;
  EXPECT_EQ(detail::resultFileName("fox", video, 0, ""), "fox.mp4");
  EXPECT_EQ(detail::resultFileName("birds", image, 0, "\x89PNG\r\n\x1a\n"), "birds-1.png");
  EXPECT_EQ(detail::resultFileName("birds", image, 1, "\xff\xd8\xff\xe0"), "birds-2.jpg");
  EXPECT_EQ(detail::resultFileName("birds", image, 3, std::string("RIFF\0\0\0\0WEBPVP8 ", 16)),
            "birds-4.webp");
}

}  // namespace
}  // namespace useapi::luma
