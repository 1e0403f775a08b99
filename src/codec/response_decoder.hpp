#pragma once
// JSON answers to typed records (simdjson On-Demand, see json_document.hpp): lenient on what is
// missing and on fields the library does not need, strict on the types of those it acts on.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "codec/json_limits.hpp"
#include "useapi/luma/accounts.hpp"
#include "useapi/luma/assets.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/job_list.hpp"

namespace useapi::luma::detail {

/// A job record. Throws TransportError naming `endpoint` when `body` is not a JSON object of the
/// documented shape or names no jobid (unknown fields are kept in Job::raw; missing ones stay
/// unset; fields the library does not act on are unset when of the wrong type). The body
/// becomes Job::raw: move it in when it is not needed after.
Job decodeJob(std::string body, const std::string& endpoint);

/// A POST /images answer. Throws TransportError naming `endpoint` when the shape is wrong.
ImageBatch decodeImageBatch(std::string_view body, const std::string& endpoint);

/// One account: a GET /accounts/{email} or POST /accounts answer. `email` is used when the
/// object names no account. Throws TransportError naming `endpoint` when the shape is wrong.
Account decodeAccount(std::string_view body, const std::string& endpoint,
                      const std::string& email = "");

/// A GET /accounts answer: an object keyed by email. Throws TransportError on a wrong shape.
std::vector<Account> decodeAccountList(std::string_view body, const std::string& endpoint);

/// A POST /assets/{email} answer. Throws TransportError naming `endpoint` on a wrong shape or a
/// missing assetRef.
Asset decodeAsset(std::string_view body, const std::string& endpoint);

/// A GET /jobs answer. Throws TransportError naming `endpoint` on a wrong shape.
JobList decodeJobList(std::string_view body, const std::string& endpoint);

/// The server's message in an error answer: its `error` string, else the body itself (trimmed
/// to at most 500 bytes on a character boundary), else an empty string.
std::string errorMessageOf(std::string_view body);

}  // namespace useapi::luma::detail
