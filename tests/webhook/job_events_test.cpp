// JobEvents: secrets, the per-job state machine, early callbacks, subscriptions.

#include "webhook/job_events.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "webhook/webhook_submission.hpp"

namespace useapi::luma::detail {
namespace {

Job record(const std::string& jobid, JobStatus status) {
  Job job;
  job.jobid = jobid;
  job.status = status;
  job.status_text = std::string(toString(status));
  return job;
}

WebhookEvent eventOf(const std::string& jobid, JobStatus status) {
  WebhookEvent event;
  event.job = record(jobid, status);
  return event;
}

JobKind videoKind() {
  JobKind kind;
  kind.type = JobType::Video;
  return kind;
}

// Each status a subscriber saw for `jobid`.
struct Seen {
  std::vector<std::string> statuses;
  JobEvents::Subscription subscription;
};

TEST(WebhookSecrets, AreLongRandomHexAndNeverRepeat) {
  std::set<std::string> secrets;
  for (int i = 0; i < 1000; ++i) {
    const std::string secret = newWebhookSecret();
    EXPECT_EQ(secret.size(), 32U);  // 128 bits
    EXPECT_EQ(secret.find_first_not_of("0123456789abcdef"), std::string::npos);
    secrets.insert(secret);
  }
  EXPECT_EQ(secrets.size(), 1000U);
}

TEST(WebhookSecrets, ComeFromTheLastSegmentOfThePath) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/hooks/abc", "abc"},     {"/abc", "abc"}, {"abc", "abc"}, {"/hooks/abc/", "abc"},
      {"/hooks/abc?x=1", "abc"}, {"/", ""},       {"", ""},
  };
  for (const auto& [path, secret] : cases) EXPECT_EQ(secretOfPath(path), secret) << path;
}

TEST(JobEventsState, MovesOnlyForwardAndDropsDuplicatesAndLateCallbacks) {
  JobEvents events(/*confirm=*/true);
  const std::string secret = events.open();
  events.bind(secret, {"j1"}, videoKind());
  std::vector<std::string> seen;
  auto subscription =
      events.subscribe("j1", [&](const Job& job) { seen.push_back(job.status_text); });

  const std::vector<JobStatus> arriving = {JobStatus::Created,   JobStatus::Created,
                                           JobStatus::Completed, JobStatus::Processing,
                                           JobStatus::Completed, JobStatus::Failed};
  for (JobStatus status : arriving) {
    EXPECT_EQ(events.deliver(secret, eventOf("j1", status)), JobEvents::Outcome::Accepted);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"created", "completed"}));
}

TEST(JobEventsState, UnknownSecretHasNoEffect) {
  JobEvents events(true);
  const std::string secret = events.open();
  events.bind(secret, {"j1"}, videoKind());
  std::vector<std::string> seen;
  auto subscription = events.subscribe("j1", [&](const Job& job) { seen.push_back(job.jobid); });
  EXPECT_EQ(events.deliver(newWebhookSecret(), eventOf("j1", JobStatus::Completed)),
            JobEvents::Outcome::UnknownSecret);
  EXPECT_EQ(events.deliver(secret, eventOf("j2", JobStatus::Completed)),
            JobEvents::Outcome::NotItsJob);
  EXPECT_TRUE(seen.empty());
}

TEST(JobEventsState, CallbackBeforeGenerateReturnsIsHeldThenCheckedAndApplied) {
  JobEvents events(true);
  const std::string secret = events.open();
  // Before bind(): accepted, not yet applied.
  EXPECT_EQ(events.deliver(secret, eventOf("j1", JobStatus::Completed)),
            JobEvents::Outcome::Accepted);
  EXPECT_EQ(events.deliver(secret, eventOf("stranger", JobStatus::Completed)),
            JobEvents::Outcome::Accepted);
  events.bind(secret, {"j1"}, videoKind());
  std::vector<std::string> seen;
  auto one = events.subscribe("j1", [&](const Job& job) { seen.push_back(job.jobid); });
  auto other = events.subscribe("stranger", [&](const Job& job) { seen.push_back(job.jobid); });
  EXPECT_EQ(seen, (std::vector<std::string>{"j1"}));  // the stranger's was dropped
  EXPECT_TRUE(events.registration("j1").has_value());
  EXPECT_FALSE(events.registration("stranger").has_value());
}

TEST(JobEventsState, ImageBatchCallbackSettlesItsFourImages) {
  JobEvents events(true);
  const std::string secret = events.open();
  const std::vector<std::string> images = {"i1", "i2", "i3", "i4"};
  events.bind(secret, {"parent", "i1", "i2", "i3", "i4"}, videoKind());
  std::vector<std::string> seen;
  std::vector<JobEvents::Subscription> subscriptions;
  for (const auto& id : images) {
    subscriptions.push_back(events.subscribe(id, [&](const Job& job) {
      if (job.isFinal()) seen.push_back(job.jobid);
    }));
  }
  WebhookEvent batch = eventOf("parent", JobStatus::Completed);
  for (const auto& id : images) batch.images.push_back(record(id, JobStatus::Completed));
  EXPECT_EQ(events.deliver(secret, batch), JobEvents::Outcome::Accepted);
  EXPECT_EQ(seen, images);
}

TEST(JobEventsState, LateSubscriberGetsTheLatestCallbackAtOnce) {
  JobEvents events(true);
  const std::string secret = events.open();
  events.bind(secret, {"j1"}, videoKind());
  events.deliver(secret, eventOf("j1", JobStatus::Processing));
  events.deliver(secret, eventOf("j1", JobStatus::Completed));
  std::vector<std::string> seen;
  auto subscription =
      events.subscribe("j1", [&](const Job& job) { seen.push_back(job.status_text); });
  EXPECT_EQ(seen, (std::vector<std::string>{"completed"}));
}

TEST(JobEventsState, NoListenerIsCalledAfterItsSubscriptionEnds) {
  JobEvents events(true);
  const std::string secret = events.open();
  events.bind(secret, {"j1"}, videoKind());
  int calls = 0;
  {
    auto subscription = events.subscribe("j1", [&](const Job&) { ++calls; });
  }
  events.deliver(secret, eventOf("j1", JobStatus::Completed));
  EXPECT_EQ(calls, 0);
}

TEST(JobEventsState, AFailedPostForgetsItsSecret) {
  JobEvents events(true);
  std::string secret;
  {
    const WebhookSecret call(events);
    secret = secretOfPath(call.replyUrl("http://x/hooks"));
    EXPECT_TRUE(events.knows(secret));
  }  // never bound: the POST threw
  EXPECT_FALSE(events.knows(secret));
}

}  // namespace
}  // namespace useapi::luma::detail
