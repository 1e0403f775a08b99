// A Client on the real connection, over real loopback HTTP, in simulated time: Retry-After and
// backoff between attempts, the rate budget's spacing, wait deadlines and hours of polling,
// each request at its exact simulated instant, in milliseconds of real time.

#include <gmock/gmock.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "connection/simulated_api.hpp"
#include "support/temp_folder.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// Real time a test may take, however much simulated time it covers.
constexpr auto kRealBound = 3s;

class SimulatedTiming : public SimulatedClientTest {
 protected:
  ~SimulatedTiming() override {
    EXPECT_LT(Clock::now() - real_start_, kRealBound) << "simulated time ran in real time";
  }
};

TEST_F(SimulatedTiming, RetryAfterIsHonouredExactlyThenTheBackoffDoubles) {
  const std::string jobid = seed::kVideoJobId;
  api_.script("GET /jobs/" + jobid, {{429, R"({"error":"busy"})", 30},
                                     {503, R"({"error":"down"})"},
                                     {503, R"({"error":"down"})"}});
  Client client = this->client(clientOptions());
  EXPECT_EQ(client.getJob(jobid).jobid, jobid);
  // Retry-After: 30 over a 100 ms backoff; then 200 ms and 400 ms of backoff, exactly.
  EXPECT_THAT(arrivals(), ElementsAre(0, 30000, 30200, 30600));
}

TEST_F(SimulatedTiming, APostRetriedOn429WaitsItsRetryAfterAndCreatesOneJob) {
  api_.script("POST /videos", {{429, R"({"error":"full","code":429})", 7}});
  Client client = this->client(clientOptions());
  VideoRequest request;
  request.prompt = "a fox";
  EXPECT_FALSE(client.generateVideo(request).jobid.empty());
  EXPECT_THAT(arrivals("POST /videos"), ElementsAre(0, 7000));
}

TEST_F(SimulatedTiming, ARetryAfterIsCappedAtSixtySeconds) {
  const std::string jobid = seed::kVideoJobId;
  api_.script("GET /jobs/" + jobid, {{429, R"({"error":"busy"})", 3600}});
  Client client = this->client(clientOptions());
  client.getJob(jobid);
  EXPECT_THAT(arrivals(), ElementsAre(0, 60000));
}

// Every kind of request waits out a 429's Retry-After exactly, on the caller's thread or the
// I/O thread, and is sent once more.
struct RetryAfterCase {
  const char* name;
  std::string route;
  std::function<void(Client&, SimulatedApi&, const TempFolder&)> call;
};

// GoogleTest looks this printer up by its name.
void PrintTo(const RetryAfterCase& c, std::ostream* os) {  // NOLINT(readability-identifier-naming)
  *os << c.name;
}

class SimulatedRetryAfter : public SimulatedTiming,
                            public ::testing::WithParamInterface<RetryAfterCase> {};

TEST_P(SimulatedRetryAfter, ARequestAnswered429IsSentAgainExactlyItsRetryAfterLater) {
  const RetryAfterCase& c = GetParam();
  const TempFolder folder("simulated-retry-after");
  api_.script(c.route, {{429, R"({"error":"busy","code":429})", 9}});
  Client client = this->client(clientOptions());
  const auto before = arrivals(c.route).size();
  c.call(client, api_, folder);
  const auto at = arrivals(c.route);
  ASSERT_EQ(at.size(), before + 2) << "the 429, then one more";
  EXPECT_EQ(at[before + 1] - at[before], 9000);
}

const std::string kSomeJob = seed::kVideoJobId;

