#include "webhook/job_events.hpp"

#include <algorithm>
#include <array>
#include <random>

namespace useapi::luma::detail {

std::string newWebhookSecret() {
  // std::random_device reads the system's CSPRNG (getrandom / /dev/urandom) on the platforms
  // this library builds for; 4 draws of 32 bits make 128.
  std::random_device device;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string secret;
  secret.reserve(32);
  for (int word = 0; word < 4; ++word) {
    std::uint32_t bits = device();
    for (int digit = 0; digit < 8; ++digit) {
      secret.push_back(kHex[bits & 0xfU]);
      bits >>= 4U;
    }
  }
  return secret;
}

int statusRank(const Job& record) {
  switch (record.status) {
    case JobStatus::Completed:
    case JobStatus::Failed:
      return 2;
    case JobStatus::Created:
    case JobStatus::Pending:
      return 0;
    default:  // processing, or a status the library does not know: running
      return 1;
  }
}

JobEvents::JobEvents(bool confirm, std::shared_ptr<TimeSource> time)
    : confirm_(confirm), time_(std::move(time)) {}

void JobEvents::setUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::lock_guard<std::mutex> lock(mutex_);
  url_ = std::move(url);
}

std::string JobEvents::url() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return url_;
}

bool JobEvents::knows(const std::string& secret) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return secrets_.count(secret) != 0;
}

std::string JobEvents::open() {
  std::string secret = newWebhookSecret();
  std::lock_guard<std::mutex> lock(mutex_);
  secrets_[secret];
  secret_order_.push_back(secret);
  if (secrets_.size() > kMaxSecrets) forgetOldest();
  return secret;
}

void JobEvents::bind(const std::string& secret, const std::vector<std::string>& jobids,
                     const JobKind& kind) {
  const Registration registration{time_->now(), kind};
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = secrets_.find(secret);
  if (found == secrets_.end()) return;  // forgotten meanwhile
  Secret& entry = found->second;
  entry.bound = true;
  entry.jobids = jobids;
  for (const auto& jobid : jobids) jobs_[jobid].registration = registration;
  std::vector<WebhookEvent> held;
  held.swap(entry.held);
  for (const auto& event : held) apply(entry, event);
}

void JobEvents::close(const std::string& secret) {
  std::lock_guard<std::mutex> lock(mutex_);
  secrets_.erase(secret);
  secret_order_.erase(std::remove(secret_order_.begin(), secret_order_.end(), secret),
                      secret_order_.end());
}

JobEvents::Outcome JobEvents::deliver(const std::string& secret, const WebhookEvent& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = secrets_.find(secret);
  if (found == secrets_.end()) return Outcome::UnknownSecret;
  Secret& entry = found->second;
  if (!entry.bound) {  // before generate* returned: held, checked once the ids are known
    if (entry.held.size() < kMaxHeld) entry.held.push_back(event);
    return Outcome::Accepted;
  }
  return apply(entry, event) ? Outcome::Accepted : Outcome::NotItsJob;
}

bool JobEvents::apply(const Secret& secret, const WebhookEvent& event) {
  bool ours = applyRecord(secret, event.job);
  for (const Job& image : event.images) ours = applyRecord(secret, image) || ours;
  return ours;
}

bool JobEvents::applyRecord(const Secret& secret, const Job& record) {
  if (std::find(secret.jobids.begin(), secret.jobids.end(), record.jobid) == secret.jobids.end()) {
    return false;
  }
  JobState& state = jobs_[record.jobid];
  const int rank = statusRank(record);
  if (rank <= state.rank) return true;  // a duplicate, or late: nothing newer
  state.rank = rank;
  state.latest = record;
  for (auto& [id, listener] : state.listeners) listener(record);
  return true;
}

std::optional<JobEvents::Registration> JobEvents::registration(const std::string& jobid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = jobs_.find(jobid);
  if (found == jobs_.end()) return std::nullopt;
  return found->second.registration;
}

JobEvents::Subscription JobEvents::subscribe(const std::string& jobid, Listener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  JobState& state = jobs_[jobid];
  const std::uint64_t id = next_listener_++;
  if (state.latest) listener(*state.latest);
  state.listeners.emplace(id, std::move(listener));
  return Subscription(this, jobid, id);
}

void JobEvents::unsubscribe(const std::string& jobid, std::uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = jobs_.find(jobid);
  if (found == jobs_.end()) return;
  found->second.listeners.erase(id);
  const JobState& state = found->second;
  if (state.listeners.empty() && !state.registration && !state.latest) jobs_.erase(found);
}

void JobEvents::forgetOldest() {
  while (secrets_.size() > kMaxSecrets && !secret_order_.empty()) {
    const std::string oldest = secret_order_.front();
    secret_order_.pop_front();
    const auto found = secrets_.find(oldest);
    if (found == secrets_.end()) continue;
    for (const auto& jobid : found->second.jobids) {
      const auto job = jobs_.find(jobid);
      if (job != jobs_.end() && job->second.listeners.empty()) jobs_.erase(job);
    }
    secrets_.erase(found);
  }
}

JobEvents::Subscription::Subscription(JobEvents* events, std::string jobid, std::uint64_t id)
    : events_(events), jobid_(std::move(jobid)), id_(id) {}

JobEvents::Subscription::~Subscription() { reset(); }

JobEvents::Subscription::Subscription(Subscription&& other) noexcept
    : events_(other.events_), jobid_(std::move(other.jobid_)), id_(other.id_) {
  other.events_ = nullptr;
}

JobEvents::Subscription& JobEvents::Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    events_ = other.events_;
    jobid_ = std::move(other.jobid_);
    id_ = other.id_;
    other.events_ = nullptr;
  }
  return *this;
}

void JobEvents::Subscription::reset() {
  if (events_) events_->unsubscribe(jobid_, id_);
  events_ = nullptr;
}

}  // namespace useapi::luma::detail
