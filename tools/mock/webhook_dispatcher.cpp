#include "mock/webhook_dispatcher.hpp"

#include <httplib.h>

#include <optional>

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

void WebhookDispatcher::schedule(Clock::time_point due, std::string url, Payload payload) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    pending_.emplace(std::make_pair(due, next_sequence_++),
                     Pending{std::move(url), std::move(payload)});
  }
  wake_.notify_all();
}

std::vector<WebhookDelivery> WebhookDispatcher::deliveries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return deliveries_;
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
    if (Clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;
    }
    Pending next = std::move(first->second);
    pending_.erase(first);
    lock.unlock();
    WebhookDelivery delivery = deliver(next.url, next.payload());
    lock.lock();
    if (deliveries_.size() < kMaxDeliveries) deliveries_.push_back(std::move(delivery));
  }
}

WebhookDelivery WebhookDispatcher::deliver(const std::string& url, std::string body) {
  WebhookDelivery delivery{url, std::move(body), 0, {}};
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
