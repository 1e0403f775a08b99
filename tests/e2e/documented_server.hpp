#pragma once
// A server that answers exactly with the seed pages' literal examples (tests/support/seed_ids.hpp):
// POST /images gives the documented batch with its five literal ids, POST /videos the documented
// video job, and GET /jobs/{jobid} a completed record of the documented shape for each of them,
// whose media (distinct bytes per job) it serves itself. Unlike luma-mock it keeps no state and
// mints nothing: what the client sees is the docs' own text.

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
#include "support/seed_ids.hpp"

namespace useapi::luma::testing {

/// Serves the seed examples on an ephemeral loopback port until destroyed.
class DocumentedServer {
 public:
  DocumentedServer() {
    server_.Post("/v1/luma/images", [this](const httplib::Request&, httplib::Response& res) {
      count("POST /images");
      res.set_content(seed::kImagesAnswer, "application/json");
    });
    server_.Post("/v1/luma/videos", [this](const httplib::Request&, httplib::Response& res) {
      count("POST /videos");
      res.set_content(seed::kVideosAnswer, "application/json");
    });
    server_.Get(R"(/v1/luma/jobs/(.+))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  count("GET /jobs/{jobid}");
                  const std::string jobid = req.matches[1];
                  const auto media = mediaIndex(jobid);
                  if (media < 0) {
                    res.status = 404;
                    res.set_content(R"({"error":"Job not found"})", "application/json");
                    return;
                  }
                  res.set_content(completedRecord(jobid, media), "application/json");
                });
    server_.Get(R"(/cdn/(\d+)/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      count("GET media");
      const int index = std::stoi(req.matches[1]);
      res.set_content(mediaBytes(index), index < 4 ? "image/png" : "video/mp4");
    });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  DocumentedServer(const DocumentedServer&) = delete;
  DocumentedServer& operator=(const DocumentedServer&) = delete;

  /// The API base URL.
  std::string baseUrl() const { return origin() + "/v1/luma"; }
  /// How many requests each route answered.
  std::map<std::string, int> counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
  }
  /// The bytes served for the medium of job `index` (0-3 the images, 4 the video): distinct
  /// for each, and starting with the file signature of its kind.
  static std::string mediaBytes(int index) {
    std::string bytes = index < 4 ? std::string("\x89PNG\r\n\x1a\n", 8)
                                  : std::string(
                                        "\0\0\0\x18"
                                        "ftypmp42",
                                        12);
    return bytes + "medium of job " + std::to_string(index) + std::string(64, 'x');
  }

 private:
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(listener_->port()); }

  // 0-3: the image jobs, 4: the video, -1: an id the docs never named.
  static int mediaIndex(const std::string& jobid) {
    for (int i = 0; i < 4; ++i) {
      if (jobid == seed::kImageJobIds[static_cast<std::size_t>(i)]) return i;
    }
    return jobid == seed::kVideoJobId ? 4 : -1;
  }

  // A completed record as the GET /jobs/{jobid} page documents it. Every medium's URL ends in
  // the same name, as a CDN's may: nothing may be named after it.
  std::string completedRecord(const std::string& jobid, int index) const {
    const std::string url = origin() + "/cdn/" + std::to_string(index) + "/output";
    std::string record = R"({"jobid":")" + jobid + R"(","type":")" +
                         (index < 4 ? "image" : "video") +
                         R"(","status":"completed","created":"2026-03-26T14:05:30.123Z",)"
                         R"("updated":"2026-03-26T14:06:02.456Z","response":{)";
    if (index < 4) {
      record +=
          R"("image":{"media_type":"image","url":")" + url + R"(","width":1920,"height":1080})";
    } else {
      record += R"("video":{"media_type":"video","url":")" + url +
                R"(","width":1280,"height":720,"duration":5},"video_hdr_exr":null)";
    }
    return record + R"(},"credits":{"dm_usage":1,"dm_relaxed_usage":null}})";
  }

  void count(const std::string& route) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_[route];
  }

  httplib::Server server_;
  mutable std::mutex mutex_;
  std::map<std::string, int> counts_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
};

}  // namespace useapi::luma::testing
