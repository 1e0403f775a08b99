#pragma once
// A small API server for CLI tests that need answers luma-mock does not give: the seed page's
// literal job ids, a job that never ends beside one that is done. Every answer is scripted.

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_listener.hpp"

namespace useapi::luma::testing {

/// Serves POST /v1/luma/images and /videos, GET /v1/luma/jobs/{jobid} and GET /media/{name}
/// from what the test put in; anything else is a 404. Listens on a loopback port until destroyed.
class ScriptedApi {
 public:
  ScriptedApi() {
    const auto posted = [this](const std::string& what) {
      return [this, what](const httplib::Request& request, httplib::Response& response) {
        record(request);
        std::lock_guard<std::mutex> lock(mutex_);
        const auto answer = creations_.find(what);
        if (answer == creations_.end()) return notFound(response);
        response.set_content(answer->second, "application/json");
      };
    };
    server_.Post("/v1/luma/images", posted("images"));
    server_.Post("/v1/luma/videos", posted("videos"));
    server_.Get(R"(/v1/luma/jobs/(.+))",
                [this](const httplib::Request& request, httplib::Response& response) {
                  record(request);
                  std::lock_guard<std::mutex> lock(mutex_);
                  const auto job = jobs_.find(request.matches[1]);
                  if (job == jobs_.end()) return notFound(response);
                  response.set_content(job->second, "application/json");
                });
    server_.Get(R"(/media/(.+))",
                [this](const httplib::Request& request, httplib::Response& response) {
                  std::lock_guard<std::mutex> lock(mutex_);
                  const auto file = media_.find(request.matches[1]);
                  if (file == media_.end()) return notFound(response);
                  response.set_content(file->second.second, file->second.first);
                });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  ScriptedApi(const ScriptedApi&) = delete;
  ScriptedApi& operator=(const ScriptedApi&) = delete;

  /// The API base URL to give the CLI.
  std::string baseUrl() const { return origin() + "/v1/luma"; }
  /// "http://127.0.0.1:<port>".
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(listener_->port()); }

  /// POST /images (`what` "images") or /videos ("videos") answers `body` with 200.
  void answerCreation(const std::string& what, std::string body) {
    std::lock_guard<std::mutex> lock(mutex_);
    creations_[what] = std::move(body);
  }
  /// GET /jobs/{jobid} answers `record` with 200.
  void answerJob(const std::string& jobid, std::string record) {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_[jobid] = std::move(record);
  }
  /// GET /media/{name} answers `bytes` of `content_type`.
  void answerMedia(const std::string& name, std::string bytes, std::string content_type) {
    std::lock_guard<std::mutex> lock(mutex_);
    media_[name] = {std::move(content_type), std::move(bytes)};
  }
  /// The paths of the API requests received (media not included), decoded.
  std::vector<std::string> apiPaths() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return paths_;
  }

 private:
  static void notFound(httplib::Response& response) {
    response.status = 404;
    response.set_content(R"({"error":"Not found"})", "application/json");
  }
  void record(const httplib::Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    paths_.push_back(request.path);
  }

  httplib::Server server_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> creations_;
  std::map<std::string, std::string> jobs_;
  std::map<std::string, std::pair<std::string, std::string>> media_;  // type, bytes
  std::vector<std::string> paths_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
};

}  // namespace useapi::luma::testing
