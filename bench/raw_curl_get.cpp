// A plain libcurl easy-handle GET loop: the least a client can do per request.

#include "raw_curl_get.hpp"

#include <memory>
#include <stdexcept>

namespace useapi::luma::bench {
namespace {

std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

}  // namespace

EasyGetter::EasyGetter(const std::string& url, const std::string& token, bool accept_encoding)
    : curl_(curl_easy_init()), url_(url) {
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
  const std::string authorization = "Authorization: Bearer " + token;
  headers_ = curl_slist_append(headers_, authorization.c_str());
  curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &appendBody);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 30L);
  if (accept_encoding) curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, "gzip");
}

EasyGetter::~EasyGetter() {
  curl_easy_cleanup(curl_);
  curl_slist_free_all(headers_);
}

long EasyGetter::get() {
  body_.clear();
  if (curl_easy_perform(curl_) != CURLE_OK) return 0;
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

std::string jobUrl(const std::string& base_url, const std::string& jobid) {
  std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, jobid.c_str(), static_cast<int>(jobid.size())), &curl_free);
  if (!escaped) throw std::runtime_error("curl_easy_escape failed");
  return base_url + "/jobs/" + escaped.get();
}

}  // namespace useapi::luma::bench
