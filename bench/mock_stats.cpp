// Reads GET /__mock/stats of a luma-mock with a libcurl easy handle and picks out its numbers
// (a flat JSON object, so a key search is enough here).

#include "mock_stats.hpp"

#include <curl/curl.h>

#include <stdexcept>

namespace useapi::luma::bench {
namespace {

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::int64_t numberAfter(const std::string& body, const std::string& key) {
  const std::size_t at = body.find("\"" + key + "\":");
  if (at == std::string::npos)
    throw std::runtime_error("luma-mock stats lack " + key + ": " + body);
  return std::stoll(body.substr(at + key.size() + 3));
}

}  // namespace

std::string originOf(const std::string& base_url) {
  const std::size_t scheme_end = base_url.find("://");
  const std::size_t path = base_url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  return path == std::string::npos ? base_url : base_url.substr(0, path);
}

MockStats readMockStats(const std::string& base_url) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) throw std::runtime_error("curl_easy_init failed");
  std::string body;
  const std::string url = originOf(base_url) + "/__mock/stats";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &appendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK || status != 200) {
    throw std::runtime_error("cannot read " + url + ": " + curl_easy_strerror(code));
  }
  return {numberAfter(body, "requests"), numberAfter(body, "jobs_created"),
          numberAfter(body, "capacity_refusals")};
}

}  // namespace useapi::luma::bench
