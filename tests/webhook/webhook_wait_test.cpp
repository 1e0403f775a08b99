// Waits on jobs created with a webhook, over loopback HTTP against the in-process luma-mock:
// ended by the callback (within 100 ms, after at most one confirming GET), polled only as a
// safety net, and deaf to callbacks on unknown paths.

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/mock_api_test.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/webhook_receiver.hpp"
#include "wait/wait_context.hpp"
#include "webhook/job_events.hpp"
#include "webhook/webhook_server.hpp"
#include "webhook/webhook_submission.hpp"

namespace useapi::luma::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr auto kCallbackLag = 100ms;

// Long enough that polling alone cannot explain a wait that ends right after the callback: with
// a webhook the first safety-net poll is a minute away, and without one the default first pause
// is 5 s.
constexpr auto kJobDuration = 1200ms;

milliseconds since(steady_clock::time_point start, steady_clock::time_point end) {
  return std::chrono::duration_cast<milliseconds>(end - start);
}

// Polls a real connection's getJob on the caller's thread: Connection's default waits.
class CallerThreadConnection : public Connection {
 public:
  explicit CallerThreadConnection(std::shared_ptr<Connection> real) : real_(std::move(real)) {}
  Job getJob(const std::string& jobid) override { return real_->getJob(jobid); }
  Job generateVideo(const VideoRequest& request) override { return real_->generateVideo(request); }

 private:
  std::shared_ptr<Connection> real_;
};

class WebhookWaits : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return kJobDuration; }

  // The options of a client whose generate* calls send `webhook_url` (plus a secret).
  ClientOptions webhookOptions(const std::string& webhook_url, bool confirm = true) const {
    ClientOptions options = clientOptions();
    options.webhook_url = webhook_url;
    options.confirm_webhooks = confirm;
    return options;
  }

  // How many times job `jobid` was polled (GET /jobs/{jobid}).
  std::size_t pollsOf(const std::string& jobid) const {
    std::size_t polls = 0;
    for (const auto& request : received("GET", "/jobs/")) {
      if (request.path == "/v1/luma/jobs/" + jobid) ++polls;
    }
    return polls;
  }

  // The replyUrl the mock received with the last generation request.
  std::string lastReplyUrl() const {
    std::string url;
    for (const auto& request : server_->requests()) {
      const auto at = request.body.find("\"replyUrl\":\"");
      if (request.method != "POST" || at == std::string::npos) continue;
      const auto start = at + 12;
      url = request.body.substr(start, request.body.find('"', start) - start);
    }
    return url;
  }

  static PollOptions patient() {
    PollOptions options;  // the default schedule: 5 s first, growing
    options.timeout = 20s;
    return options;
  }
};

TEST_F(WebhookWaits, AWaitEndsWithin100MsOfTheCallbackAfterOneConfirmingPoll) {
  Client client(clientOptions());
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());

  const Job job = client.generateVideo(videoRequest());
  const auto started = steady_clock::now();
  const Job done = client.awaitJob(job.jobid, patient());
  const auto returned = steady_clock::now();

  EXPECT_EQ(done.status, JobStatus::Completed);
  ASSERT_TRUE(done.video.has_value());
  const auto callback = hooks.waitFor("\"completed\"");
  ASSERT_EQ(callback.status, 200);
  EXPECT_LE(since(callback.arrived, returned), kCallbackLag);
  EXPECT_LT(since(started, returned), 3s) << "ended by a poll, not by the callback";
  EXPECT_EQ(pollsOf(job.jobid), 1U) << "one confirming GET; the goal is at most 2 per job";
  EXPECT_EQ(lastReplyUrl().rfind(hooks.url() + "/", 0), 0U);
}

