#pragma once
// Answers sent slowly: a body dripped out in small pieces at a set rate, as a slow or congested
// server would send it.

#include <atomic>

namespace httplib {
struct Response;
}  // namespace httplib

namespace useapi::luma::mock {

/// Makes the answer set on `res` (its body, or the content provider a route set, e.g. a blob's)
/// go out in small pieces so that the whole body takes its size divided by `bytes_per_second`
/// seconds (at least 1); its Content-Length stays the full size. The sending stops early, closing
/// the connection, when the client has gone (a write fails) or once `stopping` is true, which
/// must outlive the answer. Answers without a body, or chunked ones, are left as they are.
void dripAnswer(httplib::Response& res, int bytes_per_second, const std::atomic<bool>& stopping);

}  // namespace useapi::luma::mock
