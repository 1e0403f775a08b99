#include "batch/batch_run.hpp"

#include <algorithm>
#include <set>

#include "batch/batch_item_request.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

using SteadyClock = std::chrono::steady_clock;

/// The longest the scheduler sleeps without an event: how soon it sees a cancel.
constexpr std::chrono::milliseconds kLongestSleep{100};

/// POSTs sent at once, each to another account. Each thread waits out one POST's round trip, so
/// this bounds submissions to this many per round trip: 16 keeps a thousand slots filled.
constexpr int kPostingThreads = 16;

bool isFinal(BatchItemState state) {
  return state == BatchItemState::Completed || state == BatchItemState::Failed ||
         state == BatchItemState::Rejected || state == BatchItemState::Uncertain;
}

std::string differenceOf(const std::vector<StoredItem>& stored,
                         const std::vector<StoredItem>& wanted) {
  for (std::size_t i = 0; i < std::min(stored.size(), wanted.size()); ++i) {
    const auto& there = stored[i];
    const auto& here = wanted[i];
    const std::string item = "item " + std::to_string(i + 1);
    if (there.result.id != here.result.id) {
      return item + " is \"" + there.result.id + "\" there but \"" + here.result.id + "\" here";
    }
    if (there.result.type != here.result.type || there.request != here.request) {
      return item + " (" + here.result.id + ") has request " + there.request + " there but " +
             here.request + " here";
    }
  }
  if (stored.size() != wanted.size()) {
    return "it holds " + std::to_string(stored.size()) + " items, this batch has " +
           std::to_string(wanted.size());
  }
  return {};
}

}  // namespace

std::int64_t unixNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

BatchRun::BatchRun(Client& client, const std::vector<BatchItem>& items, const BatchOptions& options)
    : client_(client), items_(items), options_(options), store_(options.state_file) {
  pins_.reserve(items.size());
  for (const auto& item : items) {
    pins_.push_back(pinnedAccount(item));
    any_pinned_ = any_pinned_ || pins_.back().has_value();
  }
  live_.resize(items.size());
  prepareRows();
}

BatchRun::~BatchRun() {
  stop_work_.cancel();
  poster_.reset();
  saver_.reset();
}

void BatchRun::prepareRows() {
  std::vector<StoredItem> wanted;
  wanted.reserve(items_.size());
  for (const auto& item : items_) {
    StoredItem row;
    row.result.id = item.id;
    row.result.type = itemType(item);
    row.request = canonicalRequest(item);
    wanted.push_back(std::move(row));
  }
  rows_ = store_.load();
  if (rows_.empty()) {
    store_.create(wanted);
    rows_ = std::move(wanted);
    return;
  }
  const std::string difference = differenceOf(rows_, wanted);
  if (!difference.empty()) {
    throw Error("batch state file " + options_.state_file.string() + " holds a different batch: " +
                difference + "; use another state file, or run the same items");
  }
}

BatchReport BatchRun::run() {
  saver_ = std::make_unique<ResultSaver>(
      client_, options_.output_dir, options_.max_downloads, stop_work_,
      [events = events_](SaveOutcome outcome) { events->saveEnded(std::move(outcome)); });
  poster_ = std::make_unique<SubmissionPool>(
      client_, kPostingThreads,
      [events = events_](SubmitOutcome outcome) { events->submitAnswered(std::move(outcome)); });
  store_.saveRunOutcome("", false);
  resume();
  readAccounts();
  progress();
  loop();
  // POSTs under way are answered and recorded (their jobs then awaited by a rerun); items
  // queued for a POST never sent go back to Queued.
  for (const std::size_t position : poster_->stop()) {
    tracker_.posting(rows_[position].result.account, false);
    tracker_.release(rows_[position].result.account);
    rows_[position].result.state = BatchItemState::Queued;
    save(position);
  }
  handleEvents();

  const bool stopped_early = options_.cancel.cancelled() || options_.stop_submitting.cancelled();
  BatchReport report;
  report.stopped_by = stopped_by_;
  for (const auto& row : rows_) {
    report.items.push_back(row.result);
    if (stopped_early && !isFinal(row.result.state)) report.interrupted = true;
  }
  store_.saveRunOutcome(report.stopped_by, report.interrupted);
  return report;
}

void BatchRun::readAccounts() {
  const bool first = accounts_read_at_ == SteadyClock::time_point{};
  accounts_read_at_ = SteadyClock::now();
  try {
    tracker_.refresh(client_.listAccounts());
  } catch (const UnauthorizedError& error) {
    stopped_by_ = error.message();
  } catch (const PaymentRequiredError& error) {
    stopped_by_ = error.message();
  } catch (const Error&) {
    // The first read must succeed (runBatch throws); a later one that fails after the client's
    // retries leaves the last numbers standing until the next read.
    if (first) throw;
  }
}

