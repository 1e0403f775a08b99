// A libcurl multi loop: each finished transfer of a handle is started again on the same handle
// (and so the same connection) until the requested number has been sent.

#include "mock_hammer.hpp"

#include <curl/curl.h>

#include <stdexcept>
#include <vector>

namespace useapi::luma::bench {
namespace {

std::size_t discardBody(char*, std::size_t size, std::size_t count, void*) { return size * count; }

}  // namespace

std::int64_t hammer(const std::string& url, const std::string& token, int connections,
                    std::int64_t requests, bool accept_encoding) {
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(connections));
  const std::string authorization = "Authorization: Bearer " + token;
  curl_slist* headers = curl_slist_append(nullptr, authorization.c_str());

  std::vector<CURL*> handles;
  std::int64_t started = 0;
  for (int i = 0; i < connections && started < requests; ++i, ++started) {
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discardBody);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
    if (accept_encoding) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
    handles.push_back(curl);
    curl_multi_add_handle(multi, curl);
  }

  std::int64_t answered = 0;
  int running = 1;
  while (running > 0) {
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* curl = message->easy_handle;
      long status = 0;
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
      if (message->data.result == CURLE_OK && status == 200) ++answered;
      curl_multi_remove_handle(multi, curl);
      if (started < requests) {
        ++started;
        curl_multi_add_handle(multi, curl);
        running = 1;
      }
    }
    if (running > 0) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }

  for (CURL* curl : handles) curl_easy_cleanup(curl);
  curl_slist_free_all(headers);
  curl_multi_cleanup(multi);
  return answered;
}

}  // namespace useapi::luma::bench
