#include "output.hpp"

#include <iostream>
#include <optional>
#include <sstream>

#include "terminal_text.hpp"

namespace useapi::luma::cli {

using nlohmann::json;

const std::vector<MediaKind>& mediaKinds() {
  static const std::vector<MediaKind> kinds = {{"image", &Job::image},
                                               {"video", &Job::video},
                                               {"thumbnail", &Job::thumbnail},
                                               {"last_frame", &Job::last_frame},
                                               {"video_hdr_exr", &Job::video_hdr_exr}};
  return kinds;
}

bool hasMedia(const Job& job) {
  for (const MediaKind& kind : mediaKinds()) {
    const auto& medium = job.*kind.member;
    if (medium && !medium->url.empty()) return true;
  }
  return false;
}

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
  for (const MediaKind& kind : mediaKinds()) {
    const auto& medium = job.*kind.member;
    if (medium) media[kind.name] = medium->url;
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

void printJson(const json& document) {
  std::cout << document.dump(2, ' ', /*ensure_ascii=*/true, json::error_handler_t::replace)
            << std::endl;
}

void printJob(std::ostream& out, const Job& job) {
  const std::string status =
      job.status_text.empty() ? std::string(toString(job.status)) : job.status_text;
  out << printable(job.jobid) << "  " << printable(status) << '\n';
  if (job.error) out << "  error: " << printable(*job.error) << '\n';
  for (const MediaKind& kind : mediaKinds()) {
    const auto& medium = job.*kind.member;
    if (medium) out << "  " << kind.name << ": " << printable(medium->url) << '\n';
  }
}

namespace {

// A credit count as a person writes it: 120, 12.5.
std::string creditCount(double value) {
  std::ostringstream text;
  text.precision(12);
  text << value;
  return text.str();
}

}  // namespace

void printAccount(std::ostream& out, const Account& account) {
  out << printable(account.email) << "  user " << printable(account.user_id);
  if (account.concurrency) {
    out << "  running " << account.executing.value_or(0) << "/" << *account.concurrency;
  }
  if (account.credits && account.credits->usage && account.credits->limit) {
    out << "  credits " << creditCount(*account.credits->usage) << " of "
        << creditCount(*account.credits->limit) << " used";
  } else if (account.credits && account.credits->usage) {
    out << "  credits " << creditCount(*account.credits->usage) << " used";
  } else if (account.credits && account.credits->limit) {
    out << "  credits limit " << creditCount(*account.credits->limit);
  }
  if (account.error) out << "  error: " << printable(*account.error);
  out << '\n';
}

}  // namespace useapi::luma::cli
