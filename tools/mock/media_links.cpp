#include "mock/media_links.hpp"

#include <httplib.h>

#include <cstdio>
#include <random>

namespace useapi::luma::mock {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::uint64_t fnv1a(const std::string& text, std::uint64_t hash = 14695981039346656037ULL) {
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             SteadyClock::now().time_since_epoch())
      .count();
}

std::uint64_t drawSecret() {
  std::random_device random;
  return (std::uint64_t{random()} << 32) ^ random();
}

// The path part of an absolute URL ("http://host:port/media/1/image.png" -> "/media/1/image.png").
std::string pathOf(const std::string& url) {
  const std::size_t scheme = url.find("://");
  const std::size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? "/" : url.substr(path, url.find_first_of("?#", path) - path);
}

}  // namespace

MediaLinks::MediaLinks(std::optional<std::chrono::milliseconds> ttl)
    : ttl_(ttl), secret_(drawSecret()) {}

std::string MediaLinks::signatureOf(const std::string& path, std::int64_t expires,
                                    std::uint64_t read) const {
  return hex(fnv1a(path + "|" + std::to_string(expires) + "|" + std::to_string(read), secret_));
}

std::string MediaLinks::handOut(const std::string& url) {
  if (!ttl_) return url;
  const std::int64_t expires = nowMs() + ttl_->count();
  const std::uint64_t read = ++reads_;
  return url + "?expires=" + std::to_string(expires) + "&read=" + std::to_string(read) +
         "&signature=" + signatureOf(pathOf(url), expires, read);
}

std::optional<std::string> MediaLinks::refusal(const httplib::Request& req) const {
  if (!ttl_) return std::nullopt;
  if (!req.has_param("expires") || !req.has_param("read") || !req.has_param("signature")) {
    return "Request is not signed: media URLs come from GET /jobs/{jobid}";
  }
  std::int64_t expires = 0;
  std::uint64_t read = 0;
  try {
    expires = std::stoll(req.get_param_value("expires"));
    read = std::stoull(req.get_param_value("read"));
  } catch (const std::exception&) {
    return "Request has a malformed signature";
  }
  if (req.get_param_value("signature") != signatureOf(req.path, expires, read)) {
    return "Request signature does not match";
  }
  if (nowMs() >= expires) return "Request has expired: read the job again for a fresh URL";
  return std::nullopt;
}

void offerRanges(const httplib::Request& req, httplib::Response& res) {
  const bool whole = res.status == -1 || res.status == 200;
  const bool has_body = !res.body.empty() || res.content_length_ > 0;
  if (!whole || !has_body) return;
  // The bytes of a body, or of a streamed blob (its content is fixed by its size and path).
  const std::string etag =
      "\"" +
      hex(res.body.empty() ? fnv1a(req.path + "#" + std::to_string(res.content_length_))
                           : fnv1a(res.body)) +
      "\"";
  res.set_header("Accept-Ranges", "bytes");
  res.set_header("ETag", etag);
  if (!req.ranges.empty() && req.has_header("If-Range") &&
      req.get_header_value("If-Range") != etag) {
    // Another version was asked about: the whole answer goes, as RFC 9110 says. cpp-httplib
    // answers a request's ranges by itself, so they are dropped from the request it owns.
    const_cast<httplib::Request&>(req).ranges.clear();
  }
}

}  // namespace useapi::luma::mock
