// Learned polling in simulated time: a wait given no intervals ends near each job's end, with
// no more polls than the seed pages' 10-second loop, learns how long a kind takes, and leaves
// explicit intervals exactly as given.

#include <gmock/gmock.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

#include "wait/default_wait.hpp"
#include "wait/wait_context.hpp"
#include "waits/timed_jobs.hpp"

namespace useapi::luma::testing {
namespace {

using namespace std::chrono_literals;
using detail::Clock;
using detail::SimulatedTime;
using std::chrono::milliseconds;

// What one wait for one job saw.
struct Outcome {
  milliseconds lag{0};  // from the job's end to the wait's return
  int polls = 0;
  std::vector<milliseconds> polled_at;  // from the wait's start
};

class LearnedWait : public ::testing::Test {
 protected:
  // A client's own learned durations, so that no other test's jobs teach this one.
  std::shared_ptr<detail::WaitContext> context_ = std::make_shared<detail::WaitContext>();
  detail::WaitContextScope scope_{context_};
  SimulatedTime time_;
  TimedJobs jobs_{time_};

  Outcome waitFor(const TimedJob& job, const PollOptions& options = {}) {
    const std::string jobid = jobs_.create(job);
    const auto start = time_.now();
    std::vector<milliseconds> polled_at;
    // The poll instants: TimedJobs counts them; the wait's own start is its first.
    struct Recorder : Connection {
      TimedJobs& inner;
      detail::TimeSource& time;
      Clock::time_point start;
      std::vector<milliseconds>& at;
      Recorder(TimedJobs& i, detail::TimeSource& t, Clock::time_point s,
               std::vector<milliseconds>& a)
          : inner(i), time(t), start(s), at(a) {}
      Job getJob(const std::string& id) override {
        at.push_back(std::chrono::duration_cast<milliseconds>(time.now() - start));
        return inner.getJob(id);
      }
    } recorder(jobs_, time_, start, polled_at);
    detail::pollUntilFinal(
        recorder, {jobid}, [](const Job&) {}, options, time_);
    return {std::chrono::duration_cast<milliseconds>(time_.now() - jobs_.endsAt(jobid)),
            jobs_.polls(jobid), polled_at};
  }
};

// The polls of the seed pages' loop (a poll at once, then every 10 s) for a job of `runs`.
int seedLoopPolls(milliseconds runs) {
  return 1 + static_cast<int>(std::ceil(static_cast<double>(runs.count()) / 10000));
}

// Ten durations spread evenly over [low, high]: the middles of its ten equal slices, so that
// their mean is a kind's mean.
std::vector<milliseconds> acrossRange(milliseconds low, milliseconds high) {
  std::vector<milliseconds> durations;
  for (int slice = 0; slice < 10; ++slice) {
    durations.push_back(low + (high - low) * (2 * slice + 1) / 20);
  }
  return durations;
}

TEST_F(LearnedWait, EndsNearEachKindsEndWithNoMorePollsThanTheSeedLoop) {
  // From the docs: images and draft videos take 30-60 s, a 1080p video about 3 minutes. The
  // bounds: on average below the seed loop's 11% (a 10-s loop on a 45-s job: 5 s) for the short
  // kinds, whose 30-s spread a 10-s loop's polls cannot cover densely, and within the 3%
  // for the long one; any single job, the edges of its kind's range included, within 15%.
  struct Case {
    const char* name;
    TimedJob job;
    std::vector<milliseconds> durations;  // across the docs' range
    double mean_lag_percent;              // at most, over the durations
    double worst_lag_percent;             // at most, for any one of them
  };
  const std::vector<Case> cases = {
      {"image", {"image", "photon-1", "", "", "", 0ms, 0ms}, acrossRange(30s, 60s), 8, 15},
      {"draft video",
       {"video", "ray-2", "draft", "5s", "", 0ms, 0ms},
       acrossRange(30s, 60s),
       8,
       15},
      {"1080p video",
       {"video", "ray-2", "1080p", "5s", "", 0ms, 0ms},
       acrossRange(150s, 210s),
       2,
       3},
  };
  for (const Case& test : cases) {
    double lag_percent_sum = 0;
    int polls = 0;
    int seed_polls = 0;
    for (const milliseconds runs : test.durations) {
      context_->durations = std::make_shared<detail::DurationEstimator>();  // the priors alone
      TimedJob job = test.job;
      job.runs = runs;
      const Outcome outcome = waitFor(job);
      const double lag_percent = 100.0 * outcome.lag.count() / runs.count();
      EXPECT_GE(outcome.lag, 0ms) << test.name;
      EXPECT_LE(lag_percent, test.worst_lag_percent)
          << test.name << " of " << runs.count() << " ms";
      lag_percent_sum += lag_percent;
      polls += outcome.polls;
      seed_polls += seedLoopPolls(runs);
    }
    EXPECT_LE(lag_percent_sum / test.durations.size(), test.mean_lag_percent) << test.name;
    EXPECT_LE(polls, seed_polls) << test.name;
  }
}

TEST_F(LearnedWait, AJobOlderThanTheWaitIsPlannedFromItsCreatedTime) {
  // An image created 40 s before the wait (a resumed wait) that ends 50 s after its creation:
  // the wait polls at once and then densely, not 30 s later as a new job's would.
  TimedJob job{"image", "photon-1", "", "", "", 50s, 40s};
  const Outcome outcome = waitFor(job);
  ASSERT_GE(outcome.polled_at.size(), 2u);
  EXPECT_LE(outcome.polled_at[1], 4s) << "the second poll waited as if the job were new";
  EXPECT_LE(outcome.lag, 4s);
  EXPECT_LE(outcome.polls, 5);
}

TEST_F(LearnedWait, AJobFarLaterThanItsKindIsStillCaughtSparsely) {
  // An image of 80 s, well past the docs' 60: polls thin out past the window, and it is still
  // noticed within a quarter of its duration. It spent the dense polls of the window in vain,
  // so it costs more than the seed loop (which the average over a kind's jobs does not), but
  // the pauses past the window grow: fewer than twice the loop's polls.
  const Outcome outcome = waitFor({"image", "photon-1", "", "", "", 80s, 0ms});
  EXPECT_LE(outcome.lag, 20s);
  EXPECT_LT(outcome.polls, 2 * seedLoopPolls(80s));
}

TEST_F(LearnedWait, AfterAFewJobsOfAKindTheDensePollsMoveToWhatWasObserved) {
  // Images that take 20 s instead of the docs' 30-60: after three of them the next wait's first
  // poll after the one at once lands near 20 s, and it ends within a second or two of the end.
  const TimedJob job{"image", "photon-1", "", "", "", 20s, 0ms};
  const Outcome first = waitFor(job);
  EXPECT_GE(first.polled_at.at(1), 25s) << "the prior (30-60 s) did not hold for the first job";
  for (int i = 0; i < 3; ++i) waitFor(job);
  const Outcome learned = waitFor(job);
  ASSERT_GE(learned.polled_at.size(), 2u);
  EXPECT_GE(learned.polled_at[1], 17s);
  EXPECT_LE(learned.polled_at[1], 22s);
  EXPECT_LE(learned.lag, 2s);
  EXPECT_LE(learned.polls, 3);
  // Another kind (a 1080p video) is not taught by the images.
  const auto video = context_->durations->estimate(
      detail::kindOf(jobs_.getJob(jobs_.create({"video", "ray-2", "1080p", "5s", "", 1s, 0ms}))));
  EXPECT_GE(video.expected, 150s);
}

TEST_F(LearnedWait, AWaitWithItsOwnIntervalsTeachesTheEstimatorToo) {
  // Three images of 20 s waited for every 7 s: what they took comes from each final record's
  // created and updated (the server's clock), not from when the wait happened to look.
  PollOptions every_7s;
  every_7s.initial_interval = 7s;
  every_7s.max_interval = 7s;
  every_7s.multiplier = 1;
  const TimedJob job{"image", "photon-1", "", "", "", 20s, 0ms};
  for (int i = 0; i < 3; ++i) waitFor(job, every_7s);
  const auto learned =
      context_->durations->estimate(detail::kindOf(jobs_.getJob(jobs_.create(job))));
  EXPECT_EQ(learned.expected, 20s);
}

TEST_F(LearnedWait, ExplicitIntervalsKeepTheirExactPauses) {
  struct Case {
    const char* name;
    PollOptions options;
    std::vector<milliseconds> expected;  // each poll's offset from the start
  };
  const auto options = [](milliseconds initial, double multiplier, milliseconds max,
                          PollSpacing spacing) {
    PollOptions result;
    result.initial_interval = initial;
    result.multiplier = multiplier;
    result.max_interval = max;
    result.jitter = 0;
    result.spacing = spacing;
    return result;
  };
  const std::vector<Case> cases = {
      {"an initial interval of its own",
       options(7s, 1.5, 30s, PollSpacing::Automatic),
       {0ms, 7000ms, 17500ms, 33250ms, 56875ms}},
      {"a multiplier of its own",
       options(5s, 2.0, 30s, PollSpacing::Automatic),
       {0s, 5s, 15s, 35s, 65s}},
      {"the defaults, as intervals",
       options(5s, 1.5, 30s, PollSpacing::Intervals),
       {0ms, 5000ms, 12500ms, 23750ms, 40625ms}},
  };
  for (const Case& test : cases) {
    const milliseconds runs = test.expected.back() - 1ms;
    const Outcome outcome = waitFor({"image", "photon-1", "", "", "", runs, 0ms}, test.options);
    EXPECT_EQ(outcome.polled_at, test.expected) << test.name;
  }
}

TEST_F(LearnedWait, LearnedSpacingIgnoresTheIntervals) {
  PollOptions options;
  options.initial_interval = 1s;
  options.spacing = PollSpacing::Learned;
  const Outcome outcome = waitFor({"image", "photon-1", "", "", "", 45s, 0ms}, options);
  ASSERT_GE(outcome.polled_at.size(), 2u);
  EXPECT_GE(outcome.polled_at[1], 25s);
}

}  // namespace
}  // namespace useapi::luma::testing
