// CurlConnection: the journal's bookkeeping and lists.

#include "connection/curl_connection.hpp"

namespace useapi::luma::detail {

void CurlConnection::requireJournalWritable() {
  if (journal_) journal_->requireWritable();
}

void CurlConnection::recordCreated(const std::vector<std::string>& jobids) {
  if (!journal_) return;
  try {
    journal_->recordCreated(jobids);
  } catch (Error& error) {
    attachJobIds(error, jobids);
    throw;
  }
}

void CurlConnection::recordNamedIn(Error& error) noexcept {
  if (!journal_ || error.jobIds().empty()) return;
  try {
    journal_->recordCreated(error.jobIds());
  } catch (const Error& journal_error) {
    try {
      appendNote(error, std::string("they are not in the journal: ") + journal_error.what());
    } catch (...) {
      // Out of memory: the error leaves naming the jobs all the same.
    }
  } catch (...) {
    // Out of memory: the error leaves naming the jobs all the same.
  }
}

void CurlConnection::recordSettled(const std::string& jobid, const Job* final_record) noexcept {
  if (!journal_) return;
  if (final_record != nullptr) {
    journal_->recordFinal(jobid, final_record->status);
    return;
  }
  try {
    journal_->recordDone(jobid, JobDone::Gone);
  } catch (...) {
    // Kept open: a restarted process asks about it once more, which is harmless.
  }
}

void CurlConnection::recordDone(const std::string& jobid, JobDone why) {
  if (journal_) journal_->recordDone(jobid, why);
}

void CurlConnection::recordMediaSaved(const Job& job, std::size_t files_saved) noexcept {
  if (!journal_ || files_saved == 0 || job.status != JobStatus::Completed) return;
  try {
    journal_->recordDone(job.jobid, JobDone::MediaSaved);
  } catch (...) {
    // Kept open: a restarted process saves the media once more, which is harmless.
  }
}

std::vector<std::string> CurlConnection::unfinishedJobs() {
  const auto call = enter("unfinishedJobs", CallKind::NonBlocking);
  return journal_ ? journal_->unfinished() : std::vector<std::string>{};
}

std::vector<std::string> CurlConnection::unacknowledgedJobs() {
  const auto call = enter("unacknowledgedJobs", CallKind::NonBlocking);
  return journal_ ? journal_->unacknowledged() : std::vector<std::string>{};
}

void CurlConnection::acknowledgeJob(const std::string& jobid) {
  recordDone(jobid, JobDone::Acknowledged);
}

}  // namespace useapi::luma::detail
