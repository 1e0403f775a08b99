#include "transport/curl_handles.hpp"

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

void initialiseCurlOnce() {
  static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (result != CURLE_OK) throw TransportError("libcurl could not be initialised");
}

EasyHandle makeEasyHandle() { return EasyHandle(curl_easy_init()); }

bool appendHeader(HeaderList& list, const std::string& line) {
  curl_slist* const longer = curl_slist_append(list.get(), line.c_str());
  if (longer == nullptr) return false;  // out of memory: the list is as it was
  // curl_slist_append returns the head it was given, or a new head when the list was empty.
  if (longer != list.get()) list.reset(longer);
  return true;
}

}  // namespace useapi::luma::detail
