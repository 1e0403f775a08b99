// Callbacks as the mock sends them to a replyUrl, parsed with parseWebhook and confirmed.

#include <httplib.h>

#include <gmock/gmock.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

// An in-test receiver of webhook callbacks on a loopback port.
class Receiver {
 public:
  Receiver() {
    server_.set_tcp_nodelay(true);
    server_.Post("/hook", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      bodies_.push_back(request.body);
      arrived_.notify_all();
      response.status = 200;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

  /// Waits until `count` callbacks arrived (or 10 s passed) and returns them.
  std::vector<std::string> waitFor(std::size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(10), [&] { return bodies_.size() >= count; });
    return bodies_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::string> bodies_;
};

class WebhookDelivery : public MockApiTest {};

TEST_F(WebhookDelivery, VideoCallbacksArriveOnSubmissionAndCompletionWithReplyRef) {
  Receiver receiver;
  Client client(clientOptions());
  VideoRequest request = videoRequest();
  request.reply_url = receiver.url();
  request.reply_ref = "order-17";
  const std::string jobid = client.generateVideo(request).jobid;

  const auto bodies = receiver.waitFor(2);
  ASSERT_EQ(bodies.size(), 2u);
  const WebhookEvent submitted = parseWebhook(bodies[0]);
  const WebhookEvent finished = parseWebhook(bodies[1]);
  EXPECT_EQ(submitted.job.jobid, jobid);
  EXPECT_FALSE(submitted.job.isFinal());
  EXPECT_EQ(finished.job.status, JobStatus::Completed);
  EXPECT_EQ(finished.reply_ref, "order-17");
  ASSERT_TRUE(finished.job.video);
  EXPECT_TRUE(finished.images.empty());
  EXPECT_EQ(client.getJob(finished.job.jobid).status, JobStatus::Completed) << "confirmed";
}

TEST_F(WebhookDelivery, ImageBatchCallbackWrapsItsImages) {
  Receiver receiver;
  Client client(clientOptions());
  ImageRequest request;
  request.prompt = "a batch";
  request.reply_url = receiver.url();
  request.reply_ref = "batch-9";
  const ImageBatch batch = client.generateImages(request);

  const auto bodies = receiver.waitFor(2);
  ASSERT_EQ(bodies.size(), 2u);
  const WebhookEvent finished = parseWebhook(bodies[1]);
  EXPECT_EQ(finished.job.jobid, batch.jobid);
  EXPECT_EQ(finished.job.status, JobStatus::Completed);
  EXPECT_EQ(finished.reply_ref, "batch-9");
  ASSERT_EQ(finished.images.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(finished.images[i].jobid, batch.jobids[i]);
    ASSERT_TRUE(finished.images[i].image);
  }
}

}  // namespace
}  // namespace useapi::luma::testing
