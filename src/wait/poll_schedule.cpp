#include "wait/poll_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "batch/reconciler.hpp"  // unixMsOfIso

namespace useapi::luma::detail {

using std::chrono::milliseconds;

namespace {

// The closest two polls of one job ever are.
constexpr milliseconds kDensest{1000};
// The seed pages' loop, whose polls per job a learned wait does not exceed on average.
constexpr double kSeedLoopSeconds = 10;

double secondsOf(milliseconds span) { return static_cast<double>(span.count()) / 1000; }

milliseconds millisecondsOf(double seconds) {
  return milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

}  // namespace

bool usesLearnedSpacing(const PollOptions& options) {
  switch (options.spacing) {
    case PollSpacing::Learned:
      return true;
    case PollSpacing::Intervals:
      return false;
    case PollSpacing::Automatic:
      break;
  }
  const PollOptions defaults;
  return options.initial_interval == defaults.initial_interval &&
         options.max_interval == defaults.max_interval && options.multiplier == defaults.multiplier;
}

PollWindow windowFor(const DurationEstimate& estimate, milliseconds age, Clock::time_point now) {
  const double expected = std::max(secondsOf(estimate.expected), 0.001);
  const double half_width = std::max(secondsOf(estimate.spread), 0.05 * expected);
  // A 10-second loop polls a job of E seconds 1.5 + E/10 times on average; this wait's first
  // poll and, for a job ending uniformly in the window, half of its N dense polls (N + 1) / 2:
  // so N = E / 5 keeps it at the loop's count; 10% fewer leave room for the jobs that end past
  // the window.
  const double polls = std::max(1.0, std::floor(0.9 * expected * 2 / kSeedLoopSeconds));
  const double dense = std::max(secondsOf(kDensest), 2 * half_width / polls);
  const double to_start = expected - half_width - secondsOf(age);
  const double to_end = expected + half_width - secondsOf(age);
  return {now + millisecondsOf(to_start), now + millisecondsOf(std::max(to_end, to_start)),
          millisecondsOf(dense)};
}

std::optional<milliseconds> serverDuration(const Job& final_record) {
  if (!final_record.updated) return std::nullopt;
  const auto created = unixMsOfIso(final_record.created);
  const auto updated = unixMsOfIso(*final_record.updated);
  if (!created || !updated || *updated < *created) return std::nullopt;
  return milliseconds(*updated - *created);
}

LearnedPolls::LearnedPolls(std::size_t jobs, std::shared_ptr<DurationEstimator> durations,
                           TimeSource& time)
    : plans_(jobs),
      durations_(std::move(durations)),
      time_(time),
      wall_anchor_(std::chrono::system_clock::now()),
      steady_anchor_(time.now()) {}

std::chrono::system_clock::time_point LearnedPolls::wallAt(Clock::time_point at) const {
  return wall_anchor_ +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(at - steady_anchor_);
}

void LearnedPolls::onRecord(std::size_t index, const Job& record) {
  JobPlan& plan = plans_[index];
  const auto now = time_.now();
  if (!plan.window) {
    plan.kind = kindOf(record);
    plan.first_seen = now;
    // A job this client just created is a few milliseconds old; one created elsewhere or
    // earlier (a resumed wait) is as old as its `created` says, by the wall clock. A server
    // clock ahead of ours gives a negative age: taken as new.
    if (const auto created = unixMsOfIso(record.created)) {
      const auto wall_now =
          std::chrono::duration_cast<milliseconds>(wallAt(now).time_since_epoch()).count();
      plan.age = milliseconds(std::max<long long>(0, wall_now - *created));
    }
    plan.window = windowFor(durations_->estimate(plan.kind), plan.age, now);
  }
  if (!record.isFinal() || plan.learned) return;
  plan.learned = true;
  // The server's own clock is exact; without it, what this wait saw (from the first record, so
  // off by up to one pause).
  if (const auto took = serverDuration(record)) {
    durations_->observe(plan.kind, *took);
  } else if (plan.first_seen != now) {
    durations_->observe(plan.kind,
                        plan.age + std::chrono::duration_cast<milliseconds>(now - plan.first_seen));
  }
}

milliseconds LearnedPolls::nextPause(std::size_t index, milliseconds fallback, double jitter,
                                     std::mt19937_64& random) {
  JobPlan& plan = plans_[index];
  if (!plan.window) return fallback;
  const PollWindow& window = *plan.window;
  const auto now = time_.now();
  milliseconds pause;
  if (now < window.start) {  // asleep until the first dense poll
    pause = std::chrono::duration_cast<milliseconds>(window.start - now) + window.dense;
  } else if (now < window.end) {  // around the expected end
    pause = window.dense;
  } else {  // late: sparse again, each pause half as long again, up to the window's width
    const milliseconds longest =
        std::max(window.dense, std::chrono::duration_cast<milliseconds>(window.end - window.start));
    plan.late = plan.late.count() == 0
                    ? window.dense
                    : std::min(longest, millisecondsOf(secondsOf(plan.late) * 1.5));
    pause = plan.late;
  }
  if (jitter > 0) {
    std::uniform_real_distribution<double> spread(-jitter, jitter);
    const double span = secondsOf(std::min(pause, window.dense));
    pause += millisecondsOf(span * spread(random));
  }
  return std::max(pause, milliseconds(1));
}

}  // namespace useapi::luma::detail
