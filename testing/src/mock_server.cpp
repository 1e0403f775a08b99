// testing::MockServer: the public, std-only face of luma-mock (tools/mock) for users' tests.

#include "useapi/luma/testing/mock_server.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "mock/account_store.hpp"
#include "mock/mock_server.hpp"

namespace useapi::luma::testing {
namespace {

using namespace std::chrono_literals;

std::chrono::milliseconds millisecondsOf(double seconds) {
  return std::chrono::milliseconds(std::llround(seconds * 1000.0));
}

// The longest a job of these options may run.
double longestJobSeconds(const MockServerOptions& options) {
  double longest = options.job_seconds;
  for (const auto& entry : options.job_seconds_for) longest = std::max(longest, entry.second.max);
  return longest;
}

mock::MockOptions mockOptionsOf(const MockServerOptions& options) {
  if (!(options.job_seconds >= 0) || options.job_seconds > 86400.0) {
    throw std::invalid_argument("MockServerOptions::job_seconds must be between 0 and 86400");
  }
  if (options.concurrency < 1) {
    throw std::invalid_argument("MockServerOptions::concurrency must be at least 1");
  }
  if (options.token.empty()) {
    throw std::invalid_argument("MockServerOptions::token must not be empty");
  }
  mock::MockOptions mock_options;
  mock_options.host = "127.0.0.1";
  mock_options.port = 0;
  mock_options.tokens = {options.token};
  mock_options.job_duration = std::chrono::milliseconds(std::llround(options.job_seconds * 1000.0));
  mock_options.concurrency = options.concurrency;
  mock_options.webhook_on_submission = options.webhook_on_submission;
  if (options.accounts < 0) {
    throw std::invalid_argument("MockServerOptions::accounts must not be negative");
  }
  mock_options.accounts = options.accounts;
  mock_options.seed = options.seed;
  for (const auto& [kind, range] : options.job_seconds_for) {
    if (!(range.min >= 0) || !(range.max >= range.min) || range.max > 86400.0) {
      throw std::invalid_argument("MockServerOptions::job_seconds_for[\"" + kind +
                                  "\"] must have 0 <= min <= max <= 86400");
    }
    mock_options.job_durations[kind] = {millisecondsOf(range.min), millisecondsOf(range.max)};
  }
  if (options.media_ttl_seconds) {
    if (!(*options.media_ttl_seconds > 0) || *options.media_ttl_seconds > 86400.0) {
      throw std::invalid_argument(
          "MockServerOptions::media_ttl_seconds must be above 0 and at most 86400");
    }
    mock_options.media_ttl = millisecondsOf(*options.media_ttl_seconds);
  }
  return mock_options;
}

// MockFault mirrors mock::Fault field for field (the public header may not include luma-mock's):
// one copy serves both directions.
template <class To, class From>
To faultFieldsOf(From fault) {
  To result;
  result.route = std::move(fault.route);
  result.status = fault.status;
  result.body = std::move(fault.body);
  result.retry_after_seconds = fault.retry_after_seconds;
  result.times = fault.times;
  result.stall_ms = fault.stall_ms;
  result.after_acting = fault.after_acting;
  result.truncate_after_bytes = fault.truncate_after_bytes;
  result.reset = fault.reset;
  result.drip_bytes_per_second = fault.drip_bytes_per_second;
  result.content_type = std::move(fault.content_type);
  return result;
}

mock::Fault mockFaultOf(MockFault fault) { return faultFieldsOf<mock::Fault>(std::move(fault)); }

MockFault publicFaultOf(mock::Fault fault) { return faultFieldsOf<MockFault>(std::move(fault)); }

MockRequest publicRequestOf(mock::RecordedRequest request) {
  MockRequest result;
  result.method = std::move(request.method);
  result.target = std::move(request.target);
  result.path = std::move(request.path);
  result.headers = std::move(request.headers);
  result.body = std::move(request.body);
  result.remote_port = request.remote_port;
  result.received_at = request.received_at;
  return result;
}

MockWebhookDelivery publicDeliveryOf(mock::WebhookDelivery delivery) {
  MockWebhookDelivery result;
  result.url = std::move(delivery.url);
  result.body = std::move(delivery.body);
  result.status = delivery.status;
  result.error = std::move(delivery.error);
  return result;
}

}  // namespace

class MockServer::Impl {
 public:
  explicit Impl(MockServerOptions options)
      : options_(std::move(options)), server_(mockOptionsOf(options_)) {
    server_.start();
  }
  ~Impl() { server_.stop(); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  const MockServerOptions& options() const { return options_; }
  mock::MockServer& server() { return server_; }
  const mock::MockServer& server() const { return server_; }

 private:
  const MockServerOptions options_;
  mock::MockServer server_;
};

MockServer::MockServer(MockServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
MockServer::~MockServer() = default;

std::string MockServer::baseUrl() const { return impl_->server().baseUrl(); }
std::string MockServer::token() const { return impl_->options().token; }
int MockServer::port() const { return impl_->server().port(); }

ClientOptions MockServer::clientOptions() const {
  ClientOptions options;
  options.api_token = token();
  options.base_url = baseUrl();
  options.retry.initial_backoff = 10ms;
  options.retry.max_backoff = 100ms;
  return options;
}

PollOptions MockServer::pollOptions() const {
  const auto job = millisecondsOf(longestJobSeconds(impl_->options()));
  PollOptions options;
  options.initial_interval = std::clamp(job / 10, std::chrono::milliseconds(10), 200ms);
  options.max_interval = std::clamp(job / 4, std::chrono::milliseconds(20), 1000ms);
  options.timeout = job * 4 + 30s;
  return options;
}

void MockServer::queueFault(MockFault fault) {
  impl_->server().queueFault(mockFaultOf(std::move(fault)));
}

void MockServer::queueCallbackFault(MockCallbackFault fault) {
  mock::CallbackFault scripted;
  scripted.kind = std::move(fault.kind);
  scripted.times = fault.times;
  scripted.delay_ms = fault.delay_ms;
  scripted.dead_attempts = fault.dead_attempts;
  scripted.final_only = fault.final_only;
  impl_->server().queueCallbackFault(std::move(scripted));
}

std::vector<std::string> MockServer::firedFaults() const { return impl_->server().firedFaults(); }

std::vector<MockFault> MockServer::pendingFaults() const {
  std::vector<MockFault> faults;
  for (auto& fault : impl_->server().pendingFaults()) faults.push_back(publicFaultOf(fault));
  return faults;
}

void MockServer::clearFaults() { impl_->server().clearFaults(); }

std::vector<MockRequest> MockServer::requests() const {
  std::vector<MockRequest> requests;
  for (auto& request : impl_->server().requests()) requests.push_back(publicRequestOf(request));
  return requests;
}

std::size_t MockServer::jobsCreated() const { return impl_->server().jobsCreated(); }

std::size_t MockServer::capacityRefusals() const { return impl_->server().capacityRefusals(); }

std::vector<MockWebhookDelivery> MockServer::webhookDeliveries() const {
  std::vector<MockWebhookDelivery> deliveries;
  for (auto& delivery : impl_->server().webhookDeliveries()) {
    deliveries.push_back(publicDeliveryOf(delivery));
  }
  return deliveries;
}

std::vector<std::string> MockServer::accountEmails() const {
  std::vector<std::string> emails;
  const mock::MockOptions defaults;
  for (int n = 1; n <= impl_->options().accounts; ++n) {
    emails.push_back(mock::numberedEmail(defaults.email, n));
  }
  return emails;
}

std::vector<std::string> MockServer::addForeignJobs(const std::string& email, int count,
                                                    double seconds, const std::string& type,
                                                    const std::string& model) {
  if (!(seconds >= 0) || seconds > 86400.0) {
    throw std::invalid_argument("addForeignJobs: seconds must be between 0 and 86400");
  }
  mock::ForeignJobs jobs;
  jobs.email = email;
  jobs.count = count;
  jobs.duration = millisecondsOf(seconds);
  jobs.type = type;
  jobs.model = model;
  return impl_->server().addForeignJobs(jobs);
}

void MockServer::expireAccount(const std::string& email) {
  if (!impl_->server().expireAccount(email)) {
    throw std::invalid_argument("expireAccount: no account " + email);
  }
}

void MockServer::restoreAccount(const std::string& email) {
  if (!impl_->server().restoreAccount(email)) {
    throw std::invalid_argument("restoreAccount: no account " + email);
  }
}

}  // namespace useapi::luma::testing
