#pragma once
// How results are printed: short text for people, or JSON (--json) for programs.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <useapi/luma.hpp>
#include <vector>

namespace useapi::luma::cli {

/// A kind of media a job can carry: its name ("image", "video", ...) and its field of Job.
struct MediaKind {
  const char* name;
  std::optional<Media> Job::*member;
};
/// Every kind, in downloadMedia's order: image, video, thumbnail, last_frame, video_hdr_exr.
const std::vector<MediaKind>& mediaKinds();
/// True when the job carries at least one medium with a URL.
bool hasMedia(const Job& job);

/// The JSON of a record the API sent (`raw`), or null when it is empty or not JSON.
nlohmann::json parsedRaw(const std::string& raw);
/// A job as the CLI reports it: jobid, type, status, error, media URLs, saved files, record.
nlohmann::json jobJson(const Job& job, const std::vector<std::filesystem::path>& files = {});
/// An account: the API's record as received.
nlohmann::json accountJson(const Account& account);
/// Prints `document` as the one JSON document on stdout: every control character and every
/// non-ASCII character escaped (\uXXXX), bytes that are not UTF-8 replaced.
void printJson(const nlohmann::json& document);

/// "jobid  status" followed by the error or the media URLs, one per line (escaped: printable).
void printJob(std::ostream& out, const Job& job);
/// "email  user_id  executing/concurrency  error".
void printAccount(std::ostream& out, const Account& account);

}  // namespace useapi::luma::cli
