#pragma once
// Requests to JSON bodies with the exact wire names; unset fields are never sent.

#include <string>

#include "useapi/luma/requests.hpp"

namespace useapi::luma::detail {

/// The POST /images body of a validated request. Throws ValidationError on text that is not UTF-8.
std::string encodeBody(const ImageRequest& request);
/// The POST /videos body of a validated request. Throws ValidationError on text that is not UTF-8.
std::string encodeBody(const VideoRequest& request);
/// The POST /accounts body {"session": ...}; bytes that are not UTF-8 become U+FFFD.
std::string encodeSessionBody(const std::string& session);

}  // namespace useapi::luma::detail
