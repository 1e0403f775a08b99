// luma-mock's callback faults (delayed, duplicated, reordered, dropped, a dead receiver retried 3
// times 100 ms apart), and how webhook-fed waits cope with each.

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/mock_api_test.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/webhook.hpp"
#include "wait/wait_context.hpp"
#include "webhook/job_events.hpp"
#include "webhook/webhook_server.hpp"
#include "webhook/webhook_submission.hpp"

namespace useapi::luma::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

milliseconds since(steady_clock::time_point start, steady_clock::time_point end) {
  return std::chrono::duration_cast<milliseconds>(end - start);
}

mock::CallbackFault callbackFault(std::string kind, int delay_ms = 200) {
  mock::CallbackFault fault;
  fault.kind = std::move(kind);
  fault.delay_ms = delay_ms;
  return fault;
}

class CallbackFaults : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 600ms; }

  std::size_t pollsOf(const std::string& jobid) const {
    std::size_t polls = 0;
    for (const auto& request : received("GET", "/jobs/")) {
      if (request.path == "/v1/luma/jobs/" + jobid) ++polls;
    }
    return polls;
  }

  // The mock's record of the final callbacks sent so far.
  std::vector<mock::WebhookDelivery> finalDeliveries(std::size_t at_least) const {
    std::vector<mock::WebhookDelivery> found;
    const auto give_up = steady_clock::now() + 5s;
    while (steady_clock::now() < give_up) {
      found.clear();
      for (const auto& delivery : server_->webhookDeliveries()) {
        if (delivery.body.find(R"("status":"created")") == std::string::npos) {
          found.push_back(delivery);
        }
      }
      if (found.size() >= at_least) break;
      std::this_thread::sleep_for(10ms);
    }
    return found;
  }

  static PollOptions patient(milliseconds timeout = 20s) {
    PollOptions options;
    options.timeout = timeout;
    return options;
  }
};

TEST_F(CallbackFaults, ADelayedCallbackStillEndsTheWaitWithin100MsOfItsArrival) {
  server_->queueCallbackFault(callbackFault("delay", 700));
  Client client(clientOptions());
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());

  const Job job = client.generateVideo(videoRequest());
  const auto started = steady_clock::now();
  client.awaitJob(job.jobid, patient());
  const auto returned = steady_clock::now();
  const auto callback = hooks.waitFor("\"completed\"");
  EXPECT_GE(since(started, returned), 1100ms) << "ended before the delayed callback";
  EXPECT_LE(since(callback.arrived, returned), 100ms);
  EXPECT_EQ(pollsOf(job.jobid), 1U);
}

TEST_F(CallbackFaults, ADuplicatedCallbackIsDroppedAndCostsNoSecondPoll) {
  server_->queueCallbackFault(callbackFault("duplicate", 100));
  Client client(clientOptions());
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());
  int updates = 0;
  PollOptions options = patient();
  options.on_update = [&](const Job&) { ++updates; };

  const Job job = client.generateVideo(videoRequest());
  EXPECT_EQ(client.awaitJob(job.jobid, options).status, JobStatus::Completed);
  const auto second = hooks.waitFor("\"completed\"", 2);
  EXPECT_EQ(second.status, 200) << "a duplicate is accepted (and ignored)";
  // A wait started after both still needs only its confirming GET, and gets the final record.
  EXPECT_EQ(client.awaitJob(job.jobid, options).status, JobStatus::Completed);
  EXPECT_EQ(pollsOf(job.jobid), 2U) << "one confirming GET per wait, none for the duplicate";
  EXPECT_EQ(updates, 2) << "each wait saw the job's status change once";
}

TEST_F(CallbackFaults, AStaleCallbackAfterTheFinalOneIsDropped) {
  server_->queueCallbackFault(callbackFault("reorder", 100));
  ClientOptions options = clientOptions();
  options.confirm_webhooks = false;  // the callbacks alone decide
  Client client(options);
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());

  const Job job = client.generateVideo(videoRequest());
  EXPECT_EQ(client.awaitJob(job.jobid, patient()).status, JobStatus::Completed);
  const auto stale = hooks.waitFor("\"processing\"");
  ASSERT_EQ(stale.status, 200);
  // Had the stale one been taken, the job would look running again and this wait would time out.
  EXPECT_EQ(client.awaitJob(job.jobid, patient(500ms)).status, JobStatus::Completed);
  EXPECT_EQ(pollsOf(job.jobid), 0U);
}

