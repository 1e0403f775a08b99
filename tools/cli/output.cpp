#include "output.hpp"

#include <iostream>
#include <optional>

namespace useapi::luma::cli {
namespace {

using nlohmann::json;

// The job's media as (kind, file) pairs, in downloadMedia's order.
std::vector<std::pair<const char*, const std::optional<Media>*>> mediaOf(const Job& job) {
  return {{"image", &job.image},
          {"video", &job.video},
          {"thumbnail", &job.thumbnail},
          {"last_frame", &job.last_frame},
          {"video_hdr_exr", &job.video_hdr_exr}};
}

}  // namespace

json parsedRaw(const std::string& raw) {
  if (raw.empty()) return nullptr;
  json parsed = json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return nullptr;
  return parsed;
}

json jobJson(const Job& job, const std::vector<std::filesystem::path>& files) {
  json result = {
      {"jobid", job.jobid},
      {"type", std::string(toString(job.type))},
      {"status", job.status_text.empty() ? std::string(toString(job.status)) : job.status_text}};
  result["error"] = job.error ? json(*job.error) : json(nullptr);
  json media = json::object();
  for (const auto& [kind, file] : mediaOf(job)) {
    if (*file) media[kind] = (*file)->url;
  }
  result["media"] = media;
  json saved = json::array();
  for (const auto& file : files) saved.push_back(file.string());
  result["files"] = saved;
  result["record"] = parsedRaw(job.raw);
  return result;
}

json accountJson(const Account& account) {
  json record = parsedRaw(account.raw);
  if (!record.is_null()) return record;
  return {{"email", account.email}, {"user_id", account.user_id}};
}

void printJson(const json& document) { std::cout << document.dump(2) << std::endl; }

void printJob(std::ostream& out, const Job& job) {
  out << job.jobid << "  " << (job.status_text.empty() ? toString(job.status) : job.status_text)
      << '\n';
  if (job.error) out << "  error: " << *job.error << '\n';
  for (const auto& [kind, file] : mediaOf(job)) {
    if (*file) out << "  " << kind << ": " << (*file)->url << '\n';
  }
}

void printAccount(std::ostream& out, const Account& account) {
  out << account.email << "  user " << account.user_id;
  if (account.concurrency) {
    out << "  running " << account.executing.value_or(0) << "/" << *account.concurrency;
  }
  if (account.error) out << "  error: " << *account.error;
  out << '\n';
}

}  // namespace useapi::luma::cli
