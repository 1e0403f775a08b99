#include "mock/job_store.hpp"

#include <cstdio>
#include <ctime>
#include <random>

namespace useapi::luma::mock {
namespace {

using nlohmann::json;

std::string randomUuid() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  const std::uint64_t a = random();
  const std::uint64_t b = random();
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                static_cast<unsigned>(0x8000 | (b >> 48 & 0x3FFF)),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return text;
}

}  // namespace

FrameSize imageSizeFor(const std::string& aspect_ratio) {
  if (aspect_ratio == "9:16") return {288, 512};
  if (aspect_ratio == "3:4") return {384, 512};
  if (aspect_ratio == "1:1") return {448, 448};
  if (aspect_ratio == "4:3") return {512, 384};
  if (aspect_ratio == "21:9") return {672, 288};
  return {512, 288};
}

FrameSize videoSizeFor(const std::string& aspect_ratio) {
  if (aspect_ratio == "9:16") return {144, 256};
  if (aspect_ratio == "3:4") return {144, 192};
  if (aspect_ratio == "1:1") return {192, 192};
  if (aspect_ratio == "4:3") return {192, 144};
  if (aspect_ratio == "21:9") return {336, 144};
  return {256, 144};
}

std::string isoNow() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return text;
}

JobStore::JobStore(std::chrono::milliseconds job_duration, int concurrency, std::string email)
    : job_duration_(job_duration), concurrency_(concurrency), email_(std::move(email)) {}

MockJob JobStore::makeJob(int user, const CheckedRequest& request, const std::string& type,
                          char letter, bool will_fail, std::optional<std::string> reply_ref) {
  MockJob job;
  job.index = jobs_.size();
  job.type = type;
  job.user = user;
  job.request = request;
  job.created_at = MockClock::now();
  job.created_iso = isoNow();
  job.will_fail = will_fail;
  job.reply_ref = std::move(reply_ref);
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "j%010zu%c", job.index + 1000000000, letter);
  job.jobid = std::string(stamp) + "-u" + std::to_string(user) + "-email:" + email_ + ":" +
              randomUuid() + "-bot:luma";
  by_id_.emplace(job.jobid, job.index);
  jobs_.push_back(job);
  return job;
}

bool JobStore::running(const MockJob& job) const {
  return MockClock::now() - job.created_at < job_duration_;
}

bool JobStore::atCapacity(int user) const {
  int running_jobs = 0;
  for (const auto& job : jobs_) {
    const bool counts = job.type == "video" || job.batch_parent;
    if (counts && job.user == user && running(job)) ++running_jobs;
  }
  return running_jobs >= concurrency_;
}

std::optional<MockJob> JobStore::createVideo(int user, const CheckedRequest& request,
                                             bool will_fail, std::optional<std::string> reply_ref) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (atCapacity(user)) return std::nullopt;
  ++submissions_;
  return makeJob(user, request, "video", 'v', will_fail, std::move(reply_ref));
}

std::optional<MockJob> JobStore::createImageBatch(int user, const CheckedRequest& request,
                                                  bool will_fail,
                                                  std::optional<std::string> reply_ref) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (atCapacity(user)) return std::nullopt;
  ++submissions_;
  MockJob parent = makeJob(user, request, "image", 'i', will_fail, reply_ref);
  for (int i = 0; i < 4; ++i) {
    parent.children.push_back(makeJob(user, request, "image", 'i', will_fail, reply_ref).jobid);
  }
  parent.batch_parent = true;
  jobs_[parent.index] = parent;
  return parent;
}

std::optional<MockJob> JobStore::find(const std::string& jobid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = by_id_.find(jobid);
  if (it == by_id_.end()) return std::nullopt;
  return jobs_[it->second];
}

std::optional<MockJob> JobStore::findByIndex(std::size_t index) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (index >= jobs_.size()) return std::nullopt;
  return jobs_[index];
}

std::size_t JobStore::submissions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return submissions_;
}

std::string JobStore::statusOf(const MockJob& job) const {
  const auto elapsed = MockClock::now() - job.created_at;
  if (elapsed >= job_duration_) return job.will_fail ? "failed" : "completed";
  if (elapsed < job_duration_ / 10) return "created";
  if (elapsed < job_duration_ * 3 / 10) return "pending";
  return "processing";
}

json JobStore::recordOf(const MockJob& job, const std::string& media_base) const {
  const std::string status = statusOf(job);
  json record = {{"jobid", job.jobid},         {"type", job.type},   {"status", status},
                 {"created", job.created_iso}, {"updated", nullptr}, {"response", nullptr},
                 {"credits", nullptr}};
  if (job.reply_ref) record["replyRef"] = *job.reply_ref;
  if (job.batch_parent) record["jobids"] = job.children;
  if (status != "completed" && status != "failed") return record;

  record["updated"] = isoNow();
  if (status == "failed") {
    record["error"] = "Generation failed (requested by the prompt's [mock:fail] marker)";
    return record;
  }
  const std::string base = media_base + "/media/" + std::to_string(job.index);
  record["credits"] = {{"dm_usage", job.type == "video" ? 2 : 1}, {"dm_relaxed_usage", 0}};
  if (job.type == "image") {
    if (job.batch_parent) {
      record["response"] = json::object();
      return record;
    }
    const FrameSize size = imageSizeFor(job.request.aspect_ratio);
    record["response"] = {
        {"image", {{"url", base + "/image.png"}, {"width", size.width}, {"height", size.height}}}};
    return record;
  }
  const FrameSize frame = videoSizeFor(job.request.aspect_ratio);
  json response = {
      {"video",
       {{"media_type", "video/mp4"},
        {"url", base + "/video.mp4"},
        {"width", frame.width},
        {"height", frame.height},
        {"duration", kVideoSeconds}}},
      {"thumbnail",
       {{"url", base + "/thumbnail.png"}, {"width", frame.width}, {"height", frame.height}}},
      {"last_frame",
       {{"url", base + "/last_frame.png"}, {"width", frame.width}, {"height", frame.height}}}};
  if (job.request.dynamic_range == "hdr_exr") response["video_hdr_exr"] = base + "/frames.zip";
  record["response"] = response;
  return record;
}

}  // namespace useapi::luma::mock
