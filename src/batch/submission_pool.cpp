#include "batch/submission_pool.hpp"

#include <algorithm>

namespace useapi::luma::detail {

SubmissionPool::SubmissionPool(Client& client, int threads,
                               std::function<void(SubmitOutcome)> on_answer)
    : client_(client), on_answer_(std::move(on_answer)) {
  const int count = std::max(threads, 1);
  threads_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { work(); });
}

SubmissionPool::~SubmissionPool() { stop(); }

std::vector<std::size_t> SubmissionPool::stop() {
  std::vector<std::size_t> unsent;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (const auto& entry : queue_) unsent.push_back(entry.first);
    queue_.clear();
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  return unsent;
}

void SubmissionPool::send(std::size_t position, BatchItem request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.emplace_back(position, std::move(request));
  }
  wake_.notify_one();
}

void SubmissionPool::work() {
  for (;;) {
    std::pair<std::size_t, BatchItem> next;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_ || queue_.empty()) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    SubmitOutcome outcome;
    outcome.position = next.first;
    try {
      if (const auto* video = std::get_if<VideoRequest>(&next.second.request)) {
        outcome.jobids = {client_.generateVideo(*video).jobid};
      } else {
        const ImageBatch batch =
            client_.generateImages(std::get<ImageRequest>(next.second.request));
        outcome.jobids = batch.jobids;
        outcome.batch_jobid = batch.jobid;
      }
    } catch (...) {
      outcome.error = std::current_exception();
    }
    on_answer_(std::move(outcome));
  }
}

}  // namespace useapi::luma::detail
