#pragma once
// The scripted world around the user's requests: jobs of other processes holding slots, and
// account sessions that expire; both as functions and as /__mock control routes.

#include <httplib.h>

#include <string>
#include <vector>

#include "mock/mock_context.hpp"

namespace useapi::luma::mock {

/// Creates jobs of another process (see ForeignJobs) and returns their ids. Throws
/// std::invalid_argument for an unknown token or account, a count below 0, a negative duration
/// or a type other than "video" and "image".
std::vector<std::string> addForeignJobs(MockContext& mock, const ForeignJobs& jobs);
/// Expires (or with `expired` false restores) the session of the account of `email` of
/// `token`'s user (empty: the first token's). Returns false when there is no such account.
bool setAccountExpired(MockContext& mock, const std::string& email, const std::string& token,
                       bool expired);

/// POST /__mock/foreign-jobs {"email", "count", "seconds", "type", "model", "token"}: 200
/// {"jobids": [...]}, or 400 with the problem.
void postForeignJobs(MockContext& mock, const httplib::Request& req, httplib::Response& res);
/// POST /__mock/accounts/expire and /__mock/accounts/restore {"email", "token"}: 200
/// {"account", "expired": bool}, 404 for an unknown account, 400 without an email.
void postAccountExpiry(MockContext& mock, const httplib::Request& req, httplib::Response& res,
                       bool expired);

}  // namespace useapi::luma::mock
