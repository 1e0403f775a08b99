#pragma once
// The mock's route handlers, one file per concept. API routes run after the wrapper in
// mock_server.cpp has recorded the request, applied faults and authorised `user`.

#include <httplib.h>

#include <cstdint>
#include <optional>

#include "mock/mock_context.hpp"

namespace useapi::luma::mock {

/// An API route's handler, for the token's `user`.
using ApiRoute = void (*)(MockContext& mock, int user, const httplib::Request& req,
                          httplib::Response& res);
/// A media route's handler; `cut_after` is set when a fault cuts the answer's body.
using MediaRoute = void (*)(MockContext& mock, const httplib::Request& req, httplib::Response& res,
                            std::optional<std::uint64_t> cut_after);

// account_routes.cpp
/// GET /accounts: every account keyed by email; 404 with an empty body when there is none.
void getAccounts(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);
/// GET /accounts/{email}: one account with credits.
void getAccount(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);
/// POST /accounts: adds or refreshes the account of a session cookie.
void postAccount(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);
/// DELETE /accounts/{email}.
void deleteAccount(MockContext& mock, int user, const httplib::Request& req,
                   httplib::Response& res);

// asset_routes.cpp
/// POST /assets/{email}: keeps an uploaded image.
void postAsset(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);
/// GET /media/assets/{id}.{ext}: an uploaded image's bytes.
void getAssetMedia(MockContext& mock, const httplib::Request& req, httplib::Response& res,
                   std::optional<std::uint64_t> cut_after);

// generation_routes.cpp
/// POST /images: an image batch.
void postImages(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);
/// POST /videos: a video job.
void postVideos(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);

// job_routes.cpp
/// GET /jobs: the user's running jobs.
void listJobs(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);
/// GET /jobs/{jobid}: a job record.
void getJob(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);
/// DELETE /jobs/{jobid}: removes a finished job.
void deleteJob(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res);

// media_routes.cpp
/// GET /media/{index}/{name}.{png|mp4|zip}: a completed job's generated media.
void getJobMedia(MockContext& mock, const httplib::Request& req, httplib::Response& res,
                 std::optional<std::uint64_t> cut_after);
/// GET /media/blob/{bytes}.bin: a large deterministic blob, streamed.
void getBlob(MockContext& mock, const httplib::Request& req, httplib::Response& res,
             std::optional<std::uint64_t> cut_after);

}  // namespace useapi::luma::mock
