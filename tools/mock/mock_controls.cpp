#include "mock/mock_controls.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "mock/http_answers.hpp"

namespace useapi::luma::mock {
namespace {

using nlohmann::json;

// What a job of another process asked for: the defaults of its type.
CheckedRequest foreignRequestOf(const std::string& type) {
  CheckedRequest request;
  request.prompt = "a job of another process";
  request.aspect_ratio = "16:9";
  if (type == "image") {
    request.model = "photon-v2";
    request.resolution = "720p";
  } else {
    request.model = "ray-v3-flash";
    request.resolution = "draft";
    request.duration = "5s";
    request.dynamic_range = "sdr";
  }
  return request;
}

// The text field `name` of a control body, or "" when it is absent; throws when it is not text.
std::string textField(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::invalid_argument(std::string(name) + " must be a string");
  return it->get<std::string>();
}

}  // namespace

std::vector<std::string> addForeignJobs(MockContext& mock, const ForeignJobs& jobs) {
  const auto user = mock.userOfToken(jobs.token);
  if (!user) throw std::invalid_argument("no such token");
  if (jobs.count < 0) throw std::invalid_argument("count must not be negative");
  if (jobs.duration.count() < 0) throw std::invalid_argument("duration must not be negative");
  if (jobs.type != "video" && jobs.type != "image") {
    throw std::invalid_argument(R"(type must be "video" or "image")");
  }
  const std::string email = jobs.email.empty() ? mock.options.email : jobs.email;
  const auto account = mock.accounts.find(*user, email);
  if (!account) throw std::invalid_argument("no account " + email);
  CheckedRequest request = foreignRequestOf(jobs.type);
  if (!jobs.model.empty()) request.model = jobs.model;
  std::vector<std::string> ids;
  for (const auto& job : mock.jobs.createForeign(*user, {account->email, account->concurrency},
                                                 jobs.type, jobs.count, jobs.duration, request)) {
    ids.push_back(job.jobid);
  }
  return ids;
}

bool setAccountExpired(MockContext& mock, const std::string& email, const std::string& token,
                       bool expired) {
  const auto user = mock.userOfToken(token);
  if (!user) return false;
  return mock.accounts.setError(
      *user, email, expired ? std::optional<std::string>(kSessionExpiredMessage) : std::nullopt);
}

void postForeignJobs(MockContext& mock, const httplib::Request& req, httplib::Response& res) {
  const json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return answerError(res, 400, "The body must be a JSON object");
  try {
    ForeignJobs jobs;
    jobs.email = textField(body, "email");
    jobs.token = textField(body, "token");
    if (body.contains("type")) jobs.type = textField(body, "type");
    jobs.model = textField(body, "model");
    jobs.count = body.value("count", 1);
    const double seconds = body.value("seconds", 3.0);
    if (!(seconds >= 0) || seconds > 86400.0) {
      throw std::invalid_argument("seconds must be between 0 and 86400");
    }
    jobs.duration = std::chrono::milliseconds(std::llround(seconds * 1000.0));
    answer(res, 200, {{"jobids", addForeignJobs(mock, jobs)}});
  } catch (const json::exception& error) {
    answerError(res, 400, std::string("A field has the wrong type: ") + error.what());
  } catch (const std::invalid_argument& error) {
    answerError(res, 400, error.what());
  }
}

void postAccountExpiry(MockContext& mock, const httplib::Request& req, httplib::Response& res,
                       bool expired) {
  const json body = json::parse(req.body, nullptr, false);
  std::string email;
  std::string token;
  try {
    if (body.is_object()) {
      email = textField(body, "email");
      token = textField(body, "token");
    }
  } catch (const std::invalid_argument& error) {
    return answerError(res, 400, error.what());
  }
  if (email.empty()) return answerError(res, 400, R"(An "email" is required)");
  if (!setAccountExpired(mock, email, token, expired)) {
    return answerError(res, 404, "Unable to find configuration for email " + email);
  }
  answer(res, 200, {{"account", email}, {"expired", expired}});
}

}  // namespace useapi::luma::mock
