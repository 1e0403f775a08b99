#pragma once
// One attempt's receiving end: what libcurl's callbacks have delivered so far, and why they
// stopped taking bytes.

#include <cstddef>

#include "transport/curl_handles.hpp"
#include "transport/http_types.hpp"

namespace useapi::luma::detail {

/// What one attempt of `request` has received. The easy handle points at it (CURLOPT_WRITEDATA,
/// CURLOPT_HEADERDATA, CURLOPT_ERRORBUFFER) while the attempt runs, so it never moves.
struct Transfer {
  /// An attempt of `request` on `easy`, keeping at most `max_body_bytes` of an answer.
  Transfer(const HttpRequest& request, CURL* easy, std::size_t max_body_bytes)
      : request(&request), easy(easy), max_body_bytes(max_body_bytes) {}
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() = default;

  /// CURLOPT_WRITEFUNCTION: keeps the body, or streams a 200 body to the request's sink.
  static size_t onBody(char* data, size_t size, size_t count, void* user);
  /// CURLOPT_HEADERFUNCTION: keeps the last response's Retry-After.
  static size_t onHeader(char* data, size_t size, size_t count, void* user);

  const HttpRequest* request;
  CURL* easy;
  HeaderList headers;  ///< This request's own header list; null: the transport's shared one.
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  std::size_t max_body_bytes;
  bool too_large = false;
  bool sink_started = false;
  bool sink_failed = false;
  bool stopped = false;          ///< Transport::stop() was asked: the body was refused.
  bool unwanted_status = false;  ///< A 2xx other than 200 to a request with a sink: not taken.
};

}  // namespace useapi::luma::detail
