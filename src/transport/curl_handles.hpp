#pragma once
// Owners of libcurl's handles (an easy handle, a multi handle, a header list): each is freed once,
// by its destructor, instead of by a cleanup call on every path out.

#include <curl/curl.h>

#include <memory>
#include <string>

namespace useapi::luma::detail {

/// Runs curl_global_init once per process. Throws TransportError when it fails.
void initialiseCurlOnce();

/// Frees an easy handle (curl_easy_cleanup).
struct EasyCleanup {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};

/// Frees a multi handle (curl_multi_cleanup).
struct MultiCleanup {
  void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
};

/// Frees a header list (curl_slist_free_all).
struct HeaderListFree {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

/// An easy handle; null when none.
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
/// A multi handle; null when none.
using MultiHandle = std::unique_ptr<CURLM, MultiCleanup>;
/// A list of "Name: value" header lines; null when empty.
using HeaderList = std::unique_ptr<curl_slist, HeaderListFree>;

/// A new easy handle with libcurl's defaults; null when out of memory.
EasyHandle makeEasyHandle();

/// Appends `line` to `list`; false when out of memory, the list then keeping the lines before.
bool appendHeader(HeaderList& list, const std::string& line);

}  // namespace useapi::luma::detail
