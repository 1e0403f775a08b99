// What the answer to an item's POST does to it: the job is awaited, the item is put back (429),
// rejected (400, 422, 404), moved or failed (596), the batch stopped (401, 402), or, when the
// answer was lost, the job looked for among the account's running jobs.

#include <set>

#include "batch/batch_item_request.hpp"
#include "batch/batch_run.hpp"
#include "batch/reconciler.hpp"
#include "connection/status_errors.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

std::string sessionExpired(const std::string& account, const std::string& message) {
  return "account " + account + ": its Luma session expired (596: " + message +
         "); re-add the account (luma account add) and run the batch again";
}

}  // namespace

void BatchRun::onAnswered(SubmitOutcome outcome) {
  const std::size_t position = outcome.position;
  BatchItemResult& result = rows_[position].result;
  const std::string account = result.account;
  tracker_.posting(account, false);
  if (outcome.error) {
    tracker_.release(account);
    onSubmitError(position, account, outcome.error);
    progress();
    return;
  }
  result.jobids = std::move(outcome.jobids);
  result.batch_jobid = std::move(outcome.batch_jobid);
  result.state = BatchItemState::Running;
  result.submitted_ms = unixNowMs();
  save(position);
  startWaits(position);
  progress();
}

void BatchRun::onSubmitError(std::size_t position, const std::string& account,
                             std::exception_ptr error) {
  BatchItemResult& result = rows_[position].result;
  try {
    std::rethrow_exception(error);
  } catch (const CapacityError&) {
    tracker_.markFull(account);  // put back: no retry before a slot frees or a re-read
    result.state = BatchItemState::Queued;
    save(position);
  } catch (const BadRequestError& error) {
    finish(position, BatchItemState::Rejected, error.message());
  } catch (const ContentModerationError& error) {
    finish(position, BatchItemState::Rejected, error.message());
  } catch (const NotFoundError& error) {
    finish(position, BatchItemState::Rejected, error.message());
  } catch (const SessionError& error) {
    const std::string why = sessionExpired(account, error.message());
    tracker_.quarantine(account, why);
    if (pins_[position]) {
      finish(position, BatchItemState::Failed, why);
    } else {
      result.state = BatchItemState::Queued;  // another account takes it
      save(position);
    }
  } catch (const UnauthorizedError& error) {
    stopped_by_ = error.message();
    result.state = BatchItemState::Queued;
    save(position);
  } catch (const PaymentRequiredError& error) {
    stopped_by_ = error.message();
    result.state = BatchItemState::Queued;
    save(position);
  } catch (const Error& error) {
    const std::string what = error.what();
    if (!error.jobIds().empty()) {  // created, but the client's journal could not record it
      result.jobids = error.jobIds();
      result.state = BatchItemState::Running;
      result.submitted_ms = unixNowMs();
      save(position);
      tracker_.take(account);
      startWaits(position);
    } else if (what.find(kMayHaveCreated) != std::string::npos) {
      reconcileLost(position, what);
    } else if (dynamic_cast<const TransportError*>(&error) != nullptr) {
      // Surely never sent (the client retried connecting): the API cannot be reached.
      stopped_by_ = what;
      result.state = BatchItemState::Queued;
      save(position);
    } else {
      finish(position, BatchItemState::Failed, what);
    }
  } catch (const std::exception& other) {
    finish(position, BatchItemState::Failed, other.what());
  }
}

void BatchRun::reconcileLost(std::size_t position, const std::string& why) {
  StoredItem& row = rows_[position];
  std::set<std::string> known;
  for (const auto& other : rows_) {
    known.insert(other.result.jobids.begin(), other.result.jobids.end());
  }
  Reconciliation found;
  try {
    const PendingSubmission pending{row.result.account, row.result.type, modelOf(items_[position]),
                                    row.attempt_started_ms};
    found = reconcile(client_.listJobs(), pending, known);
  } catch (const Error& error) {
    found.why = std::string("the running jobs could not be read: ") + error.what();
  }
  if (!found.jobids.empty()) {
    row.result.jobids = found.jobids;
    row.result.state = BatchItemState::Running;
    row.result.submitted_ms = unixNowMs();
    save(position);
    tracker_.take(row.result.account);
    startWaits(position);
  } else if (options_.resubmit_uncertain) {
    row.result.state = BatchItemState::Queued;
    save(position);
  } else {
    finish(position, BatchItemState::Uncertain,
           "its POST may have created a job (" + why + "), which could not be found (" + found.why +
               "); look for it, or run again with resubmit_uncertain to send it again");
  }
}

}  // namespace useapi::luma::detail
