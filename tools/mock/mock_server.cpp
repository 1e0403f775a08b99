// MockServer: wires the routes (one file per concept, see routes.hpp) to cpp-httplib, wrapping
// each with request recording, scripted faults and authorisation.

#include "mock/mock_server.hpp"

#include <httplib.h>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "mock/blob_media.hpp"
#include "mock/callback_fault_route.hpp"
#include "mock/connection_reset.hpp"
#include "mock/fault_json.hpp"
#include "mock/http_answers.hpp"
#include "mock/media_links.hpp"
#include "mock/mock_controls.hpp"
#include "mock/routes.hpp"
#include "mock/slow_drip.hpp"

namespace useapi::luma::mock {
namespace {

using nlohmann::json;

const std::string kApiRoot = "/v1/luma";
constexpr std::size_t kMaxRecordedRequests = 100000;
// Uploads may be up to 20 MB; larger ones must reach the route to get the API's 400.
constexpr std::size_t kMaxRequestBodyBytes = std::size_t{64} << 20;

// The listening socket's options: SO_REUSEADDR (a restart may bind while old connections linger
// in TIME_WAIT) but, unlike cpp-httplib's default, never SO_REUSEPORT, with which a second
// server binds the same port and the kernel splits the connections between the two.
/// Connections waiting to be accepted.
constexpr int kListenBacklog = 1024;

void exclusivePortOptions(socket_t sock) {
  const int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

// Why a server cannot listen on host:port: "port in use" when another socket listens there,
// else what the system says when a plain socket tries to bind it.
std::string bindProblem(const std::string& host, int port) {
  ::addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  ::addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || !found) {
    return "cannot resolve the host";
  }
  std::string problem = "cannot bind";
  const socket_t sock = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (sock >= 0) {
    exclusivePortOptions(sock);
    if (bind(sock, found->ai_addr, found->ai_addrlen) != 0 || listen(sock, 1) != 0) {
      problem = errno == EADDRINUSE ? "port in use" : std::strerror(errno);
    }
    close(sock);
  }
  freeaddrinfo(found);
  return problem;
}

// Whether a fault's route ("METHOD /path-prefix") matches a request's "METHOD /path".
bool routeMatches(const std::string& fault_route, const std::string& method,
                  const std::string& path) {
  const std::size_t space = fault_route.find(' ');
  if (fault_route.compare(0, space, method) != 0) return false;
  const std::string prefix = space == std::string::npos ? "" : fault_route.substr(space + 1);
  return path.compare(0, prefix.size(), prefix) == 0;
}

// Whether the route runs for a request a fault (if any) answers: always without a fault, first
// with after_acting, and with status 0 unless the fault resets the connection.
bool routeActs(const std::optional<Fault>& fault) {
  return !fault || fault->after_acting || (fault->status == 0 && !fault->reset);
}

// Throws std::invalid_argument when options cannot work.
MockOptions checkedOptions(MockOptions options) {
  if (options.accounts < 0) throw std::invalid_argument("MockOptions::accounts is negative");
  if (options.serving_threads < 1) {
    throw std::invalid_argument("MockOptions::serving_threads must be at least 1");
  }
  for (const auto& [kind, range] : options.job_durations) {
    if (range.min.count() < 0 || range.max < range.min) {
      throw std::invalid_argument("MockOptions::job_durations[\"" + kind +
                                  "\"] must have 0 <= min <= max");
    }
  }
  return options;
}

}  // namespace

class MockServer::Impl {
 public:
  explicit Impl(MockOptions options) : mock_(checkedOptions(std::move(options))) {
    server_.set_tcp_nodelay(true);
    server_.set_socket_options([this](socket_t sock) {
      exclusivePortOptions(sock);
      listen_socket_ = sock;  // the last one made is the one that listens
    });
    server_.new_task_queue = [threads = mock_.options.serving_threads] {
      return newPipeSafeThreadPool(threads);
    };
    server_.set_payload_max_length(kMaxRequestBodyBytes);
    server_.set_keep_alive_max_count(100000);

    server_.Get(kApiRoot + "/accounts", api(&getAccounts));
    server_.Get(kApiRoot + "/accounts/(.+)", api(&getAccount));
    server_.Post(kApiRoot + "/accounts", api(&postAccount));
    server_.Delete(kApiRoot + "/accounts/(.+)", api(&deleteAccount));
    server_.Post(kApiRoot + "/assets/(.+)", api(&postAsset));
    server_.Post(kApiRoot + "/images", api(&postImages));
    server_.Post(kApiRoot + "/videos", api(&postVideos));
    server_.Get(kApiRoot + "/jobs", api(&listJobs));
    server_.Get(kApiRoot + "/jobs/(.+)", api(&getJob));
    server_.Delete(kApiRoot + "/jobs/(.+)", api(&deleteJob));

    server_.Get(R"(/media/(\d{1,9})/(\w+)\.(png|mp4|zip))", media(&getJobMedia));
    server_.Get(R"(/media/assets/([0-9a-f-]{36})\.(jpg|png|webp))", media(&getAssetMedia));
    server_.Get(R"(/media/blob/(\d{1,11})\.bin)", media(&getBlob));

    server_.Post("/__mock/faults", [this](const httplib::Request& req, httplib::Response& res) {
      postFault(req, res);
    });
    server_.Get("/__mock/faults", [this](const httplib::Request&, httplib::Response& res) {
      json pending = json::array();
      for (const Fault& fault : pendingFaults()) pending.push_back(pendingFaultJson(fault));
      answer(res, 200, {{"fired", firedFaults()}, {"pending", pending}});
    });
    server_.Delete("/__mock/faults", [this](const httplib::Request&, httplib::Response& res) {
      clearFaults();
      answer(res, 200, {{"cleared", true}});
    });
    server_.Post("/__mock/callback-faults",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   postCallbackFault(mock_.webhooks, req, res);
                 });
    server_.Post("/__mock/foreign-jobs",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   postForeignJobs(mock_, req, res);
                 });
    server_.Post("/__mock/accounts/(expire|restore)",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   postAccountExpiry(mock_, req, res, req.matches[1] == "expire");
                 });
    server_.Get("/__mock/stats", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, 200,
             {{"jobs_created", mock_.jobs.submissions()},
              {"capacity_refusals", mock_.jobs.refusals()},
              {"requests", requestCount()}});
    });
  }

  ~Impl() { stop(); }

  void start() {
    if (thread_.joinable()) return;
    const MockOptions& options = mock_.options;
    port_ = options.port == 0
                ? server_.bind_to_any_port(options.host)
                : (server_.bind_to_port(options.host, options.port) ? options.port : -1);
    if (port_ <= 0) {
      throw std::runtime_error("luma-mock could not listen on " + options.host + ":" +
                               std::to_string(options.port) + ": " +
                               bindProblem(options.host, options.port));
    }
    // cpp-httplib 0.11 listens with a backlog of 5: a client opening more connections at once
    // (a batch's posting and download threads) had its SYNs dropped and waited out the kernel's
    // 1 s, 3 s ... retransmits. Listening again on the socket raises the backlog.
    if (listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
    mock_.origin = "http://" + options.host + ":" + std::to_string(port_);
    mock_.webhooks.start();
    listen_ended_ = false;
    stopping_ = false;
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      listen_ended_ = true;
    });
    // cpp-httplib 0.11's stop() does nothing until the server runs, and a server stopped too
    // early would then block in accept() for ever: return only once it runs (or failed).
    while (!server_.is_running() && !listen_ended_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  void stop() {
    if (thread_.joinable()) {
      stopping_ = true;  // ends slow drips
      server_.stop();
      thread_.join();
    }
    mock_.webhooks.stop();
  }

  int port() const { return port_; }
  std::string origin() const {
    return "http://" + mock_.options.host + ":" + std::to_string(port_);
  }

  void queueFault(Fault fault) {
    checkFault(fault);
    std::lock_guard<std::mutex> lock(mutex_);
    faults_.push_back(std::move(fault));
  }

  std::vector<std::string> firedFaults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return fired_;
  }

  std::vector<Fault> pendingFaults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {faults_.begin(), faults_.end()};
  }

  void clearFaults() {
    std::lock_guard<std::mutex> lock(mutex_);
    faults_.clear();
    fired_.clear();
  }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {requests_.begin(), requests_.end()};
  }

  std::size_t requestCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }

  std::size_t jobsCreated() const { return mock_.jobs.submissions(); }
  MockContext& context() { return mock_; }
  const MockContext& context() const { return mock_; }
  std::vector<WebhookDelivery> webhookDeliveries() const { return mock_.webhooks.deliveries(); }

 private:
  // An API route's handler: records the request (body included), answers with a queued fault
  // when one matches, and otherwise (or first, see routeActs) authorises the token and runs
  // `route`.
  httplib::Server::Handler api(ApiRoute route) {
    return [this, route](const httplib::Request& req, httplib::Response& res) {
      record(req);
      const std::optional<Fault> fault = takeFault(req.method, req.path.substr(kApiRoot.size()));
      if (routeActs(fault)) {
        if (const auto user = authorise(req, res)) route(mock_, *user, req, res);
      }
      if (fault) applyFault(*fault, req, res);
    };
  }

  // A media route's handler: not recorded, not authorised; faults match the full path. Its
  // answers offer ranges (Accept-Ranges, ETag, If-Range; cpp-httplib answers Range itself).
  httplib::Server::Handler media(MediaRoute route) {
    return [this, route](const httplib::Request& req, httplib::Response& res) {
      const std::optional<Fault> fault = takeFault(req.method, req.path);
      if (routeActs(fault)) {
        route(mock_, req, res, fault ? fault->truncate_after_bytes : std::nullopt);
        offerRanges(req, res);
      }
      if (fault) applyFault(*fault, req, res);
    };
  }

  // Sleeps `length` in slices, ending early once the server stops, so that a stopping mock does
  // not wait out a stall that no client is waiting for any more.
  void stall(std::chrono::milliseconds length) const {
    const auto until = std::chrono::steady_clock::now() + length;
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      const auto left = until - std::chrono::steady_clock::now();
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(20)));
    }
  }

  // Stalls, then resets the connection, or replaces the answer unless the fault's status is 0,
  // cuts a body answer short and drips it out slowly.
  void applyFault(const Fault& fault, const httplib::Request& req, httplib::Response& res) const {
    stall(std::chrono::milliseconds(fault.stall_ms));
    if (fault.reset) {
      if (resetConnection(req)) return;
      return answerError(res, 500, "luma-mock could not reset the connection");
    }
    if (fault.status != 0) {
      res.status = fault.status;
      res.set_content(fault.body, fault.content_type);
      if (fault.retry_after_seconds) {
        res.set_header("Retry-After", std::to_string(*fault.retry_after_seconds));
      }
    }
    // A streamed answer (a blob) was given the cut by its route.
    if (fault.truncate_after_bytes && !res.body.empty()) {
      cutBodyAfter(res, *fault.truncate_after_bytes);
    }
    if (fault.drip_bytes_per_second) dripAnswer(res, *fault.drip_bytes_per_second, stopping_);
  }

  void record(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (requests_.size() >= kMaxRecordedRequests) return;
    RecordedRequest record{req.method,
                           req.target,
                           req.path,
                           {},
                           req.body,
                           req.remote_port,
                           std::chrono::steady_clock::now()};
    for (const auto& [name, value] : req.headers) record.headers.emplace(name, value);
    requests_.push_back(std::move(record));
  }

  // Takes the first queued fault whose route matches `method` and `path`, if any.
  std::optional<Fault> takeFault(const std::string& method, const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (!routeMatches(it->route, method, path)) continue;
      fired_.push_back(it->route);
      Fault fired = *it;
      if (--it->times <= 0) faults_.erase(it);
      return fired;
    }
    return std::nullopt;
  }

  // The user a request's bearer token belongs to; answers 401 and returns nullopt otherwise.
  std::optional<int> authorise(const httplib::Request& req, httplib::Response& res) const {
    const std::string header = req.get_header_value("Authorization");
    const std::string scheme = "Bearer ";
    if (header.rfind(scheme, 0) == 0) {
      const std::string token = header.substr(scheme.size());
      const auto& tokens = mock_.options.tokens;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i] == token) return kFirstUserId + static_cast<int>(i);
      }
    }
    answerError(res, 401, "Unauthorized");
    return std::nullopt;
  }

  void postFault(const httplib::Request& req, httplib::Response& res) {
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("route") || !body["route"].is_string()) {
      return answerError(res, 400, R"(A fault needs at least a "route" such as "POST /videos")");
    }
    try {
      queueFault(faultOfJson(body));
    } catch (const json::exception& error) {
      return answerError(res, 400,
                         std::string("A fault field has the wrong type: ") + error.what());
    } catch (const std::invalid_argument& error) {
      return answerError(res, 400, std::string("A fault field is wrong: ") + error.what());
    }
    answer(res, 200, {{"queued", true}});
  }

  MockContext mock_;
  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> listen_ended_{false};
  std::atomic<bool> stopping_{false};  // true from stop(): slow drips end
  int port_ = -1;
  socket_t listen_socket_ = -1;  ///< The socket the server listens on, once bound.

  mutable std::mutex mutex_;  // guards faults_, fired_, requests_
  std::deque<Fault> faults_;
  std::vector<std::string> fired_;
  std::deque<RecordedRequest> requests_;
};