void BatchRun::loop() {
  for (;;) {
    if (options_.cancel.cancelled()) {
      stop_work_.cancel();
      return;
    }
    // The rows this pass changes go to the file in one transaction, one sync for all (a sync
    // costs milliseconds: one per row would bound a batch to a few hundred rows a second); the
    // POSTs of the items it marked Submitting go out only once those rows are on the disk.
    store_.beginGroup();
    bool waiting_for_slot = false;
    try {
      handleEvents();
      waiting_for_slot = submitReady();
      store_.commitGroup();
    } catch (...) {
      store_.abandonGroup();
      throw;
    }
    sendPosts();
    if (!inFlight() && !waiting_for_slot) return;
    auto until = SteadyClock::now() + kLongestSleep;
    if (waiting_for_slot) {
      const auto refresh_at = accounts_read_at_ + options_.accounts_refresh;
      if (refresh_at <= SteadyClock::now()) {
        readAccounts();
        progress();
        continue;
      }
      until = std::min(until, refresh_at);
    }
    events_->waitUntil(until);
  }
}

bool BatchRun::submitReady() {
  bool waiting = false;
  while (first_queued_ < rows_.size() &&
         rows_[first_queued_].result.state != BatchItemState::Queued) {
    ++first_queued_;
  }
  for (std::size_t i = first_queued_; i < rows_.size(); ++i) {
    if (rows_[i].result.state != BatchItemState::Queued) continue;
    // Looked at before each item: a 401 or 402 just answered stops the very next POST.
    if (!stopped_by_.empty() || options_.stop_submitting.cancelled()) return false;
    if (!tracker_.anyUsable()) {
      finish(i, BatchItemState::Failed,
             "no usable Luma account: none is configured, or each is quarantined (add one with "
             "luma account add)");
      continue;
    }
    std::string why;
    if (const auto& pin = pins_[i]) {
      if (tracker_.quarantined(*pin, &why)) {
        finish(i, BatchItemState::Failed, why);
      } else if (!tracker_.knows(*pin)) {
        finish(i, BatchItemState::Rejected,
               "account " + *pin + " is not configured (add it with luma account add)");
      } else if (tracker_.freeSlots(*pin) > 0) {
        submit(i, *pin);
      } else {
        waiting = true;
      }
      continue;
    }
    const auto account = tracker_.bestAccount();
    if (!account) {
      waiting = true;
      if (!any_pinned_) break;  // no slot anywhere: the items after this one wait too
      continue;
    }
    submit(i, *account);
  }
  return waiting && !options_.stop_submitting.cancelled() && stopped_by_.empty();
}

void BatchRun::submit(std::size_t position, const std::string& account) {
  StoredItem& row = rows_[position];
  BatchItemResult& result = row.result;
  result.state = BatchItemState::Submitting;
  result.account = account;
  result.error.clear();
  ++result.attempts;
  row.attempt_started_ms = unixNowMs();
  save(position);  // durable before the POST: a crash from here on is reconciled, never resent
  tracker_.take(account);  // the slot is held while the POST is under way
  tracker_.posting(account, true);
  posts_due_.push_back(position);  // sent by sendPosts once the row is on the disk
  progress();
}

void BatchRun::sendPosts() {
  for (const std::size_t position : posts_due_) {
    poster_->send(position, withAccount(items_[position], rows_[position].result.account));
  }
  posts_due_.clear();
}

void BatchRun::startWaits(std::size_t position) {
  LiveJobs& live = live_[position];
  const auto& jobids = rows_[position].result.jobids;
  live = LiveJobs{};
  live.ended.assign(jobids.size(), false);
  live.records.resize(jobids.size());
  live.remaining = jobids.size();
  for (std::size_t k = 0; k < jobids.size(); ++k) {
    PollOptions poll = options_.poll;
    poll.cancel = stop_work_;
    poll.on_update = [events = events_, position, k](const Job& job) {
      if (job.isFinal()) events->jobFinal(position, k);
    };
    live.waits.push_back(client_.awaitJobAsync(jobids[k], poll));
  }
  if (jobids.empty()) onJobsEnded(position);
}

void BatchRun::handleEvents() {
  std::vector<std::pair<std::size_t, std::size_t>> finals;
  std::deque<SaveOutcome> saved;
  std::deque<SubmitOutcome> answers;
  events_->take(finals, saved, answers);
  for (auto& answer : answers) onAnswered(std::move(answer));
  for (const auto& [position, job] : finals) onWaitEnded(position, job);
  // A wait may also end without a final record (timeout, cancel, an error): each is looked at
  // now and then.
  const auto now = SteadyClock::now();
  if (now - waits_scanned_at_ < kLongestSleep) {
    for (const auto& outcome : saved) onSaved(outcome);
    return;
  }
  waits_scanned_at_ = now;
  for (std::size_t i = 0; i < live_.size(); ++i) {
    if (live_[i].remaining == 0) continue;
    for (std::size_t k = 0; k < live_[i].waits.size(); ++k) {
      if (!live_[i].ended[k] &&
          live_[i].waits[k].wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        onWaitEnded(i, k);
      }
    }
  }
  for (const auto& outcome : saved) onSaved(outcome);
}

