#pragma once
// A server that answers exactly with the seed pages' literal examples (shared/seeds): POST
// /images gives the documented batch with its five literal ids, POST /videos the documented
// video job, and GET /jobs/{jobid} a completed record of the documented shape for each of them,
// whose media (distinct bytes per job) it serves itself. Nothing here is generated: the ids are
// the docs' own, including the "[email protected]" that the public page's e-mail obfuscation left
// inside them (a space and brackets in a path segment).

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace useapi::luma::testing {

/// The parent id of the seed page's image batch (POST /images).
inline const std::string kSeedImageParent =
    "j0326140530123456789i-u12345-email:[email protected]:a1b2c3d4-e5f6-7890-abcd-ef1234567890-"
    "bot:luma";
/// The seed page's 4 image job ids: everything before the first '-' is the same in each.
inline const std::vector<std::string> kSeedImageJobs = {
    "j0326140530123456789i-u12345-email:[email protected]:b2c3d4e5-f6a7-8901-bcde-f23456789012-"
    "bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:c3d4e5f6-a7b8-9012-cdef-345678901234-"
    "bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:d4e5f6a7-b890-1234-defa-456789012345-"
    "bot:luma",
    "j0326140530123456789i-u12345-email:[email protected]:e5f6a7b8-9012-3456-efab-567890123456-"
    "bot:luma",
};
/// The seed page's video job id (POST /videos).
inline const std::string kSeedVideoJob =
    "j0326140530123456789v-u12345-email:[email protected]:a1b2c3d4-e5f6-7890-abcd-ef1234567890-"
    "bot:luma";

/// The seed page's POST /images answer, verbatim.
inline const std::string kSeedImageBatchBody =
    R"({ "jobid": ")" + kSeedImageParent + R"(", "jobids": [ ")" + kSeedImageJobs[0] + R"(", ")" +
    kSeedImageJobs[1] + R"(", ")" + kSeedImageJobs[2] + R"(", ")" + kSeedImageJobs[3] +
    R"(" ], "type": "image", "status": "created", "count": 4, "created": "2026-03-26T14:05:30.123Z", "request": { "prompt": "A photorealistic portrait of an astronaut on Mars", "model": "photon-v2", "resolution": "1080p", "aspect_ratio": "16:9" } })";

/// The seed page's POST /videos answer, verbatim.
inline const std::string kSeedVideoBody =
    R"({ "jobid": ")" + kSeedVideoJob +
    R"(", "type": "video", "status": "created", "created": "2026-03-26T14:05:30.123Z", "request": { "prompt": "A serene mountain landscape at sunset with camera slowly panning right", "model": "ray-v3-flash", "resolution": "720p", "aspect_ratio": "16:9", "duration": "5s", "dynamic_range": "sdr" } })";

/// Serves the seed examples on an ephemeral loopback port until destroyed.
class DocumentedServer {
 public:
  DocumentedServer() {
    server_.set_tcp_nodelay(true);
    // One server per port: no SO_REUSEPORT (cpp-httplib's default would let two share it).
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.Post("/v1/luma/images", [this](const httplib::Request&, httplib::Response& res) {
      count("POST /images");
      res.set_content(kSeedImageBatchBody, "application/json");
    });
    server_.Post("/v1/luma/videos", [this](const httplib::Request&, httplib::Response& res) {
      count("POST /videos");
      res.set_content(kSeedVideoBody, "application/json");
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
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // A stop() before the server runs is lost, and the destructor's join would then hang.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~DocumentedServer() {
    server_.stop();
    thread_.join();
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
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // 0-3: the image jobs, 4: the video, -1: an id the docs never named.
  static int mediaIndex(const std::string& jobid) {
    for (int i = 0; i < 4; ++i) {
      if (jobid == kSeedImageJobs[static_cast<std::size_t>(i)]) return i;
    }
    return jobid == kSeedVideoJob ? 4 : -1;
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
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, int> counts_;
};

}  // namespace useapi::luma::testing
