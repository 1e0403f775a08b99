#include "mock/webhook_dispatcher.hpp"

#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

namespace useapi::luma::mock {
namespace {

constexpr std::size_t kMaxDeliveries = 100000;
constexpr int kTimeoutSeconds = 2;

// "scheme://host[:port]" and "/path?query" of a URL; nullopt unless it is http(s).
std::optional<std::pair<std::string, std::string>> splitUrl(const std::string& url) {
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  if (!http) return std::nullopt;
  const std::size_t host = url.find("://") + 3;
  const std::size_t path = url.find_first_of("/?#", host);
  if (path == host) return std::nullopt;
  if (path == std::string::npos) return std::make_pair(url, std::string("/"));
  std::string target = url.substr(path, url.find('#', path) - path);
  if (target.empty() || target[0] != '/') target.insert(0, "/");
  return std::make_pair(url.substr(0, path), target);
}

}  // namespace

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void WebhookDispatcher::stop() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    pending_.clear();
    if (in_flight_) in_flight_->stop();
    thread = std::move(thread_);
  }
  wake_.notify_all();
  if (thread.joinable()) thread.join();
}

void WebhookDispatcher::schedule(Clock::time_point due, std::string url, Payload payload,
                                 bool final) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    Pending pending;
    pending.url = std::move(url);
    pending.payload = std::move(payload);
    pending.final = final;
    enqueue(due, std::move(pending));
  }
  wake_.notify_all();
}

std::vector<WebhookDelivery> WebhookDispatcher::deliveries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return deliveries_;
}

void WebhookDispatcher::queueFault(CallbackFault fault) {
  static const std::vector<std::string> kinds = {"delay", "duplicate", "reorder", "drop", "dead"};
  if (std::find(kinds.begin(), kinds.end(), fault.kind) == kinds.end()) {
    throw std::invalid_argument("unknown callback fault \"" + fault.kind +
                                "\" (delay, duplicate, reorder, drop, dead)");
  }
  if (fault.times < 0 || fault.delay_ms < 0 || fault.dead_attempts < 0) {
    throw std::invalid_argument("a callback fault's numbers must not be negative");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.push_back(std::move(fault));
}

void WebhookDispatcher::enqueue(Clock::time_point due, Pending pending) {
  pending_.emplace(std::make_pair(due, next_sequence_++), std::move(pending));
}

void WebhookDispatcher::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (pending_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto first = pending_.begin();
    const Clock::time_point due = first->first.first;
    const Clock::time_point now = Clock::now();
    if (now < due) {
      wake_.wait_until(lock, due);
      continue;
    }
    Pending next = std::move(first->second);
    pending_.erase(first);
    if (!next.body) {  // first due: built now, as the job is now
      lock.unlock();
      std::string body = next.payload();
      lock.lock();
      next.body = std::move(body);
    }
    if (!next.faulted && applyFault(next, now)) continue;
    attempt(lock, std::move(next));
  }
}

bool WebhookDispatcher::applyFault(Pending& pending, Clock::time_point now) {
  pending.faulted = true;
  const auto found = std::find_if(faults_.begin(), faults_.end(), [&](const CallbackFault& fault) {
    return fault.times > 0 && (pending.final || !fault.final_only);
  });
  if (found == faults_.end()) return false;
  const CallbackFault fault = *found;
  if (--found->times == 0) faults_.erase(found);
  pending.record.fault = fault.kind;
  const auto later = now + std::chrono::milliseconds(fault.delay_ms);
  if (fault.kind == "drop") {
    WebhookDelivery dropped;
    dropped.url = pending.url;
    dropped.body = *pending.body;
    dropped.error = "dropped by a callback fault";
    dropped.attempts = 0;
    dropped.fault = fault.kind;
    if (deliveries_.size() < kMaxDeliveries) deliveries_.push_back(std::move(dropped));
    return true;
  }
  if (fault.kind == "delay") {
    enqueue(later, std::move(pending));
    return true;
  }
  if (fault.kind == "duplicate" || fault.kind == "reorder") {
    Pending copy = pending;
    if (fault.kind == "reorder") copy.body = staleCopy(*pending.body);
    enqueue(later, std::move(copy));
    return false;  // the first goes now
  }
  pending.dead_left = fault.dead_attempts;  // "dead"
  return false;
}

void WebhookDispatcher::attempt(std::unique_lock<std::mutex>& lock, Pending pending) {
  WebhookDelivery& record = pending.record;
  record.attempted_at.push_back(Clock::now());
  record.attempts = static_cast<int>(record.attempted_at.size());
  WebhookDelivery result;
  if (pending.dead_left > 0) {
    --pending.dead_left;
    result.error = "the receiver is dead (callback fault)";
  } else {
    lock.unlock();
    result = deliver(pending.url, *pending.body);
    lock.lock();
  }
  record.url = pending.url;
  record.body = *pending.body;
  record.status = result.status;
  record.error = result.error;
  const bool failed = result.status == 0 || result.status >= 500;
  if (failed && record.attempts <= kCallbackRetries && !stopping_) {
    const auto retry_at = record.attempted_at.back() + kCallbackRetryPause;
    enqueue(retry_at, std::move(pending));
    return;
  }
  if (deliveries_.size() < kMaxDeliveries) deliveries_.push_back(std::move(record));
}

std::string staleCopy(const std::string& body) {
  nlohmann::json payload = nlohmann::json::parse(body, nullptr, false);
  if (!payload.is_object()) return body;
  const auto stale = [](nlohmann::json& record) {
    record["status"] = "processing";
    record["response"] = nullptr;
    record["updated"] = nullptr;
  };
  stale(payload);
  const auto images = payload.find("images");
  if (images != payload.end() && images->is_array()) {
    for (auto& image : *images) {
      if (image.is_object()) stale(image);
    }
  }
  return payload.dump();
}

WebhookDelivery WebhookDispatcher::deliver(const std::string& url, std::string body) {
  WebhookDelivery delivery;
  delivery.url = url;
  delivery.body = std::move(body);
  const auto parts = splitUrl(url);
  if (!parts) {
    delivery.error = "not an http(s) URL";
    return delivery;
  }
  httplib::Client client(parts->first);
  if (!client.is_valid()) {
    delivery.error = "cannot connect to " + parts->first;
    return delivery;
  }
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(kTimeoutSeconds, 0);
  client.set_read_timeout(kTimeoutSeconds, 0);
  client.set_write_timeout(kTimeoutSeconds, 0);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      delivery.error = "luma-mock is stopping";
      return delivery;
    }
    in_flight_ = &client;
  }
  const httplib::Result result = client.Post(parts->second, delivery.body, "application/json");
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_ = nullptr;
  }
  if (result) {
    delivery.status = result->status;
  } else {
    delivery.error = httplib::to_string(result.error());
  }
  return delivery;
}

}  // namespace useapi::luma::mock
