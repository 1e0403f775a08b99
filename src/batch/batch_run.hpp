#pragma once
// One run of a batch: the scheduler loop on runBatch's thread. It submits queued items into free
// slots, waits for their jobs through the Client, hands finished ones to the saver, and writes
// every change to the state file before acting on it.

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "batch/batch_events.hpp"
#include "batch/batch_store.hpp"
#include "batch/capacity_tracker.hpp"
#include "batch/result_saver.hpp"
#include "batch/submission_pool.hpp"
#include "useapi/luma/batch.hpp"
#include "useapi/luma/client.hpp"

namespace useapi::luma::detail {

/// A batch run over `client`. Construct, then run() once.
class BatchRun {
 public:
  /// Opens and locks the state file; throws Error when it holds another batch or is no batch
  /// state file. `items` must be valid (validateBatch).
  BatchRun(Client& client, const std::vector<BatchItem>& items, const BatchOptions& options);
  /// Stops the waits and downloads still running (a run that threw).
  ~BatchRun();
  BatchRun(const BatchRun&) = delete;
  BatchRun& operator=(const BatchRun&) = delete;
  /// Runs until every item is final, the API stopped the batch, or it was stopped.
  BatchReport run();

 private:
  /// An item's jobs being awaited.
  struct LiveJobs {
    std::vector<std::future<Job>> waits;
    std::vector<bool> ended;
    std::vector<Job> records;
    std::size_t remaining = 0;
    std::string failure;
    bool cancelled = false;
  };

  void prepareRows();
  void readAccounts();
  void resume();
  void loop();
  bool submitReady();
  void submit(std::size_t position, const std::string& account);
  /// Sends the POSTs of the items submit() marked since the last call (their rows synced).
  void sendPosts();
  void onAnswered(SubmitOutcome outcome);
  void onSubmitError(std::size_t position, const std::string& account, std::exception_ptr error);
  void reconcileLost(std::size_t position, const std::string& why);
  void startWaits(std::size_t position);
  void handleEvents();
  void onWaitEnded(std::size_t position, std::size_t job);
  void onJobsEnded(std::size_t position);
  void onSaved(const SaveOutcome& outcome);
  void finish(std::size_t position, BatchItemState state, const std::string& error);
  void save(std::size_t position);
  void progress();
  bool inFlight() const;
  bool submitting() const;
  std::optional<std::chrono::seconds> eta() const;

  Client& client_;
  const std::vector<BatchItem>& items_;
  const BatchOptions& options_;
  std::vector<std::optional<std::string>> pins_;
  bool any_pinned_ = false;
  std::size_t first_queued_ = 0;  ///< No item before it is Queued.
  std::chrono::steady_clock::time_point waits_scanned_at_{};
  BatchStore store_;
  std::vector<StoredItem> rows_;
  std::vector<LiveJobs> live_;
  CapacityTracker tracker_;
  std::shared_ptr<BatchEvents> events_ = std::make_shared<BatchEvents>();
  CancelToken stop_work_;  ///< Ends our waits and downloads: the user's cancel, or a throw.
  std::unique_ptr<ResultSaver> saver_;
  std::unique_ptr<SubmissionPool> poster_;
  std::string stopped_by_;
  std::chrono::steady_clock::time_point accounts_read_at_{};  // epoch: never read
  std::vector<std::int64_t> durations_ms_;
  std::vector<std::size_t> posts_due_;  ///< Items marked Submitting whose POST is not sent yet.
};

/// Unix time in milliseconds.
std::int64_t unixNowMs();

}  // namespace useapi::luma::detail