INSTANTIATE_TEST_SUITE_P(
    EveryKindOfRequest, SimulatedRetryAfter,
    ::testing::Values(
        RetryAfterCase{"Submit", "POST /videos",
                       [](Client& client, SimulatedApi&, const TempFolder&) {
                         VideoRequest request;
                         request.prompt = "a fox";
                         client.generateVideo(request);
                       }},
        RetryAfterCase{
            "GetJob", "GET /jobs/" + kSomeJob,
            [](Client& client, SimulatedApi&, const TempFolder&) { client.getJob(kSomeJob); }},
        RetryAfterCase{"Poll", "GET /jobs/" + kSomeJob,
                       [](Client& client, SimulatedApi&, const TempFolder&) {
                         PollOptions options;
                         options.timeout = std::chrono::hours(1);
                         client.awaitJob(kSomeJob, options);
                       }},
        RetryAfterCase{
            "Delete", "DELETE /jobs/" + kSomeJob,
            [](Client& client, SimulatedApi&, const TempFolder&) { client.deleteJob(kSomeJob); }},
        RetryAfterCase{"Upload", "POST /assets/a@b.c",
                       [](Client& client, SimulatedApi&, const TempFolder&) {
                         client.uploadAsset("a@b.c", std::string("\x89PNG\r\n\x1a\n", 8),
                                            "image/png");
                       }},
        RetryAfterCase{"Download", "GET /media/blob",
                       [](Client& client, SimulatedApi& api, const TempFolder& folder) {
                         EXPECT_EQ(client.download(api.origin() + "/media/blob",
                                                   folder.path() / "blob.bin"),
                                   10u);
                       }}),
    [](const ::testing::TestParamInfo<RetryAfterCase>& info) { return info.param.name; });

TEST_F(SimulatedTiming, ADownloadRetriesUntilItsTimeoutAndNeverPausesPastIt) {
  const TempFolder folder("simulated-download");
  api_.script("GET /media/blob", std::vector<ScriptedAnswer>(10, {503, "busy", -1}));
  Client client = this->client(clientOptions());
  DownloadOptions bounded;
  bounded.timeout = 500ms;
  EXPECT_THROW(client.download(api_.origin() + "/media/blob", folder.path() / "f.bin", bounded),
               ServerError);
  // Backoff 100, 200 ms; the next pause (400 ms) would end past the 500 ms timeout, on the
  // connection's clock.
  EXPECT_THAT(arrivals("GET /media/blob"), ElementsAre(0, 100, 300));
  EXPECT_EQ(elapsed(), 300) << "it waited for a retry past its timeout";
  EXPECT_TRUE(std::filesystem::is_empty(folder.path()));
}

// Each way of waiting for one job: its final record or what it threw.
struct WaitKind {
  const char* name;
  std::function<Job(SimulatedClientTest&, Client&, const std::string&, const PollOptions&)> wait;
};

class SimulatedWaits : public SimulatedTiming {
 protected:
  Job wait(const char* kind, Client& client, const std::string& jobid, const PollOptions& o) {
    const std::string name = kind;
    if (name == "awaitJob") return client.awaitJob(jobid, o);
    if (name == "awaitJobs") return client.awaitJobs({jobid}, o).front();
    if (name == "awaitEach") {
      Job last;
      client.awaitEach(
          {jobid}, [&](const Job& job) { last = job; }, o);
      return last;
    }
    auto future = client.awaitJobAsync(jobid, o);
    return get(future);
  }
  std::string create(Client& client) {
    VideoRequest request;
    request.prompt = "a fox";
    return client.generateVideo(request).jobid;
  }
  static constexpr const char* kKinds[] = {"awaitJob", "awaitJobs", "awaitEach", "awaitJobAsync"};
};

