#pragma once
// The mock's jobs: creation on an account with a free concurrency slot, a lifecycle driven by the
// clock, listing and deletion.

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mock/job_durations.hpp"
#include "mock/job_ids.hpp"
#include "mock/request_checks.hpp"
#include "mock/seeded_random.hpp"
#include "mock/stamps.hpp"

namespace useapi::luma::mock {

using MockClock = std::chrono::steady_clock;

/// One job the mock created: a video, an image, or the parent of an image batch.
struct MockJob {
  std::size_t index = 0;  ///< Also names its media: /media/{index}/...
  std::string jobid;
  std::string type;  ///< "video" or "image"
  bool batch_parent = false;
  int user = 0;
  std::string account;  ///< The email of the account it runs on.
  CheckedRequest request;
  MockClock::time_point created_at;
  std::string created_iso;  ///< The same instant as the time in its id's stem.
  std::string updated_iso;  ///< When it becomes final: its record's `updated` from then on.
  bool will_fail = false;
  std::optional<std::string> reply_ref;
  std::optional<std::string> reply_url;
  std::vector<std::string> children;      ///< A batch parent's image jobs.
  std::string parent;                     ///< A batch image's parent job; empty otherwise.
  std::chrono::milliseconds duration{0};  ///< From creation to final.
  bool foreign = false;  ///< Made by another process (MockServer::addForeignJobs), not a route.
};

/// An account a job may run on, with its concurrency limit.
struct AccountSlot {
  std::string email;
  int concurrency = 0;
};

/// What a new job carries besides its request.
struct JobExtras {
  bool will_fail = false;  ///< Ends failed instead of completed.
  std::optional<std::string> reply_ref;
  std::optional<std::string> reply_url;
};

/// Jobs and their lifecycle: created, pending, processing over the job's duration, then
/// completed (or failed). Thread-safe.
class JobStore {
 public:
  /// Jobs that run for `job_duration` (or as `durations` says for their kind), with ids as
  /// usual or as `ids` scripts them; `seed` seeds the account choice and the durations.
  explicit JobStore(std::chrono::milliseconds job_duration, IdScript ids = {},
                    std::map<std::string, DurationRange> durations = {}, std::uint32_t seed = 1);

  /// Creates a video job for `user` on one of `accounts` with a free slot, chosen at random
  /// (seeded) among them, or returns nullopt when every one is at its concurrency limit.
  std::optional<MockJob> createVideo(int user, const std::vector<AccountSlot>& accounts,
                                     const CheckedRequest& request, const JobExtras& extras);
  /// Creates an image batch (a parent and 4 image jobs; one slot) as createVideo does.
  std::optional<MockJob> createImageBatch(int user, const std::vector<AccountSlot>& accounts,
                                          const CheckedRequest& request, const JobExtras& extras);
  /// Creates up to `count` jobs of another process (MockJob::foreign) of `type` ("video" or
  /// "image": a batch) on `account`, each running for `duration`, as many as it has free slots;
  /// returns them (a batch's parent for images).
  std::vector<MockJob> createForeign(int user, const AccountSlot& account, const std::string& type,
                                     int count, std::chrono::milliseconds duration,
                                     const CheckedRequest& request);
  /// The job with this id, unless it was deleted.
  std::optional<MockJob> find(const std::string& jobid) const;
  /// The job whose media index is `index`, unless it was deleted.
  std::optional<MockJob> findByIndex(std::size_t index) const;
  /// The user's running jobs that take a slot (videos and batch parents), oldest first.
  std::vector<MockJob> runningJobs(int user) const;
  /// How many slots the user's running jobs take, on one account or (nullopt) on all.
  int executing(int user, const std::optional<std::string>& account = std::nullopt) const;
  /// Credits the account's completed jobs used (a video 2, an image 1).
  int creditsUsed(int user, const std::string& account) const;
  /// Deletes a job, and the images of a batch parent. Returns false when there is no such job.
  bool erase(const std::string& jobid);
  /// The job's status now: created, pending, processing, completed or failed.
  std::string statusOf(const MockJob& job) const;
  /// When the job becomes final (completed or failed).
  MockClock::time_point finalAt(const MockJob& job) const;
  /// How many generation requests created jobs (an image batch counts once).
  std::size_t submissions() const;
  /// How many generation requests found no free slot (each answered 429).
  std::size_t refusals() const;

 private:
  /// The moment a request creates its jobs: its id stem and its times.
  struct Creation {
    std::string stem;
    MockClock::time_point steady;
    std::chrono::system_clock::time_point wall;
  };
  Creation beginCreation(char letter, bool scripted = true);
  MockJob makeJob(int user, const std::string& account, const CheckedRequest& request,
                  const std::string& type, const Creation& creation, const JobExtras& extras,
                  std::chrono::milliseconds duration, bool scripted = true);
  MockJob makeBatch(int user, const std::string& account, const CheckedRequest& request,
                    const JobExtras& extras, std::chrono::milliseconds duration, bool scripted);
  const AccountSlot* freeAccount(int user, const std::vector<AccountSlot>& accounts);
  void track(const MockJob& job);
  std::vector<std::size_t>& pruned(std::vector<std::size_t>& indices) const;
  int runningOn(int user, const std::optional<std::string>& account) const;
  bool running(const MockJob& job) const;
  bool takesSlot(const MockJob& job) const;

  mutable std::mutex mutex_;
  JobDurations durations_;
  SeededRandom account_choice_;
  std::vector<MockJob> jobs_;  // by index; deleted jobs stay here, without an id in by_id_
  std::vector<bool> deleted_;
  // The indices of jobs that take a slot and may still run, per user and account; pruned as
  // they end, so that capacity checks cost the running jobs, not every job ever made.
  mutable std::map<int, std::map<std::string, std::vector<std::size_t>>> may_run_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::size_t submissions_ = 0;
  std::size_t refusals_ = 0;
  std::optional<std::chrono::system_clock::time_point> scripted_created_;
  RequestDigits request_digits_;
  std::deque<std::string> scripted_uuids_;
};

/// The pixel size of a generated picture or video frame.
struct FrameSize {
  int width;
  int height;
};
/// The size of generated images for an aspect ratio (about 512 px on the long side).
FrameSize imageSizeFor(const std::string& aspect_ratio);
/// The size of generated videos for an aspect ratio (multiples of 16).
FrameSize videoSizeFor(const std::string& aspect_ratio);
/// Frames and rate of generated videos: 2 seconds.
inline constexpr int kVideoFrames = 16;
inline constexpr int kVideoFps = 8;
inline constexpr double kVideoSeconds = 2.0;

}  // namespace useapi::luma::mock