void BatchRun::onWaitEnded(std::size_t position, std::size_t job) {
  LiveJobs& live = live_[position];
  if (job >= live.ended.size() || live.ended[job]) return;
  live.ended[job] = true;
  --live.remaining;
  try {
    live.records[job] = live.waits[job].get();  // a final record was seen: its value is near
  } catch (const JobFailedError& error) {
    live.records[job] = error.job();
    if (live.failure.empty()) live.failure = error.job().error.value_or(error.what());
  } catch (const CancelledError&) {
    live.cancelled = true;
  } catch (const std::exception& error) {
    if (live.failure.empty()) live.failure = error.what();
  }
  if (live.remaining == 0) onJobsEnded(position);
}

void BatchRun::onJobsEnded(std::size_t position) {
  LiveJobs& live = live_[position];
  BatchItemResult& result = rows_[position].result;
  live.waits.clear();
  if (live.cancelled) return;  // still Running in the file: a rerun waits for it again
  tracker_.release(result.account);
  result.finished_ms = unixNowMs();
  if (result.submitted_ms) durations_ms_.push_back(*result.finished_ms - *result.submitted_ms);
  if (!live.failure.empty()) {
    finish(position, BatchItemState::Failed, live.failure);
    return;
  }
  result.state = BatchItemState::Saving;
  save(position);
  progress();
  SaveTask task;
  task.position = position;
  task.id = result.id;
  task.jobs = std::move(live.records);
  saver_->enqueue(std::move(task));
}

void BatchRun::onSaved(const SaveOutcome& outcome) {
  if (outcome.cancelled) return;  // still Saving in the file: a rerun saves it again
  BatchItemResult& result = rows_[outcome.position].result;
  if (!outcome.error.empty()) {
    finish(outcome.position, BatchItemState::Failed, outcome.error);
    return;
  }
  result.files = outcome.files;
  result.saved_ms = unixNowMs();
  finish(outcome.position, BatchItemState::Completed, "");
}

void BatchRun::finish(std::size_t position, BatchItemState state, const std::string& error) {
  BatchItemResult& result = rows_[position].result;
  result.state = state;
  result.error = error;
  save(position);
  progress();
  if (options_.on_result) options_.on_result(result);
}

void BatchRun::save(std::size_t position) {
  store_.save(position, rows_[position]);
  if (rows_[position].result.state == BatchItemState::Queued) {
    first_queued_ = std::min(first_queued_, position);  // put back: submitReady looks again
  }
}

bool BatchRun::inFlight() const {
  return std::any_of(rows_.begin(), rows_.end(),
                     [](const StoredItem& row) {
                       const auto state = row.result.state;
                       return state == BatchItemState::Submitting ||
                              state == BatchItemState::Running || state == BatchItemState::Saving;
                     }) &&
         !options_.cancel.cancelled();
}

std::optional<std::chrono::seconds> BatchRun::eta() const {
  if (durations_ms_.empty()) return std::nullopt;
  std::int64_t total = 0;
  for (const auto duration : durations_ms_) total += duration;
  const double average = static_cast<double>(total) / static_cast<double>(durations_ms_.size());
  double work = 0;
  for (const auto& row : rows_) {
    if (row.result.state == BatchItemState::Queued) work += 1.0;
    if (row.result.state == BatchItemState::Running) work += 0.5;
  }
  const double slots = std::max(tracker_.usableSlots(), 1);
  return std::chrono::seconds(static_cast<std::int64_t>(work * average / slots / 1000.0 + 0.999));
}

void BatchRun::progress() {
  if (!options_.on_progress) return;
  BatchProgress progress;
  progress.total = rows_.size();
  for (const auto& row : rows_) {
    switch (row.result.state) {
      case BatchItemState::Queued:
        ++progress.queued;
        break;
      case BatchItemState::Submitting:
      case BatchItemState::Running:
        ++progress.running;
        break;
      case BatchItemState::Saving:
        ++progress.saving;
        break;
      case BatchItemState::Completed:
        ++progress.completed;
        break;
      default:
        ++progress.failed;
        break;
    }
  }
  progress.accounts = tracker_.slots();
  progress.eta = eta();
  options_.on_progress(progress);
}

}  // namespace useapi::luma::detail