TEST_F(SimulatedWaits, EveryWaitPollsOnItsScheduleForHoursAndReturnsTheFinalRecord) {
  completeAfter(30);  // pauses of 1, 2, 4 ... 2048 s, then 18 of an hour: some 19 hours
  Client client = this->client(clientOptions());
  for (const char* kind : kKinds) {
    const auto started = elapsed();
    const std::size_t before = arrivals().size();
    const std::string jobid = create(client);
    const Job job = wait(kind, client, jobid, polling(1h));
    EXPECT_EQ(job.status, JobStatus::Completed) << kind;
    std::vector<long long> expected = {started};  // the creation
    long long at = started, pause = 1000;
    for (int poll = 0; poll < 31; ++poll) {  // the first at once, then 1, 2, 4 s... up to 1 h
      expected.push_back(at);
      at += pause;
      pause = std::min<long long>(pause * 2, 3600 * 1000);
    }
    const auto all = arrivals();
    const std::vector<long long> seen(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
    EXPECT_THAT(seen, ElementsAreArray(expected)) << kind;
    EXPECT_GT(seen.back() - seen.front(), 19LL * 3600 * 1000) << "hours of polling";
  }
}

TEST_F(SimulatedWaits, ADeadlineEndsEveryWaitAtItsExactInstant) {
  completeAfter(1000000);  // never final
  Client client = this->client(clientOptions());
  for (const char* kind : kKinds) {
    const std::string jobid = create(client);
    const auto started = elapsed();
    PollOptions options = polling(10min);
    options.timeout = 6h;
    EXPECT_THROW(wait(kind, client, jobid, options), TimeoutError) << kind;
    EXPECT_EQ(elapsed() - started, 6 * 3600 * 1000) << kind;
  }
}

TEST_F(SimulatedWaits, TimeoutsUpToMillisecondsMaxMeanNoDeadline) {
  completeAfter(3);
  const std::vector<std::pair<const char*, milliseconds>> timeouts = {
      {"milliseconds::max()", milliseconds::max()},
      {"milliseconds::max() - 1", milliseconds::max() - milliseconds(1)},
      {"300 years (past what steady_clock holds)", std::chrono::hours(24 * 365 * 300)},
      {"100 years", std::chrono::hours(24 * 365 * 100)},
  };
  Client client = this->client(clientOptions());
  for (const auto& [name, timeout] : timeouts) {
    for (const char* kind : kKinds) {
      const std::string jobid = create(client);
      const auto started = elapsed();
      PollOptions options = polling();
      options.timeout = timeout;
      options.max_interval = milliseconds::max();
      try {
        EXPECT_EQ(wait(kind, client, jobid, options).status, JobStatus::Completed)
            << name << ", " << kind;
      } catch (const std::exception& error) {
        ADD_FAILURE() << name << ", " << kind << ": " << error.what();
      }
      EXPECT_EQ(elapsed() - started, 7000) << name << ", " << kind << ": polls at 0, 1, 3, 7 s";
    }
  }
}

TEST_F(SimulatedWaits, ARetryAfterNeverCarriesAWaitPastItsDeadline) {
  Client client = this->client(clientOptions());
  for (const char* kind : kKinds) {
    const std::string jobid = create(client);
    api_.script("GET /jobs/" + jobid,
                std::vector<ScriptedAnswer>(100, {429, R"({"error":"all accounts busy"})", 60}));
    const auto started = elapsed();
    PollOptions options = polling();
    options.timeout = 500ms;
    EXPECT_THROW(wait(kind, client, jobid, options), TimeoutError) << kind;
    EXPECT_EQ(elapsed() - started, 500) << kind << " waited for the Retry-After";
    EXPECT_EQ(arrivals("GET /jobs/" + jobid).size(), 1u) << kind;
  }
}

// ClientOptions::max_requests_per_second: every request of a client, polls of all its waits
// included, starts on one paced line.
class SimulatedRateBudget : public SimulatedWaits {
 protected:
  void generateAndAwait(Client& client, int jobs) {
    std::vector<std::string> jobids;
    for (int i = 0; i < jobs; ++i) jobids.push_back(create(client));
    PollOptions eager = polling(50ms);
    eager.initial_interval = 20ms;
    for (const Job& job : client.awaitJobs(jobids, eager)) {
      EXPECT_EQ(job.status, JobStatus::Completed);
    }
  }
  // The gaps between consecutive requests, in time order.
  std::vector<long long> gaps() {
    auto at = arrivals();
    std::sort(at.begin(), at.end());
    std::vector<long long> result;
    for (std::size_t i = 1; i < at.size(); ++i) result.push_back(at[i] - at[i - 1]);
    return result;
  }
};

TEST_F(SimulatedRateBudget, AllRequestsOfAllWaitsTogetherStartExactlyOneSlotApart) {
  completeAfter(3);
  ClientOptions options = clientOptions();
  options.max_requests_per_second = 20;
  Client client = this->client(options);
  generateAndAwait(client, 30);
  ASSERT_EQ(arrivals().size(), 30u + 30u * 4u);  // the submissions and four polls each
  const auto spacing = gaps();
  EXPECT_EQ(*std::min_element(spacing.begin(), spacing.end()), 50) << "never two in a slot";
  // Busy from the first request to the last: each starts in the next slot (a poll's own pause
  // of 20-50 ms is shorter than the line), so 149 gaps of exactly 50 ms.
  EXPECT_EQ(arrivals().back() - arrivals().front(), 149 * 50);
}

TEST_F(SimulatedRateBudget, WithoutABudgetTheSameWorkloadStartsRequestsTogether) {
  completeAfter(3);
  Client client = this->client(clientOptions());  // shows the budget above is what spaced them
  generateAndAwait(client, 30);
  const auto spacing = gaps();
  EXPECT_EQ(*std::min_element(spacing.begin(), spacing.end()), 0);
}

}  // namespace
}  // namespace useapi::luma::testing
