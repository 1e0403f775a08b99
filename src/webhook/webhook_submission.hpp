#pragma once
// What a generate* call does for its webhook: a secret opened before the POST, bound to the jobs
// it created after, and the kind of those jobs (for the safety net's timing).

#include <string>
#include <vector>

#include "useapi/luma/requests.hpp"
#include "wait/duration_estimator.hpp"
#include "webhook/job_events.hpp"

namespace useapi::luma::detail {

/// The kind of the jobs `request` creates, the server's defaults filled in.
JobKind kindOf(const ImageRequest& request);
/// The kind of the job `request` creates, the server's defaults filled in.
JobKind kindOf(const VideoRequest& request);

/// One generate* call's secret: opened by the constructor, forgotten by the destructor unless
/// bind() was called (the POST failed: no job will ever call back).
class WebhookSecret {
 public:
  explicit WebhookSecret(JobEvents& events) : events_(events), secret_(events.open()) {}
  ~WebhookSecret() {
    if (!bound_) events_.close(secret_);
  }
  WebhookSecret(const WebhookSecret&) = delete;
  WebhookSecret& operator=(const WebhookSecret&) = delete;

  /// The replyUrl to send: `base` + "/" + the secret.
  std::string replyUrl(const std::string& base) const { return base + "/" + secret_; }
  /// The jobs the POST created, of `kind`.
  void bind(const std::vector<std::string>& jobids, const JobKind& kind) {
    events_.bind(secret_, jobids, kind);
    bound_ = true;
  }

 private:
  JobEvents& events_;
  const std::string secret_;
  bool bound_ = false;
};

/// The secret of a callback POSTed to `path` (its last segment, without a query); empty if none.
std::string secretOfPath(std::string_view path);

}  // namespace useapi::luma::detail
