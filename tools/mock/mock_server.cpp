#include "mock/mock_server.hpp"

#include <httplib.h>

#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "mock/job_store.hpp"
#include "mock/media_synthesis.hpp"
#include "mock/request_checks.hpp"

namespace useapi::luma::mock {
namespace {

using nlohmann::json;

const std::string kApiRoot = "/v1/luma";
constexpr int kFirstUserId = 12345;
constexpr std::size_t kMaxRecordedRequests = 100000;
constexpr const char* kFailMarker = "[mock:fail]";
constexpr const char* kModerationMarker = "[mock:moderate]";

void answer(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void answerError(httplib::Response& res, int status, const std::string& message,
                 bool with_code = false) {
  json body = {{"error", message}};
  if (with_code) body["code"] = status;
  answer(res, status, body);
}

bool contains(const std::string& text, const char* marker) {
  return text.find(marker) != std::string::npos;
}

// A job id the API could have issued: "j<digits><v|i>-u<digits>-email:...-bot:luma".
bool looksLikeJobId(const std::string& jobid) {
  if (jobid.size() < 12 || jobid[0] != 'j') return false;
  std::size_t i = 1;
  while (i < jobid.size() && std::isdigit(static_cast<unsigned char>(jobid[i]))) ++i;
  if (i == 1 || i >= jobid.size() || (jobid[i] != 'v' && jobid[i] != 'i')) return false;
  if (jobid.compare(i + 1, 2, "-u") != 0) return false;
  const std::string suffix = "-bot:luma";
  return jobid.size() > suffix.size() &&
         jobid.compare(jobid.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         jobid.find("-email:") != std::string::npos;
}

std::optional<std::string> optionalText(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The smallest valid ZIP archive: an end-of-central-directory record and nothing else.
std::string emptyZip() {
  std::string zip = "PK\x05\x06";
  zip.append(18, '\0');
  return zip;
}

}  // namespace

class MockServer::Impl {
 public:
  explicit Impl(MockOptions options)
      : options_(std::move(options)),
        store_(options_.job_duration, options_.concurrency, options_.email) {
    server_.set_tcp_nodelay(true);
    server_.new_task_queue = [] { return new httplib::ThreadPool(64); };
    server_.set_payload_max_length(std::size_t{64} << 20);
    server_.set_keep_alive_max_count(100000);
    server_.Post(kApiRoot + "/images", api(&Impl::postImages));
    server_.Post(kApiRoot + "/videos", api(&Impl::postVideos));
    server_.Get(kApiRoot + "/jobs/(.+)", api(&Impl::getJob));
    server_.Get(
        R"(/media/(\d{1,9})/(\w+)\.(png|mp4|zip))",
        [this](const httplib::Request& req, httplib::Response& res) { getMedia(req, res); });
    server_.Post("/__mock/faults", [this](const httplib::Request& req, httplib::Response& res) {
      postFault(req, res);
    });
    server_.Get("/__mock/faults", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, 200, {{"fired", firedFaults()}});
    });
    server_.Get("/__mock/stats", [this](const httplib::Request&, httplib::Response& res) {
      answer(res, 200, {{"jobs_created", store_.submissions()}, {"requests", requestCount()}});
    });
  }

  ~Impl() { stop(); }

  void start() {
    if (thread_.joinable()) return;
    port_ = options_.port == 0
                ? server_.bind_to_any_port(options_.host)
                : (server_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port_ <= 0) {
      throw std::runtime_error("luma-mock could not listen on " + options_.host + ":" +
                               std::to_string(options_.port));
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }

  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string origin() const { return "http://" + options_.host + ":" + std::to_string(port_); }

  void queueFault(Fault fault) {
    std::lock_guard<std::mutex> lock(mutex_);
    faults_.push_back(std::move(fault));
  }

  std::vector<std::string> firedFaults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return fired_;
  }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {requests_.begin(), requests_.end()};
  }

  std::size_t requestCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }

