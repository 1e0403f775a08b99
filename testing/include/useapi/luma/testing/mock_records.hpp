#pragma once
/// \file
/// What a testing::MockServer saw and did: the requests it received, the webhooks it sent.

#include <chrono>
#include <map>
#include <string>

namespace useapi::luma::testing {

/// A request as a testing::MockServer received it.
struct MockRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< The raw request target, percent-encoding intact.
  std::string path;    ///< The decoded path, e.g. "/v1/luma/videos".
  std::multimap<std::string, std::string> headers;  ///< As received.
  std::string body;                                 ///< Empty for multipart/form-data.
  int remote_port = 0;  ///< The client's port: equal ports mean one reused connection.
  std::chrono::steady_clock::time_point received_at;  ///< When its headers were read.
};

/// A webhook callback a testing::MockServer sent (or tried to) to a job's replyUrl.
struct MockWebhookDelivery {
  std::string url;    ///< The replyUrl.
  std::string body;   ///< The JSON payload: the job's record.
  int status = 0;     ///< The receiver's HTTP status; 0 when there was no answer.
  std::string error;  ///< Why there was no answer; empty when there was one.
};

}  // namespace useapi::luma::testing