TEST_F(WebhookWaits, WithoutConfirmationTheCallbackIsTheRecordAndNothingIsPolled) {
  Client unconfirmed(webhookOptions("http://unused.invalid/hooks", /*confirm=*/false));
  DeliveringServer own_hooks(unconfirmed);
  unconfirmed.setWebhookUrl(own_hooks.url());

  const Job job = unconfirmed.generateVideo(videoRequest());
  const Job done = unconfirmed.awaitJob(job.jobid, patient());
  const auto returned = steady_clock::now();

  EXPECT_EQ(done.status, JobStatus::Completed);
  ASSERT_TRUE(done.video.has_value());
  EXPECT_FALSE(done.video->url.empty());
  EXPECT_LE(since(own_hooks.waitFor("\"completed\"").arrived, returned), kCallbackLag);
  EXPECT_EQ(pollsOf(job.jobid), 0U);
}

TEST_F(WebhookWaits, AnImageBatchCallbackEndsTheWaitsOfItsFourImages) {
  Client client(clientOptions());
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());
  ImageRequest request;
  request.prompt = "four foxes";

  const ImageBatch batch = client.generateImages(request);
  const auto started = steady_clock::now();
  const std::vector<Job> images = client.awaitJobs(batch.jobids, patient());
  const auto returned = steady_clock::now();

  ASSERT_EQ(images.size(), 4U);
  for (const Job& image : images) {
    EXPECT_EQ(image.status, JobStatus::Completed);
    EXPECT_LE(pollsOf(image.jobid), 2U) << image.jobid;
  }
  EXPECT_LT(since(started, returned), 3s);
  EXPECT_LE(since(hooks.waitFor("\"completed\"").arrived, returned), 3 * kCallbackLag);
}

TEST_F(WebhookWaits, ACallbackToAnUnknownPathIs404AndHasNoEffect) {
  Client client(webhookOptions("http://127.0.0.1:9/hooks", /*confirm=*/false));
  const Job job = client.generateVideo(videoRequest());
  const std::string own_path = "/hooks/" + detail::secretOfPath(lastReplyUrl());

  std::string forged =
      R"({"jobid":")" + job.jobid +
      R"(","type":"video","status":"completed","created":"2026-01-01T00:00:00.000Z",)"
      R"("response":{"video":{"url":"http://evil.example/x.mp4"}}})";
  const std::vector<std::string> strangers = {"/hooks/" + detail::newWebhookSecret(), "/hooks/",
                                              "/", "", own_path + "x"};
  for (const auto& path : strangers) EXPECT_EQ(client.deliverWebhook(path, forged), 404) << path;
  EXPECT_EQ(client.deliverWebhook(own_path, "{not json"), 400);
  EXPECT_EQ(client.deliverWebhook(own_path, std::string(kMaxWebhookBytes + 1, ' ')), 400);

  PollOptions quick;
  quick.initial_interval = 50ms;
  quick.timeout = 300ms;
  EXPECT_THROW(client.awaitJob(job.jobid, quick), TimeoutError)
      << "a callback on an unknown path ended the wait";

  // The job's own path works, and says so.
  EXPECT_EQ(client.deliverWebhook(own_path, forged), 200);
  EXPECT_EQ(client.awaitJob(job.jobid, quick).video->url, "http://evil.example/x.mp4");
}

TEST_F(WebhookWaits, AForgedFinalCallbackIsNotTrustedWhenTheConfirmingPollDisagrees) {
  for (const bool caller_thread : {false, true}) {
    SCOPED_TRACE(caller_thread ? "caller-thread wait" : "I/O-thread wait");
    auto connection = makeConnection(clientOptions());
    Client client(caller_thread ? std::make_shared<CallerThreadConnection>(connection)
                                : connection);
    client.setWebhookUrl("http://127.0.0.1:9/hooks");  // the real callbacks go nowhere
    const Job job = client.generateVideo(videoRequest());
    const std::string own_path = "/hooks/" + detail::secretOfPath(lastReplyUrl());
    const std::string forged =
        R"({"jobid":")" + job.jobid +
        R"(","type":"video","status":"completed","created":"2026-01-01T00:00:00.000Z",)"
        R"("response":{"video":{"url":"http://evil.example/x.mp4"}}})";
    ASSERT_EQ(client.deliverWebhook(own_path, forged), 200);

    PollOptions options = fastPolling();
    options.timeout = 5s;  // the safety net alone would come a minute later
    const Job done = client.awaitJob(job.jobid, options);
    EXPECT_EQ(done.status, JobStatus::Completed);
    ASSERT_TRUE(done.video.has_value());
    EXPECT_EQ(done.video->url.find("evil"), std::string::npos) << "the forged record was taken";
    EXPECT_GE(pollsOf(job.jobid), 2U);
  }
}

