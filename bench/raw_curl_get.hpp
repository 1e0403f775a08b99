#pragma once
// The baseline of case 1: GET /jobs/{jobid} with one plain libcurl easy handle, reused so that
// its connection stays alive, and nothing else (no JSON decoding, no I/O thread).

#include <curl/curl.h>

#include <string>

namespace useapi::luma::bench {

/// Fetches one URL again and again over a kept-alive connection.
class EasyGetter {
 public:
  /// A getter of `url` sending `Authorization: Bearer <token>`; with `accept_encoding` it also
  /// sends `Accept-Encoding: gzip` (and decodes gzip answers), as the Client does for lists.
  EasyGetter(const std::string& url, const std::string& token, bool accept_encoding);
  ~EasyGetter();
  EasyGetter(const EasyGetter&) = delete;
  EasyGetter& operator=(const EasyGetter&) = delete;

  /// Performs one GET and returns its HTTP status (0 on a transport failure).
  long get();
  /// The body of the last GET.
  const std::string& body() const { return body_; }

 private:
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string url_;
  std::string body_;
};

/// The URL of GET /jobs/{jobid} below `base_url`, the id percent-encoded as one path segment.
std::string jobUrl(const std::string& base_url, const std::string& jobid);

}  // namespace useapi::luma::bench
