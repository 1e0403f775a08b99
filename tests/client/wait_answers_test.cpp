// Answers no later poll can mend end a wait at once, through every kind of wait: a 3xx, a 2xx
// that holds no readable job record, another job's record. (Deadlines, Retry-After during a wait
// and timeouts up to milliseconds::max() are tested in simulated time:
// tests/connection/simulated_timing_test.cpp.)

#include <gmock/gmock.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "support/hostile_server.hpp"
#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// One way of waiting for a single job: returns its final record or throws what the wait threw.
struct WaitKind {
  const char* name;
  std::function<Job(Client&, const std::string&, const PollOptions&)> wait;
};

const std::vector<WaitKind>& waitKinds() {
  static const std::vector<WaitKind> kinds = {
      {"awaitJob",
       [](Client& c, const std::string& id, const PollOptions& o) { return c.awaitJob(id, o); }},
      {"awaitJobs", [](Client& c, const std::string& id,
                       const PollOptions& o) { return c.awaitJobs({id}, o).front(); }},
      {"awaitEach",
       [](Client& c, const std::string& id, const PollOptions& o) {
         Job last;
         c.awaitEach(
             {id}, [&](const Job& job) { last = job; }, o);
         return last;
       }},
      {"awaitJobAsync",
       [](Client& c, const std::string& id, const PollOptions& o) {
         auto future = c.awaitJobAsync(id, o);
         // A bound of its own, so that a wait that does not end fails instead of hanging.
         if (future.wait_for(30s) != std::future_status::ready) {
           throw std::runtime_error("awaitJobAsync did not end within 30 s");
         }
         return future.get();
       }},
  };
  return kinds;
}

class WaitAnswers : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 60s; }

  // Polls every 30 ms for up to 4 s: a wait that goes on polling ends in a TimeoutError.
  static PollOptions boundedPolling() {
    PollOptions options = fastPolling();
    options.timeout = 4s;
    return options;
  }
};

// A fault answering every poll of `jobid` (and only those) with `status` and `body`.
mock::Fault everyPollOf(const std::string& jobid, int status, std::string body,
                        std::string content_type = "application/json") {
  mock::Fault answer = fault("GET /jobs/" + jobid, status, std::move(body), 1000);
  answer.content_type = std::move(content_type);
  return answer;
}

TEST_F(WaitAnswers, AnAnswerNoPollCanMendEndsEveryKindOfWaitAtOnce) {
  struct Case {
    const char* name;
    int status;
    std::string body;
    std::string content_type;
    std::vector<std::string> said;  // each appears in the error's text
  };
  const std::vector<Case> cases = {
      {"302 redirect", 302, "", "text/html", {"302", "redirect"}},
      {"301 redirect with a body", 301, R"({"error":"moved"})", "application/json", {"301"}},
      {"307 redirect", 307, "", "text/plain", {"307"}},
      {"2xx HTML page of a proxy", 200, "<html><body>Welcome</body></html>", "text/html", {}},
      {"2xx empty body", 200, "", "application/json", {}},
      {"2xx JSON that is no object", 200, "[1,2,3]", "application/json", {}},
      {"2xx record without a jobid",
       200,
       R"({"status":"completed","type":"video"})",
       "application/json",
       {"without a jobid"}},
  };
  Client client(clientOptions());
  for (const Case& test : cases) {
    for (const WaitKind& kind : waitKinds()) {
      const std::string jobid = client.generateVideo(videoRequest()).jobid;
      server_->queueFault(everyPollOf(jobid, test.status, test.body, test.content_type));
      const auto started = Clock::now();
      try {
        kind.wait(client, jobid, boundedPolling());
        ADD_FAILURE() << test.name << ", " << kind.name << ": the wait returned a record";
      } catch (const TimeoutError& error) {
        ADD_FAILURE() << test.name << ", " << kind.name
                      << ": polled to the deadline instead of ending: " << error.what();
      } catch (const Error& error) {
        const std::string what = error.what();
        EXPECT_THAT(what, HasSubstr(jobid)) << test.name << ", " << kind.name;
        for (const auto& part : test.said) {
          EXPECT_THAT(what, HasSubstr(part)) << test.name << ", " << kind.name;
        }
        if (test.status >= 300 && test.status <= 399) {
          EXPECT_NE(dynamic_cast<const ApiError*>(&error), nullptr) << what;
        } else {
          EXPECT_NE(dynamic_cast<const TransportError*>(&error), nullptr) << what;
        }
      } catch (const std::exception& error) {
        ADD_FAILURE() << test.name << ", " << kind.name << ": " << error.what();
      }
      EXPECT_LT(Clock::now() - started, 2s) << test.name << ", " << kind.name;
      server_->clearFaults();
    }
  }
}

