// Where a rerun picks up: items left Submitting by a crash are reconciled (never resent
// blindly), Running ones awaited again by their job ids, Saving ones saved again.

#include <set>

#include "batch/batch_item_request.hpp"
#include "batch/batch_run.hpp"
#include "batch/reconciler.hpp"

namespace useapi::luma::detail {

void BatchRun::resume() {
  std::set<std::string> known;
  for (const auto& row : rows_) known.insert(row.result.jobids.begin(), row.result.jobids.end());
  std::optional<JobList> running;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    BatchItemResult& result = rows_[i].result;
    switch (result.state) {
      case BatchItemState::Submitting: {
        if (!running) running = client_.listJobs();
        const PendingSubmission pending{result.account, result.type, modelOf(items_[i]),
                                        rows_[i].attempt_started_ms};
        const Reconciliation found = reconcile(*running, pending, known);
        if (!found.jobids.empty()) {
          known.insert(found.jobids.begin(), found.jobids.end());
          result.jobids = found.jobids;
          result.state = BatchItemState::Running;
          result.submitted_ms = rows_[i].attempt_started_ms;
          save(i);
          tracker_.take(result.account);
          startWaits(i);
        } else if (options_.resubmit_uncertain) {
          result.state = BatchItemState::Queued;
          save(i);
        } else {
          finish(i, BatchItemState::Uncertain,
                 "its POST to account " + result.account +
                     " may have created a job, which could not be found (" + found.why +
                     "); look for it, or run again with resubmit_uncertain to send it again");
        }
        break;
      }
      case BatchItemState::Running:
        if (!result.account.empty()) tracker_.take(result.account);
        startWaits(i);
        break;
      case BatchItemState::Saving: {
        SaveTask task;
        task.position = i;
        task.id = result.id;
        for (const auto& jobid : result.jobids) {
          Job job;
          job.jobid = jobid;
          task.jobs.push_back(std::move(job));
        }
        saver_->enqueue(std::move(task));
        break;
      }
      case BatchItemState::Uncertain:
        if (options_.resubmit_uncertain) {
          result.state = BatchItemState::Queued;
          result.error.clear();
          save(i);
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace useapi::luma::detail
