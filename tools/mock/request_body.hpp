#pragma once
// The fields of a POST body, sent as JSON or as multipart/form-data (the docs accept both for
// POST /images, /videos and /accounts).

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace useapi::luma::mock {

/// The body's fields: a JSON body as parsed (discarded when it is not JSON), or, for
/// multipart/form-data, an object of each part's name and its content as a string (the first
/// part of a name wins), so that both go through the same checks.
nlohmann::json bodyFields(const httplib::Request& req);

}  // namespace useapi::luma::mock