TEST_F(WaitAnswers, AnotherJobsRecordIsAnErrorNamingBothIdsNeverTheResult) {
  Client client(clientOptions());
  const std::string other = client.generateVideo(videoRequest("the other job")).jobid;
  const std::string others_record = client.getJob(other).raw;
  ASSERT_THAT(others_record, HasSubstr(other));
  for (const WaitKind& kind : waitKinds()) {
    const std::string jobid = client.generateVideo(videoRequest()).jobid;
    ASSERT_NE(jobid, other);
    server_->queueFault(everyPollOf(jobid, 200, others_record));
    const auto started = Clock::now();
    try {
      const Job job = kind.wait(client, jobid, boundedPolling());
      ADD_FAILURE() << kind.name << " took job " << job.jobid << "'s record as " << jobid << "'s";
    } catch (const TransportError& error) {
      EXPECT_THAT(error.what(), HasSubstr(jobid)) << kind.name;
      EXPECT_THAT(error.what(), HasSubstr(other)) << kind.name;
      EXPECT_THAT(error.what(), HasSubstr("another job")) << kind.name;
    } catch (const std::exception& error) {
      ADD_FAILURE() << kind.name << ": " << error.what();
    }
    EXPECT_LT(Clock::now() - started, 2s) << kind.name;
    server_->clearFaults();
  }
  // A completed record of the other job, too, is never this job's result.
  server_->queueFault(everyPollOf(other + "-not", 200, others_record));
  EXPECT_THROW(client.getJob(other + "-not"), TransportError);
}

TEST(WaitStalls, OneStalledPollHoldsNoOtherWaitOfTheClient) {
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  std::atomic<int> stalled_polls{0};
  HostileServer server([&](const httplib::Request& req, httplib::Response& res) {
    const std::string jobid = req.path.substr(req.path.rfind('/') + 1);
    if (jobid == "j-stalled") {
      ++stalled_polls;
      std::unique_lock<std::mutex> lock(mutex);
      released.wait_for(lock, 30s, [&] { return release; });
    }
    res.set_content(R"({"jobid":")" + jobid + R"(","type":"video","status":"completed"})",
                    "application/json");
  });
  const auto releaseTheStall = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
    released.notify_all();
  };
  // However the test ends, the stalled handler is released before the server stops.
  struct ReleaseOnExit {
    std::function<void()> release;
    ~ReleaseOnExit() { release(); }
  } release_on_exit{releaseTheStall};
  {
    ClientOptions options;
    options.api_token = kTestToken;
    options.base_url = server.origin() + "/v1/luma";
    Client client(options);
    PollOptions stalled_wait;
    stalled_wait.timeout = 30s;
    auto stalled = client.awaitJobAsync("j-stalled", stalled_wait);
    const auto started = Clock::now();
    while (stalled_polls.load() == 0 && Clock::now() - started < 5s) {
      std::this_thread::sleep_for(5ms);
    }
    ASSERT_EQ(stalled_polls.load(), 1);

    PollOptions quick_wait;
    quick_wait.timeout = 3s;
    const auto waiting = Clock::now();
    std::vector<std::future<Job>> quick;
    for (int i = 0; i < 3; ++i) {
      quick.push_back(client.awaitJobAsync("j-quick-" + std::to_string(i), quick_wait));
    }
    EXPECT_EQ(client.awaitJob("j-quick", quick_wait).status, JobStatus::Completed);
    for (auto& future : quick) EXPECT_EQ(future.get().status, JobStatus::Completed);
    EXPECT_LT(Clock::now() - waiting, 1s) << "the other waits queued behind the stalled poll";
    releaseTheStall();
    EXPECT_EQ(stalled.get().status, JobStatus::Completed);
  }
}

}  // namespace
}  // namespace useapi::luma::testing