TEST_F(WebhookWaits, ACallbackThatComesBeforeGenerateReturnsStillEndsTheWait) {
  Client client(clientOptions());
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());
  // The mock creates the job, then holds its answer past the job's end (and its callback).
  mock::Fault slow_answer;
  slow_answer.route = "POST /videos";
  slow_answer.status = 0;
  slow_answer.after_acting = true;
  slow_answer.stall_ms = static_cast<int>(kJobDuration.count()) + 800;
  server_->queueFault(slow_answer);

  const Job job = client.generateVideo(videoRequest());
  const auto callback = hooks.waitFor("\"completed\"");
  ASSERT_EQ(callback.status, 200);
  const auto generated = steady_clock::now();
  ASSERT_LT(callback.arrived, generated) << "the callback did not come first";

  const Job done = client.awaitJob(job.jobid, patient());
  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_LE(since(generated, steady_clock::now()), kCallbackLag);
  EXPECT_EQ(pollsOf(job.jobid), 1U);
}

TEST_F(WebhookWaits, AnAsyncWaitIsEndedByTheCallbackToo) {
  Client client(clientOptions());
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());

  const Job job = client.generateVideo(videoRequest());
  auto future = client.awaitJobAsync(job.jobid, patient());
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  const auto returned = steady_clock::now();
  EXPECT_EQ(future.get().status, JobStatus::Completed);
  EXPECT_LE(since(hooks.waitFor("\"completed\"").arrived, returned), kCallbackLag);
  EXPECT_EQ(pollsOf(job.jobid), 1U);
}

TEST_F(WebhookWaits, ARequestWithItsOwnReplyUrlKeepsIt) {
  Client client(webhookOptions("http://127.0.0.1:9/hooks"));
  VideoRequest request = videoRequest();
  request.reply_url = "http://127.0.0.1:9/mine";
  client.generateVideo(request);
  EXPECT_EQ(lastReplyUrl(), "http://127.0.0.1:9/mine");
}

TEST(WebhookUrl, MustBeHttpOrEmpty) {
  Client client(std::make_shared<Connection>());
  EXPECT_THROW(client.setWebhookUrl("ftp://x/hooks"), ValidationError);
  EXPECT_NO_THROW(client.setWebhookUrl("https://x/hooks"));
  EXPECT_NO_THROW(client.setWebhookUrl(""));
}

// The safety net: a job whose callback never comes is polled once it should have ended (the
// instant generate* returned + the expected duration + twice the spread), not before, and its
// wait ends then. Learned durations make "should have ended" short; each engine is tried.
class SafetyNet : public MockApiTest, public ::testing::WithParamInterface<bool> {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 300ms; }
};