MockServer::MockServer(MockOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
MockServer::~MockServer() = default;
void MockServer::start() { impl_->start(); }
void MockServer::stop() { impl_->stop(); }
int MockServer::port() const { return impl_->port(); }
std::string MockServer::baseUrl() const { return impl_->origin() + kApiRoot; }
void MockServer::queueFault(Fault fault) { impl_->queueFault(std::move(fault)); }
std::vector<std::string> MockServer::firedFaults() const { return impl_->firedFaults(); }
std::vector<Fault> MockServer::pendingFaults() const { return impl_->pendingFaults(); }
void MockServer::clearFaults() { impl_->clearFaults(); }
std::vector<RecordedRequest> MockServer::requests() const { return impl_->requests(); }
std::size_t MockServer::jobsCreated() const { return impl_->jobsCreated(); }
std::size_t MockServer::capacityRefusals() const { return impl_->context().jobs.refusals(); }
std::vector<WebhookDelivery> MockServer::webhookDeliveries() const {
  return impl_->webhookDeliveries();
}
void MockServer::queueCallbackFault(CallbackFault fault) {
  impl_->context().webhooks.queueFault(std::move(fault));
}
std::vector<std::string> MockServer::addForeignJobs(const ForeignJobs& jobs) {
  return mock::addForeignJobs(impl_->context(), jobs);
}
bool MockServer::expireAccount(const std::string& email, const std::string& token) {
  return setAccountExpired(impl_->context(), email, token, true);
}
bool MockServer::restoreAccount(const std::string& email, const std::string& token) {
  return setAccountExpired(impl_->context(), email, token, false);
}

}  // namespace useapi::luma::mock
