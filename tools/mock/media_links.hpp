#pragma once
// Job media URLs that expire, as a CDN's signed links do: each job read hands out fresh ones, and
// one past its time is refused with 403. Plus what every media answer says of itself so that a
// cut download can ask for the rest: Accept-Ranges and an ETag, If-Range honoured.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace useapi::luma::mock {

/// Hands out and checks job media URLs. Without a time to live they are plain and never expire.
/// With one, each URL handed out carries "?expires=<ms>&read=<n>&signature=<hex>": it is valid
/// for `ttl` from the job read that handed it out (a job read when it completes: `ttl` after
/// completion), every read gives a URL of its own, and one that is expired, unsigned or altered
/// is answered 403 as a CDN answers it. Thread-safe.
class MediaLinks {
 public:
  /// URLs that expire `ttl` after they are handed out; none: URLs that never expire.
  explicit MediaLinks(std::optional<std::chrono::milliseconds> ttl);

  /// `url`, a job medium's URL under the mock's origin, as a job read hands it out now.
  std::string handOut(const std::string& url);
  /// Why a request for a job medium is refused (expired, unsigned, altered); none when it may
  /// be served.
  std::optional<std::string> refusal(const httplib::Request& req) const;

 private:
  std::string signatureOf(const std::string& path, std::int64_t expires, std::uint64_t read) const;

  const std::optional<std::chrono::milliseconds> ttl_;
  const std::uint64_t secret_;  // drawn per server: signatures are not guessable across mocks
  std::atomic<std::uint64_t> reads_{0};
};

/// Marks a media answer as one a cut download may continue: "Accept-Ranges: bytes" and an ETag
/// (a strong validator of its bytes). A request whose If-Range names another version gets the
/// whole answer (200) instead of the part its Range asked for. Answers other than a 200 with a
/// body are left as they are. Call it before a fault cuts or drips the answer.
void offerRanges(const httplib::Request& req, httplib::Response& res);

}  // namespace useapi::luma::mock
