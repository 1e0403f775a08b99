#pragma once
/// \file
/// Batches: many generations through the user's Luma accounts, submitted only into free slots,
/// kept in an SQLite state file so that a rerun resumes without creating any job twice, each
/// result saved to disk the moment its job completes.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "useapi/luma/cancel_token.hpp"
#include "useapi/luma/export.hpp"
#include "useapi/luma/options.hpp"
#include "useapi/luma/requests.hpp"

namespace useapi::luma {

class Client;

/// One generation of a batch: an id and what to generate.
struct USEAPI_LUMA_EXPORT BatchItem {
  /// Unique in the batch; names the item's files. 1 to 100 characters of letters, digits, '-',
  /// '_' and '.', not starting with '.'.
  std::string id;
  /// What to generate. Its `email`, or the account its asset refs belong to (an assetRef reads
  /// `u<userid>-email:<email>-image:<uuid>`), pins the item to that account: it waits for a
  /// slot there, is Rejected when GET /accounts does not list that account, and Failed when the
  /// account is quarantined. Otherwise the batch picks the account with the most free slots.
  /// Either way the POST names its account in `email`, so that the batch's count is exact.
  std::variant<ImageRequest, VideoRequest> request;
};

/// Where an item stands. Queued, Submitting, Running and Saving are on the way; the others are
/// final.
enum class BatchItemState {
  Queued,      ///< Not submitted yet (or put back after a 429).
  Submitting,  ///< Its POST was sent and may have reached the server; no answer recorded yet.
  Running,     ///< Its job exists; the batch waits for it.
  Saving,      ///< Its job completed; its files are being downloaded.
  Completed,   ///< Every file of it is on disk.
  Failed,      ///< Its job failed, its account's session expired (596), or it could not be saved.
  Rejected,    ///< The API refused the request (400, 422 moderation); the server's message kept.
  /// A POST that may have created a job (the process died during it, or its answer was lost)
  /// and whose job could not be found among the account's running jobs: never sent again
  /// unless BatchOptions::resubmit_uncertain.
  Uncertain,
};

/// The state's name as the results document writes it: "queued", "submitting", "running",
/// "saving", "completed", "failed", "rejected", "uncertain".
USEAPI_LUMA_EXPORT std::string_view toString(BatchItemState value) noexcept;

/// What the batch knows of one item.
struct USEAPI_LUMA_EXPORT BatchItemResult {
  std::string id;                                 ///< BatchItem::id.
  std::string type;                               ///< "image" or "video".
  BatchItemState state = BatchItemState::Queued;  ///< Where it stands.
  std::string account;              ///< The account (email) it was submitted to; empty before.
  std::vector<std::string> jobids;  ///< A video's job; an image batch's 4 image jobs.
  std::string batch_jobid;          ///< An image batch's parent job; empty for a video.
  /// Files saved in BatchOptions::output_dir, in order: "<id>.mp4" for a video, "<id>-1.png"
  /// ... "<id>-4.png" for an image batch (png, jpg or webp as the file's first bytes say).
  std::vector<std::filesystem::path> files;
  /// Why it failed (the job's error; "could not be saved: ..." after a few tries to download;
  /// the account's expired session, saying to re-add it with `luma account add`), was rejected
  /// (the server's message) or is uncertain; empty otherwise.
  std::string error;
  int attempts = 0;  ///< POSTs sent for it (a 429 counts).
  std::optional<std::int64_t>
      submitted_ms;  ///< Unix ms when the POST that created its job was answered.
  std::optional<std::int64_t> finished_ms;  ///< Unix ms when its job was seen final.
  std::optional<std::int64_t> saved_ms;     ///< Unix ms when its last file was on disk.
};

/// The slots of one account as the batch sees them.
struct USEAPI_LUMA_EXPORT BatchAccountSlots {
  std::string email;  ///< The account.
  int capacity = 0;   ///< Its concurrency (GET /accounts).
  int ours = 0;       ///< Slots held by this batch's jobs.
  int foreign = 0;    ///< Slots held by jobs that are not this batch's, at the last read.
  bool full = false;  ///< A 429 marked it full until one of our jobs ends or a re-read shows room.
  bool quarantined = false;  ///< Its session expired (596): nothing more is sent to it.
};

/// A batch's progress, given to BatchOptions::on_progress after each change.
struct USEAPI_LUMA_EXPORT BatchProgress {
  std::size_t total = 0;                    ///< Items in the batch.
  std::size_t queued = 0;                   ///< Queued.
  std::size_t running = 0;                  ///< Submitting or Running.
  std::size_t saving = 0;                   ///< Saving.
  std::size_t completed = 0;                ///< Completed.
  std::size_t failed = 0;                   ///< Failed, Rejected or Uncertain.
  std::vector<BatchAccountSlots> accounts;  ///< Every account, ordered by email.
  /// Time left, from the durations observed so far in this batch (submission to final) and the
  /// slots not held by foreign jobs; empty until one job ended.
  std::optional<std::chrono::seconds> eta;
};

/// Settings of runBatch.
struct USEAPI_LUMA_EXPORT BatchOptions {
  /// Required. The SQLite state file (created when missing), readable by other processes
  /// (readBatchState, the sqlite3 tool) while the batch runs: WAL mode, application_id 'LBAT'
  /// (0x4C424154), user_version 1. Table `items`, one row per item: position (from 0), id, type,
  /// request (the canonical JSON wire body), state (as toString names it), account, jobids and
  /// files (JSON arrays), batch_jobid, error, attempts, attempt_started_ms, submitted_ms,
  /// finished_ms, saved_ms (Unix ms). Table `run`: key/value, `stopped_by` and `interrupted`.
  /// The row of an item is on the disk (synced) before its POST is sent and once its job ids
  /// are known. One run per file at a time: the run holds an flock on "<state_file>.lock".
  /// A file that is not a batch state file is refused and left untouched.
  std::filesystem::path state_file;
  /// Required. Where files are saved (created when missing): each downloaded under a hidden
  /// name, then renamed into place; an item is Completed only once all its files are there.
  std::filesystem::path output_dir;
  /// Called on runBatch's thread after each change of an item's state or an account's slots.
  std::function<void(const BatchProgress&)> on_progress;
  /// Called on runBatch's thread once for each item that reaches a final state in this run.
  std::function<void(const BatchItemResult&)> on_result;
  /// Downloads at once; at least 1. A failed download is tried again from the job id (a fresh
  /// record, a fresh URL), 3 times in all, never by creating a new job.
  int max_downloads = 4;
  /// False: an item left Submitting by a crash whose job cannot be found is reported Uncertain.
  /// True: such items are submitted again (the user accepts that a job may be paid twice).
  bool resubmit_uncertain = false;
  /// How jobs are polled (intervals, timeout); its on_update and cancel are not used.
  PollOptions poll;
  /// Stops submitting: jobs already running are still awaited and saved, then runBatch returns.
  CancelToken stop_submitting;
  /// Stops at once (within about 100 ms): running jobs stay recorded for a rerun to pick up.
  CancelToken cancel;
  /// How often GET /accounts is read again while an item waits for a slot: slots held by jobs
  /// that are not the batch's (`executing` less the batch's own) are known from that read, and an
  /// account marked full by a 429 is tried again only once one of the batch's jobs on it ends
  /// or such a read shows room (so at most one 429 per account per freed slot or read).
  std::chrono::milliseconds accounts_refresh{std::chrono::seconds(15)};
};

/// What a batch run (or its state file) says of every item.
struct USEAPI_LUMA_EXPORT BatchReport {
  std::vector<BatchItemResult> items;  ///< In the batch's order.
  /// Non-empty when the API stopped the batch (401 or 402), or could not be reached (a POST
  /// that surely never left, after the client's retries): its message. Items not submitted stay
  /// Queued; jobs already running were still awaited and saved.
  std::string stopped_by;
  bool interrupted = false;  ///< stop_submitting or cancel ended the run early.
  /// How many items are in `state`.
  std::size_t count(BatchItemState state) const;
};

/// Every problem of `items`, each naming the item ("item 3 (cat-2): ..."): requests that fail
/// validate(), ids that are empty, malformed or repeated. Empty when valid. Never throws.
USEAPI_LUMA_EXPORT std::vector<std::string> validateBatch(const std::vector<BatchItem>& items);

/// Runs the batch with a client of its own built from `client_options`, whose job-creating POST
/// is not retried on 429 (the batch schedules instead; see RetryPolicy::retry_capacity). Throws
/// ValidationError (every problem of validateBatch) before anything is sent, and Error when the
/// state file holds a different batch (naming the first item that differs: id, order or
/// request), is in use by another run, is no batch state file, or cannot be written. Returns
/// when every item is final, or stopped (see BatchReport).
///
/// The same call on the same state file resumes: Completed, Failed and Rejected items are
/// skipped, Running ones awaited again by their job ids, Saving ones saved again, and an item
/// left Submitting by a crash is looked for among its account's running jobs (GET /jobs: same
/// type and model, created since its POST started, less 2 s of clock skew, not known to the
/// batch) and adopted when exactly one matches (an image batch: 4 jobs of one instant), else
/// Uncertain. Outcomes per item: 400, 422 and 404 Rejected with the server's message; a failed
/// job Failed; 596 quarantines the account (items pinned to it Failed, the others go to other
/// accounts); 401 and 402 stop submitting (BatchReport::stopped_by); a POST whose answer was
/// lost is reconciled in the same way at once, never resent blindly. POSTs go out on 4 threads
/// of the run, one at a time per account (several accounts at once). Jobs are awaited through
/// the client's I/O thread (awaitJobAsync with BatchOptions::poll); callbacks run on the
/// calling thread.
USEAPI_LUMA_EXPORT BatchReport runBatch(const ClientOptions& client_options,
                                        const std::vector<BatchItem>& items,
                                        const BatchOptions& options);

/// As above, through `client` as it is (for example a Client over a testing::MockConnection).
USEAPI_LUMA_EXPORT BatchReport runBatch(Client& client, const std::vector<BatchItem>& items,
                                        const BatchOptions& options);

/// Where a batch stands, from its state file alone (no network), even while it runs in this or
/// another process (it reads a consistent snapshot and takes no lock of the run). Throws
/// Error when the file is missing, empty (a run is creating it) or is not a batch state file.
USEAPI_LUMA_EXPORT BatchReport readBatchState(const std::filesystem::path& state_file);

/// An SVG picture of a run: one lane per account slot, each job a bar from its submission to its
/// end, coloured by outcome, with a time axis, so that idle slots show as gaps.
USEAPI_LUMA_EXPORT std::string renderBatchTimeline(const BatchReport& report);

}  // namespace useapi::luma
