#pragma once
// A job's media URLs expire (signed CDN links): a download that finds its URL refused re-reads
// the job for a fresh URL of the same medium and tries again.

#include <functional>
#include <optional>
#include <string>

#include "useapi/luma/errors.hpp"
#include "useapi/luma/job.hpp"

namespace useapi::luma::detail {

/// How many times one medium's URL is renewed before its refusal is final.
inline constexpr int kMaxMediaUrlRefreshes = 2;

/// Whether a media URL answered `status` as an expired or revoked link does: 403, 404 or 410.
bool mediaUrlRefused(int status) noexcept;

/// The URL of the medium `kind` ("image", "video", "thumbnail", "last_frame",
/// "video_hdr_exr") in `job`'s record; empty when it has none.
std::string mediaUrlOf(const Job& job, const std::string& kind);

/// The note a refused bare URL's error gets: download() cannot renew it, downloadMedia() can.
std::string bareUrlRefusedNote(int status);

/// Runs `fetch(url)` for the medium `kind` of `job`, starting with its URL in `job`. When it
/// throws an ApiError that mediaUrlRefused(), re-reads the job with `reread(jobid)` (GET
/// /jobs/{jobid}) and runs `fetch` again with the same medium's fresh URL, at most
/// kMaxMediaUrlRefreshes times; `log` is told of each renewal. Throws what `fetch` threw last,
/// with a note when the job gave no fresh URL (or re-reading it failed).
template <class Fetch, class Reread>
auto fetchRenewingUrl(const Job& job, const std::string& kind, Fetch&& fetch, Reread&& reread,
                      const std::function<void(const std::string&)>& log)
    -> decltype(fetch(std::string())) {
  std::string url = mediaUrlOf(job, kind);
  for (int refreshes = 0;; ++refreshes) {
    try {
      return fetch(url);
    } catch (ApiError& error) {
      if (!mediaUrlRefused(error.status())) throw;
      const std::string what = "the " + kind + " URL of job " + job.jobid + " answered " +
                               std::to_string(error.status());
      if (refreshes == kMaxMediaUrlRefreshes) {
        appendNote(error, what + " again after " + std::to_string(refreshes) +
                              " fresh URLs from GET /jobs/" + job.jobid);
        throw;
      }
      std::optional<std::string> why_not;
      std::string fresh;
      try {
        fresh = mediaUrlOf(reread(job.jobid), kind);
      } catch (const Error& reread_error) {
        why_not = what;
        why_not->append("; re-reading the job for a fresh URL failed: ")
            .append(reread_error.what());
      }
      if (!why_not && fresh.empty()) {
        why_not = what;
        why_not->append(" and the job's record no longer lists a ").append(kind).append(" URL");
      } else if (!why_not && fresh == url) {
        why_not = what + " and the job's record still gives the same URL";
      }
      if (why_not) {
        appendNote(error, *why_not);
        throw;
      }
      if (log) log(what + ": retrying with the fresh URL of a new GET /jobs/" + job.jobid);
      url = std::move(fresh);
    }
  }
}

}  // namespace useapi::luma::detail
