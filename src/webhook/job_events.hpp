#pragma once
// The webhook callbacks one client receives: which secret (the last segment of a replyUrl)
// belongs to which jobs, each job's state as the callbacks tell it (moving only forward), and
// the waits listening for it.

#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "time/time_source.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/webhook.hpp"
#include "wait/duration_estimator.hpp"

namespace useapi::luma::detail {

/// A fresh secret for a replyUrl: 128 bits from the system's CSPRNG, as 32 hex digits.
std::string newWebhookSecret();

/// Per-client registry of webhook secrets and per-job state machine. Thread-safe.
///
/// A job's state only moves forward (created/pending, then processing or another running status,
/// then completed or failed): a callback that says nothing newer (a duplicate, a late or
/// reordered one) is dropped. Listeners run on the thread that delivers the callback, under this
/// object's lock: they must be quick and must not call it.
class JobEvents {
 public:
  /// Told of each callback that moved a job forward: the record it carries (unconfirmed).
  using Listener = std::function<void(const Job& hinted)>;

  /// What deliver() made of a callback.
  enum class Outcome {
    Accepted,       ///< Applied (or held until its secret's jobs are known), maybe as a duplicate.
    UnknownSecret,  ///< No generate* call of this client used that secret: no effect.
    NotItsJob,      ///< The secret is known but the payload is about none of its jobs.
  };

  /// What a wait needs to know of a job created with a webhook.
  struct Registration {
    Clock::time_point returned;  ///< When generate* returned the job's id.
    JobKind kind;                ///< Its kind, from the request.
  };

  /// `confirm`: whether a wait confirms a callback by one GET before trusting it. `time`: the
  /// clock of the instants registered (the waits' clock).
  explicit JobEvents(bool confirm, std::shared_ptr<TimeSource> time = systemTime());

  /// Whether waits confirm a callback with a GET before trusting it.
  bool confirms() const { return confirm_; }
  /// Sets the URL generate* calls send, a secret appended (empty: no webhooks).
  void setUrl(std::string url);
  /// The URL set, empty if none.
  std::string url() const;
  /// Whether `secret` is one of open()'s, not yet forgotten.
  bool knows(const std::string& secret) const;

  /// Before a generate* POST: a new secret, known from now on (a callback may come before the
  /// POST returns; it is held until bind()).
  std::string open();
  /// After the POST: the jobs the secret belongs to (an image batch: the parent and its 4
  /// images), their kind, and now as the instant generate* returned; held callbacks are applied.
  void bind(const std::string& secret, const std::vector<std::string>& jobids, const JobKind& kind);
  /// The POST failed: the secret is forgotten.
  void close(const std::string& secret);

  /// Applies one parsed callback POSTed to `secret`.
  Outcome deliver(const std::string& secret, const WebhookEvent& event);

  /// The registration of `jobid`, when it was created with this client's webhook.
  std::optional<Registration> registration(const std::string& jobid) const;

  /// Removes its listener when destroyed (after which it is never called again).
  class Subscription {
   public:
    Subscription() = default;
    Subscription(JobEvents* events, std::string jobid, std::uint64_t id);
    ~Subscription();
    Subscription(Subscription&& other) noexcept;
    Subscription& operator=(Subscription&& other) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    void reset();
    JobEvents* events_ = nullptr;
    std::string jobid_;
    std::uint64_t id_ = 0;
  };

  /// Calls `listener` with each later callback that moves `jobid` forward, and at once with the
  /// latest one already applied, if any.
  Subscription subscribe(const std::string& jobid, Listener listener);

  /// The most secrets kept: past it the oldest are forgotten (their jobs are then polled).
  static constexpr std::size_t kMaxSecrets = 65536;
  /// The most callbacks held for a secret whose jobs are not known yet.
  static constexpr std::size_t kMaxHeld = 16;

 private:
  struct JobState {
    int rank = -1;              // -1 none yet, 0 created/pending, 1 running, 2 final
    std::optional<Job> latest;  // the record of the latest callback applied
    std::optional<Registration> registration;
    std::map<std::uint64_t, Listener> listeners;
  };
  struct Secret {
    bool bound = false;
    std::vector<std::string> jobids;
    std::vector<WebhookEvent> held;  // before bind()
  };

  bool apply(const Secret& secret, const WebhookEvent& event);  // under mutex_
  bool applyRecord(const Secret& secret, const Job& record);    // under mutex_
  void unsubscribe(const std::string& jobid, std::uint64_t id);
  void forgetOldest();  // under mutex_

  const bool confirm_;
  const std::shared_ptr<TimeSource> time_;
  mutable std::mutex mutex_;  // guards what follows
  std::string url_;
  std::unordered_map<std::string, Secret> secrets_;
  std::deque<std::string> secret_order_;  // oldest first
  std::unordered_map<std::string, JobState> jobs_;
  std::uint64_t next_listener_ = 1;
};

/// The rank of a status in a job's life: 0 created/pending, 1 running (processing or unknown),
/// 2 final.
int statusRank(const Job& record);

}  // namespace useapi::luma::detail
