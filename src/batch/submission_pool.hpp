// Sends the POSTs of a batch on a few threads of their own, so that the scheduler goes on while
// they are answered: one POST at a time per account (the scheduler sees to it), several
// accounts at once.

#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "useapi/luma/batch.hpp"
#include "useapi/luma/client.hpp"

namespace useapi::luma::detail {

/// What a POST of an item answered.
struct SubmitOutcome {
  std::size_t position = 0;         ///< The item's place in the batch.
  std::vector<std::string> jobids;  ///< The created jobs (a video's one, an image batch's 4).
  std::string batch_jobid;          ///< An image batch's parent job.
  std::exception_ptr error;         ///< What the call threw; null on success.
};

/// Threads that send the items' POSTs through a Client and report each answer.
class SubmissionPool {
 public:
  /// Starts `threads` threads (at least 1) sending through `client`; each answer goes to
  /// `on_answer` from a pool thread.
  SubmissionPool(Client& client, int threads, std::function<void(SubmitOutcome)> on_answer);
  /// Calls stop().
  ~SubmissionPool();
  SubmissionPool(const SubmissionPool&) = delete;
  SubmissionPool& operator=(const SubmissionPool&) = delete;
  /// Queues the POST of `request` (its email set) for the item at `position`.
  void send(std::size_t position, BatchItem request);
  /// Sends nothing more, waits for the POSTs under way (each bounded by the client's request
  /// timeout), joins the threads, and returns the positions of the items never sent.
  std::vector<std::size_t> stop();

 private:
  void work();

  Client& client_;
  std::function<void(SubmitOutcome)> on_answer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<std::size_t, BatchItem>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace useapi::luma::detail
