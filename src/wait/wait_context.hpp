#pragma once
// What every wait of one client shares beyond its PollOptions: the job durations it has learned
// and the webhook callbacks it receives. The Client owns one and hands it to each of its waits.

#include <memory>

#include "wait/duration_estimator.hpp"

namespace useapi::luma::detail {

class JobEvents;  // the webhook callbacks a client received (src/webhook/)

/// The state the waits of one client share. Each member is thread-safe.
struct WaitContext {
  /// How long jobs of each kind take, learned from the jobs this client saw end.
  std::shared_ptr<DurationEstimator> durations = std::make_shared<DurationEstimator>();
  /// The callbacks this client receives; null while it takes no webhooks.
  std::shared_ptr<JobEvents> events;
};

/// Makes `context` the one the waits started on this thread use while the scope lives: the
/// Client opens one around each call that waits. Why a thread-local and not a parameter: the
/// waits run inside Connection::awaitEach/awaitJobAsync, public virtuals that users' own
/// connections override, and a new parameter there would break every such override; so the
/// context rides along the call on its thread, the way PublicCallName does. Scopes nest.
class WaitContextScope {
 public:
  explicit WaitContextScope(std::shared_ptr<WaitContext> context);
  ~WaitContextScope();
  WaitContextScope(const WaitContextScope&) = delete;
  WaitContextScope& operator=(const WaitContextScope&) = delete;

  /// The context of the innermost scope open on this thread; without one, a context shared by
  /// every wait of the process started outside a Client (a Connection used directly).
  static std::shared_ptr<WaitContext> current();

 private:
  std::shared_ptr<WaitContext> previous_;
};

}  // namespace useapi::luma::detail