TEST_F(CallbackFaults, ACallbackToADeadReceiverIsRetriedThreeTimes100MsApart) {
  mock::CallbackFault dead = callbackFault("dead");
  dead.dead_attempts = 4;  // every attempt: the callback is lost
  server_->queueCallbackFault(dead);
  VideoRequest request = videoRequest();
  request.reply_url = "http://127.0.0.1:9/hooks/x";
  Client client(clientOptions());
  client.generateVideo(request);

  const auto deliveries = finalDeliveries(1);
  ASSERT_EQ(deliveries.size(), 1U);
  const auto& lost = deliveries.front();
  EXPECT_EQ(lost.attempts, 4);
  ASSERT_EQ(lost.attempted_at.size(), 4U);
  for (std::size_t i = 1; i < lost.attempted_at.size(); ++i) {
    const auto pause = since(lost.attempted_at[i - 1], lost.attempted_at[i]);
    EXPECT_GE(pause, 100ms);
    EXPECT_LT(pause, 250ms);
  }
  EXPECT_EQ(lost.status, 0);
  EXPECT_EQ(lost.fault, "dead");
}

TEST_F(CallbackFaults, AReceiverThatComesBackInTimeGetsTheRetriedCallback) {
  mock::CallbackFault dead = callbackFault("dead");
  dead.dead_attempts = 2;  // the third attempt arrives
  server_->queueCallbackFault(dead);
  Client client(clientOptions());
  DeliveringServer hooks(client);
  client.setWebhookUrl(hooks.url());

  const Job job = client.generateVideo(videoRequest());
  client.awaitJob(job.jobid, patient());
  const auto returned = steady_clock::now();
  const auto callback = hooks.waitFor("\"completed\"");
  EXPECT_EQ(callback.status, 200);
  EXPECT_LE(since(callback.arrived, returned), 100ms);
  const auto deliveries = finalDeliveries(1);
  ASSERT_FALSE(deliveries.empty());
  EXPECT_EQ(deliveries.back().attempts, 3);
}

TEST_F(CallbackFaults, TheControlRouteQueuesThemAndRefusesUnknownKinds) {
  httplib::Client control(origin());
  const auto queued =
      control.Post("/__mock/callback-faults", R"({"kind":"drop","times":2})", "application/json");
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, 200);
  const auto refused =
      control.Post("/__mock/callback-faults", R"({"kind":"teleport"})", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  const auto wrong_type =
      control.Post("/__mock/callback-faults", R"({"kind":"drop","times":"x"})", "application/json");
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(wrong_type->status, 400);
}

// A dropped callback, or one lost to a dead receiver, is caught by the safety net: one poll once
// the job should have ended. The durations are learned short (600 ms), so the net comes soon.
class LostCallbacks : public CallbackFaults, public ::testing::WithParamInterface<const char*> {};

TEST_P(LostCallbacks, AreCaughtByOneSafetyNetPollPastTheExpectedEnd) {
  server_->queueCallbackFault(callbackFault(GetParam()));
  auto context = std::make_shared<detail::WaitContext>();
  context->events = std::make_shared<detail::JobEvents>(/*confirm=*/true);
  const detail::JobKind kind = detail::kindOf(videoRequest());
  for (int i = 0; i < 20; ++i) context->durations->observe(kind, 900ms);
  auto events = context->events;
  DeliveringServer hooks([events](const std::string& path, const std::string& body) {
    const auto outcome = events->deliver(detail::secretOfPath(path), parseWebhook(body));
    return outcome == detail::JobEvents::Outcome::Accepted ? 200 : 404;
  });

  auto connection = makeConnection(clientOptions());
  Client client(connection);
  std::string jobid;
  {
    detail::WebhookSecret secret(*events);
    VideoRequest request = videoRequest();
    request.reply_url = secret.replyUrl(hooks.url());
    jobid = client.generateVideo(request).jobid;
    secret.bind({jobid}, kind);
  }
  const auto created = steady_clock::now();
  std::vector<Job> finals;
  {
    const detail::WaitContextScope scope(context);
    connection->awaitEach(
        {jobid}, [&](const Job& job) { finals.push_back(job); }, patient());
  }
  const auto returned = steady_clock::now();

  ASSERT_EQ(finals.size(), 1U);
  EXPECT_EQ(finals[0].status, JobStatus::Completed);
  EXPECT_EQ(pollsOf(jobid), 1U);
  EXPECT_GE(since(created, returned), 850ms) << "polled before the expected end";
  EXPECT_LT(since(created, returned), 3s);
  const auto deliveries = finalDeliveries(1);
  ASSERT_FALSE(deliveries.empty());
  EXPECT_EQ(deliveries.back().fault, GetParam());
  for (const auto& delivery : hooks.deliveries()) {
    EXPECT_EQ(delivery.body.find("\"completed\""), std::string::npos) << "it was not lost";
  }
}

INSTANTIATE_TEST_SUITE_P(DroppedOrDead, LostCallbacks, ::testing::Values("drop", "dead"));

}  // namespace
}  // namespace useapi::luma::testing