  std::size_t jobsCreated() const { return store_.submissions(); }

 private:
  using Route = void (Impl::*)(const httplib::Request&, httplib::Response&);

  // An API route's handler: records the request (body included), then answers with a queued
  // fault when one matches, else with `route`.
  httplib::Server::Handler api(Route route) {
    return [this, route](const httplib::Request& req, httplib::Response& res) {
      const std::optional<Fault> fault = recordAndTakeFault(req);
      if (!fault || fault->after_acting) (this->*route)(req, res);
      if (!fault) return;
      if (fault->stall_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(fault->stall_ms));
      if (fault->status == 0) return;
      res.status = fault->status;
      res.set_content(fault->body, "application/json");
      if (fault->retry_after_seconds) {
        res.set_header("Retry-After", std::to_string(*fault->retry_after_seconds));
      }
    };
  }

  // Records an API request and takes the first queued fault of its route, if any.
  std::optional<Fault> recordAndTakeFault(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (requests_.size() < kMaxRecordedRequests) {
      RecordedRequest record{req.method, req.target, req.path, {}, req.body, req.remote_port};
      for (const auto& [name, value] : req.headers) record.headers.emplace(name, value);
      requests_.push_back(std::move(record));
    }
    const std::string route = req.method + " " + req.path.substr(kApiRoot.size());
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      const std::size_t space = it->route.find(' ');
      const bool method_matches = it->route.compare(0, space, req.method) == 0;
      const std::string prefix = space == std::string::npos ? "" : it->route.substr(space + 1);
      if (!method_matches || route.compare(req.method.size() + 1, prefix.size(), prefix) != 0) {
        continue;
      }
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
      for (std::size_t i = 0; i < options_.tokens.size(); ++i) {
        if (options_.tokens[i] == token) return kFirstUserId + static_cast<int>(i);
      }
    }
    answerError(res, 401, "Unauthorized");
    return std::nullopt;
  }

  // Parses a generation body, answering 400 (or 422 for the moderation marker) when it fails.
  std::optional<json> parseGeneration(const httplib::Request& req, httplib::Response& res) const {
    json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) {
      answerError(res, 400, "Request body must be valid JSON");
      return std::nullopt;
    }
    const auto prompt = optionalText(body, "prompt");
    if (prompt && contains(*prompt, kModerationMarker)) {
      answerError(res, 422, "Content moderation: prompt rejected", true);
      return std::nullopt;
    }
    return body;
  }

  void answerCapacity(httplib::Response& res) const {
    answerError(res, 429, "All configured accounts are running at maximum capacity", true);
  }

  void postImages(const httplib::Request& req, httplib::Response& res) {
    const auto user = authorise(req, res);
    if (!user) return;
    const auto body = parseGeneration(req, res);
    if (!body) return;
    const CheckResult checked = checkImageBody(*body);
    if (!checked.request) return answerError(res, checked.status, checked.error);
    const auto batch = store_.createImageBatch(*user, *checked.request,
                                               contains(checked.request->prompt, kFailMarker),
                                               optionalText(*body, "replyRef"));
    if (!batch) return answerCapacity(res);
    json request = {{"prompt", checked.request->prompt},
                    {"model", checked.request->model},
                    {"resolution", checked.request->resolution},
                    {"aspect_ratio", checked.request->aspect_ratio}};
    answer(res, 200,
           {{"jobid", batch->jobid},
            {"jobids", batch->children},
            {"type", "image"},
            {"status", "created"},
            {"count", batch->children.size()},
            {"created", batch->created_iso},
            {"request", request}});
  }

  void postVideos(const httplib::Request& req, httplib::Response& res) {
    const auto user = authorise(req, res);
    if (!user) return;
    const auto body = parseGeneration(req, res);
    if (!body) return;
    const CheckResult checked = checkVideoBody(*body);
    if (!checked.request) return answerError(res, checked.status, checked.error);
    for (const char* ref : {"imageStart", "imageEnd", "imageCharacter"}) {
      const auto value = optionalText(*body, ref);
      if (value && value->find("-image:") == std::string::npos) {
        return answerError(res, 404, "Asset not found");
      }
    }
    const auto job =
        store_.createVideo(*user, *checked.request, contains(checked.request->prompt, kFailMarker),
                           optionalText(*body, "replyRef"));
    if (!job) return answerCapacity(res);
    json request = {{"prompt", checked.request->prompt},
                    {"model", checked.request->model},
                    {"resolution", checked.request->resolution},
                    {"aspect_ratio", checked.request->aspect_ratio},
                    {"duration", checked.request->duration},
                    {"dynamic_range", checked.request->dynamic_range}};
    answer(res, 200,
           {{"jobid", job->jobid},
            {"type", "video"},
            {"status", "created"},
            {"created", job->created_iso},
            {"request", request}});
  }

  void getJob(const httplib::Request& req, httplib::Response& res) {
    const auto user = authorise(req, res);
    if (!user) return;
    const std::string jobid = req.matches[1];
    if (!looksLikeJobId(jobid)) return answerError(res, 400, "Invalid jobid");
    const auto job = store_.find(jobid);
    if (!job) return answerError(res, 404, "Job not found");
    if (job->user != *user) return answerError(res, 403, "Job does not belong to this user");
    answer(res, 200, store_.recordOf(*job, origin()));
  }

  void getMedia(const httplib::Request& req, httplib::Response& res) {
    const auto job = store_.findByIndex(std::stoul(req.matches[1]));
    if (!job || store_.statusOf(*job) != "completed") {
      return answerError(res, 404, "Media not found");
    }
    const std::string name = req.matches[2];
    const std::string extension = req.matches[3];
    const auto seed = static_cast<std::uint32_t>(job->index * 7919 + name.size());
    const bool video_job = job->type == "video";
    if (extension == "png" && !video_job && name == "image") {
      const FrameSize size = imageSizeFor(job->request.aspect_ratio);
      return res.set_content(makePng(size.width, size.height, seed), "image/png");
    }
    if (extension == "png" && video_job && (name == "thumbnail" || name == "last_frame")) {
      const FrameSize size = videoSizeFor(job->request.aspect_ratio);
      return res.set_content(makePng(size.width, size.height, seed), "image/png");
    }
    if (extension == "mp4" && video_job && name == "video") {
      const FrameSize size = videoSizeFor(job->request.aspect_ratio);
      return res.set_content(makeMp4(size.width, size.height, kVideoFrames, kVideoFps, seed),
                             "video/mp4");
    }
    if (extension == "zip" && video_job && name == "frames" &&
        job->request.dynamic_range == "hdr_exr") {
      return res.set_content(emptyZip(), "application/zip");
    }
    answerError(res, 404, "Media not found");
  }

  void postFault(const httplib::Request& req, httplib::Response& res) {
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("route") || !body["route"].is_string()) {
      return answerError(res, 400, "A fault needs at least a \"route\" such as \"POST /videos\"");
    }
    Fault fault;
    fault.route = body["route"].get<std::string>();
    fault.status = body.value("status", 500);
    if (body.contains("body")) {
      fault.body = body["body"].is_string() ? body["body"].get<std::string>() : body["body"].dump();
    }
    if (body.contains("retry_after")) fault.retry_after_seconds = body["retry_after"].get<int>();
    fault.times = body.value("times", 1);
    fault.stall_ms = body.value("stall_ms", 0);
    fault.after_acting = body.value("after_acting", false);
    queueFault(std::move(fault));
    answer(res, 200, {{"queued", true}});
  }

  const MockOptions options_;
  JobStore store_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;

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
std::vector<RecordedRequest> MockServer::requests() const { return impl_->requests(); }
std::size_t MockServer::jobsCreated() const { return impl_->jobsCreated(); }

}  // namespace useapi::luma::mock
