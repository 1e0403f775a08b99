#pragma once
// What other threads tell a batch's scheduler: a POST was answered (from a submission thread), a
// job was seen final (from the Client's I/O thread), an item's files were saved or could not be
// (from a saver thread).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "batch/result_saver.hpp"
#include "batch/submission_pool.hpp"

namespace useapi::luma::detail {

/// A queue the scheduler sleeps on until something happens or a deadline comes. Thread-safe;
/// shared with the callbacks, which may outlive the run.
class BatchEvents {
 public:
  /// Job `job` (0-based within the item) of item `position` was seen final.
  void jobFinal(std::size_t position, std::size_t job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finals_.emplace_back(position, job);
    }
    wake_.notify_all();
  }
  /// Saving an item ended.
  void saveEnded(SaveOutcome outcome) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      saved_.push_back(std::move(outcome));
    }
    wake_.notify_all();
  }
  /// A POST was answered (or threw).
  void submitAnswered(SubmitOutcome outcome) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      answers_.push_back(std::move(outcome));
    }
    wake_.notify_all();
  }
  /// Sleeps until an event is queued or `until` comes.
  void waitUntil(std::chrono::steady_clock::time_point until) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_until(lock, until,
                     [this] { return !finals_.empty() || !saved_.empty() || !answers_.empty(); });
  }
  /// Takes every queued event.
  void take(std::vector<std::pair<std::size_t, std::size_t>>& finals,
            std::deque<SaveOutcome>& saved, std::deque<SubmitOutcome>& answers) {
    std::lock_guard<std::mutex> lock(mutex_);
    finals.swap(finals_);
    saved.swap(saved_);
    answers.swap(answers_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::pair<std::size_t, std::size_t>> finals_;
  std::deque<SaveOutcome> saved_;
  std::deque<SubmitOutcome> answers_;
};

}  // namespace useapi::luma::detail
