// The seed pages' literal ids end to end through the Client: luma-mock scripted to mint them
// (support/seed_mock.hpp). Five ids that share everything before the first '-', with a space
// and brackets in their email, are created, polled, listed and their media saved, each its own.

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "support/mock_api_test.hpp"
#include "support/seed_ids.hpp"
#include "support/seed_mock.hpp"
#include "support/temp_folder.hpp"

namespace useapi::luma::testing {
namespace {

class SeedImageBatch : public MockApiTest {
 protected:
  mock::MockOptions mockOptions() const override {
    return seed::imageBatchOptions(MockApiTest::mockOptions());
  }
};

class SeedVideo : public MockApiTest {
 protected:
  mock::MockOptions mockOptions() const override {
    return seed::videoOptions(MockApiTest::mockOptions());
  }
};

std::string contentOf(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(SeedImageBatch, TheSeedsFiveIdsAreCreatedPolledAndEachImageIsItsOwn) {
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "A photorealistic portrait of an astronaut on Mars";
  const ImageBatch batch = client.generateImages(request);
  EXPECT_EQ(batch.jobid, seed::kImageBatchParentId);
  EXPECT_THAT(batch.jobids, ::testing::ElementsAreArray(seed::kImageJobIds));
  EXPECT_EQ(batch.created, seed::kCreated);
  EXPECT_EQ(client.listJobs().jobs.at(0).jobid, seed::kImageBatchParentId);

  const std::vector<Job> jobs = client.awaitJobs(batch.jobids, fastPolling());
  ASSERT_EQ(jobs.size(), 4u);
  TempFolder folder("luma-seed-ids");
  std::set<std::string> urls;
  std::set<std::string> contents;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    SCOPED_TRACE(seed::kImageJobIds[i]);
    EXPECT_EQ(jobs[i].jobid, seed::kImageJobIds[i]) << "each result under its own id";
    EXPECT_EQ(jobs[i].status, JobStatus::Completed);
    ASSERT_TRUE(jobs[i].image);
    urls.insert(jobs[i].image->url);
    // Named by the caller: the seed's ids give no name of their own (they share their stem).
    const auto dest = folder.path() / ("image-" + std::to_string(i) + ".png");
    EXPECT_GT(client.download(jobs[i].image->url, dest), 0u);
    contents.insert(contentOf(dest));
  }
  EXPECT_EQ(urls.size(), 4u) << "four images, four URLs";
  EXPECT_EQ(contents.size(), 4u) << "four different pictures saved";
  // The docs' GET /jobs/{jobid} page polls the batch's second image.
  EXPECT_EQ(client.getJob(seed::kImageJobIds[1]).jobid, seed::kImageJobIds[1]);
}

TEST_F(SeedVideo, TheSeedsVideoIdIsCreatedAndCompletes) {
  Client client(clientOptions());
  const Job created = client.generateVideo(videoRequest());
  EXPECT_EQ(created.jobid, seed::kVideoJobId);
  const Job done = client.awaitJob(created.jobid, fastPolling());
  EXPECT_EQ(done.jobid, seed::kVideoJobId);
  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_EQ(done.created, seed::kCreated);
  ASSERT_TRUE(done.video);
}

}  // namespace
}  // namespace useapi::luma::testing