TEST_P(SafetyNet, CatchesAJobWhoseCallbackWasLostOncePastItsExpectedEnd) {
  const bool caller_thread = GetParam();
  auto real = makeConnection(clientOptions());
  Client client(real);  // creates the job; its callback goes nowhere
  const Job job = client.generateVideo(videoRequest());

  auto context = std::make_shared<detail::WaitContext>();
  context->events = std::make_shared<detail::JobEvents>(/*confirm=*/true);
  const detail::JobKind kind = detail::kindOf(videoRequest());
  for (int i = 0; i < 20; ++i) context->durations->observe(kind, 600ms);
  {
    detail::WebhookSecret secret(*context->events);
    secret.bind({job.jobid}, kind);
  }
  const auto registered = steady_clock::now();

  std::shared_ptr<Connection> waiting =
      caller_thread ? std::make_shared<CallerThreadConnection>(real) : real;
  std::vector<Job> finals;
  {
    const detail::WaitContextScope scope(context);
    waiting->awaitEach(
        {job.jobid}, [&](const Job& final_record) { finals.push_back(final_record); },
        PollOptions{});
  }
  const auto returned = steady_clock::now();

  ASSERT_EQ(finals.size(), 1U);
  EXPECT_EQ(finals[0].status, JobStatus::Completed);
  const auto polls = received("GET", "/jobs/");
  ASSERT_EQ(polls.size(), 1U) << "polled before the expected end, or more than once";
  EXPECT_GE(since(registered, polls[0].received_at), 550ms);
  EXPECT_LT(since(registered, returned), 2s);
}

INSTANTIATE_TEST_SUITE_P(BothEngines, SafetyNet, ::testing::Values(false, true),
                         [](const auto& info) {
                           return info.param ? "CallerThreadWait" : "IoThreadWait";
                         });

}  // namespace
}  // namespace useapi::luma::testing

namespace useapi::luma::testing {
namespace {

class Receiver : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return kJobDuration; }
};

TEST_F(Receiver, FeedsTheClientSoThatItsWaitEndsOnTheCallback) {
  Client client(clientOptions());
  WebhookReceiver receiver(client);
  ASSERT_EQ(receiver.url(), "http://127.0.0.1:" + std::to_string(receiver.port()));

  const Job job = client.generateVideo(videoRequest());
  const auto started = steady_clock::now();
  PollOptions options;
  options.timeout = 20s;
  EXPECT_EQ(client.awaitJob(job.jobid, options).status, JobStatus::Completed);
  EXPECT_LT(since(started, steady_clock::now()), 3s);
  EXPECT_EQ(received("GET", "/jobs/").size(), 1U);
  for (const auto& delivery : server_->webhookDeliveries()) {
    EXPECT_EQ(delivery.status, 200);
    EXPECT_EQ(delivery.url.rfind(receiver.url() + "/", 0), 0U) << delivery.url;
  }
}

TEST_F(Receiver, AnswersStrangers404AndMalformedBodies400) {
  Client client(clientOptions());
  WebhookReceiver receiver(client);
  client.generateVideo(videoRequest());
  const std::string path = server_->requests().back().body;  // holds the replyUrl
  const auto at = path.find(receiver.url());
  ASSERT_NE(at, std::string::npos);
  const std::string own = path.substr(at + receiver.url().size(), 33);  // "/" + 32 hex digits

  httplib::Client http(receiver.url());
  const auto stranger = http.Post("/" + detail::newWebhookSecret(), "{}", "application/json");
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->status, 404);
  const auto malformed = http.Post(own, "{\"jobid\": [", "application/json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
}

TEST_F(Receiver, AdvertisesItsPublicUrlAndRefusesATakenPort) {
  Client client(clientOptions());
  WebhookReceiverOptions options;
  options.public_url = "https://hooks.example/luma/";
  WebhookReceiver receiver(client, options);
  EXPECT_EQ(receiver.url(), "https://hooks.example/luma");
  VideoRequest request = videoRequest();
  client.generateVideo(request);
  EXPECT_NE(server_->requests().back().body.find(R"("replyUrl":"https://hooks.example/luma/)"),
            std::string::npos);

  WebhookReceiverOptions taken;
  taken.port = receiver.port();
  EXPECT_THROW(WebhookReceiver(client, taken), Error);
}

}  // namespace
}  // namespace useapi::luma::testing
