// Callbacks as the mock sends them to a replyUrl, parsed with parseWebhook and confirmed.

#include <gmock/gmock.h>

#include <thread>

#include "support/mock_api_test.hpp"
#include "support/webhook_receiver.hpp"

namespace useapi::luma::testing {
namespace {

class WebhookDelivery : public MockApiTest {};

TEST_F(WebhookDelivery, VideoCallbacksArriveOnSubmissionAndCompletionWithReplyRef) {
  WebhookReceiver receiver;
  Client client(clientOptions());
  VideoRequest request = videoRequest();
  request.reply_url = receiver.url();
  request.reply_ref = "order-17";
  const std::string jobid = client.generateVideo(request).jobid;

  const auto callbacks = receiver.waitFor(2);
  ASSERT_EQ(callbacks.size(), 2u);
  const WebhookEvent submitted = parseWebhook(callbacks[0].body);
  const WebhookEvent finished = parseWebhook(callbacks[1].body);
  EXPECT_EQ(submitted.job.jobid, jobid);
  EXPECT_FALSE(submitted.job.isFinal());
  EXPECT_EQ(finished.job.status, JobStatus::Completed);
  EXPECT_EQ(finished.reply_ref, "order-17");
  ASSERT_TRUE(finished.job.video);
  EXPECT_TRUE(finished.images.empty());
  EXPECT_EQ(client.getJob(finished.job.jobid).status, JobStatus::Completed) << "confirmed";
}

TEST_F(WebhookDelivery, ImageBatchCallbackWrapsItsImages) {
  WebhookReceiver receiver;
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "a batch";
  request.reply_url = receiver.url();
  request.reply_ref = "batch-9";
  const ImageBatch batch = client.generateImages(request);

  const auto callbacks = receiver.waitFor(2);
  ASSERT_EQ(callbacks.size(), 2u);
  const WebhookEvent finished = parseWebhook(callbacks[1].body);
  EXPECT_EQ(finished.job.jobid, batch.jobid);
  EXPECT_EQ(finished.job.status, JobStatus::Completed);
  EXPECT_EQ(finished.reply_ref, "batch-9");
  ASSERT_EQ(finished.images.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(finished.images[i].jobid, batch.jobids[i]);
    ASSERT_TRUE(finished.images[i].image);
  }
}

// Whether the API calls back on submission is not settled by the docs: with only the final
// callback, it alone carries the result.
class WebhookDeliveryWhenFinalOnly : public MockApiTest {
 protected:
  bool webhookOnSubmission() const override { return false; }
};

TEST_F(WebhookDeliveryWhenFinalOnly, TheOneCallbackIsTheFinalRecord) {
  WebhookReceiver receiver;
  Client client(clientOptions());
  VideoRequest request = videoRequest();
  request.reply_url = receiver.url();
  request.reply_ref = "order-18";
  const std::string jobid = client.generateVideo(request).jobid;
  EXPECT_EQ(client.awaitJob(jobid, fastPolling()).status, JobStatus::Completed);

  auto callbacks = receiver.waitFor(1);
  std::this_thread::sleep_for(100ms);  // time for a callback too many to arrive
  callbacks = receiver.waitFor(1);
  ASSERT_EQ(callbacks.size(), 1u) << "no callback on submission";
  const WebhookEvent event = parseWebhook(callbacks[0].body);
  EXPECT_EQ(event.job.jobid, jobid);
  EXPECT_EQ(event.job.status, JobStatus::Completed);
  EXPECT_EQ(event.reply_ref, "order-18");
  EXPECT_TRUE(event.job.video);
}

}  // namespace
}  // namespace useapi::luma::testing
