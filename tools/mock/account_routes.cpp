// GET, POST and DELETE /accounts: the user's Luma accounts.

#include "mock/http_answers.hpp"
#include "mock/request_body.hpp"
#include "mock/routes.hpp"

namespace useapi::luma::mock {
namespace {

using nlohmann::json;

constexpr const char* kExpiredMarker = "[mock:expired]";
constexpr const char* kRefreshFailMarker = "[mock:refresh-fail]";

json creditsOf(const MockContext& mock, int user, const MockAccount& account) {
  return {{"usage", mock.jobs.creditsUsed(user, account.email)}, {"limit", account.credits_limit}};
}

json summaryOf(const MockContext& mock, int user, const MockAccount& account) {
  json summary = {{"account", account.email},
                  {"email", account.email},
                  {"user_id", account.user_id},
                  {"concurrency", account.concurrency},
                  {"executing", mock.jobs.executing(user, account.email)},
                  {"refresh_count", account.refresh_count},
                  {"luma_session_expires", account.luma_session_expires},
                  {"updated", account.updated},
                  {"refresh_last", account.refresh_last}};
  if (account.error) summary["error"] = *account.error;
  return summary;
}

void answerUnknownEmail(httplib::Response& res, const std::string& email) {
  answerError(res, 404, "Unable to find configuration for email " + email);
}

}  // namespace

void getAccounts(MockContext& mock, int user, const httplib::Request&, httplib::Response& res) {
  const std::vector<MockAccount> accounts = mock.accounts.list(user);
  if (accounts.empty()) return answerEmpty(res, 404);
  json body = json::object();
  for (const auto& account : accounts) body[account.email] = summaryOf(mock, user, account);
  answer(res, 200, body);
}

void getAccount(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res) {
  const std::string email = req.matches[1];
  const auto account = mock.accounts.find(user, email);
  if (!account) return answerUnknownEmail(res, email);
  json body = summaryOf(mock, user, *account);
  body["credits"] = creditsOf(mock, user, *account);
  answer(res, 200, body);
}

void postAccount(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res) {
  const json body = bodyFields(req);
  const auto session = body.is_object() ? body.find("session") : body.end();
  if (session == body.end() || !session->is_string() || session->get<std::string>().empty()) {
    return answerError(res, 400, "Parameter session is required");
  }
  const std::string cookie = session->get<std::string>();
  if (cookie.find(kExpiredMarker) != std::string::npos) {
    return answerError(res, 402, "Account has no subscription or subscription expired");
  }
  if (cookie.find(kRefreshFailMarker) != std::string::npos) {
    return answerError(res, 500, "Session refreshed but validation failed. Please try again.");
  }
  const AddedAccount added = mock.accounts.addOrRefresh(user, emailOfSession(cookie));
  const MockAccount& account = added.account;
  answer(res, 200,
         {{"account", account.email},
          {"user_id", account.user_id},
          {"concurrency", account.concurrency},
          {"luma_session_expires", account.luma_session_expires},
          {"credits", creditsOf(mock, user, account)},
          {"created", added.created}});
}

void deleteAccount(MockContext& mock, int user, const httplib::Request& req,
                   httplib::Response& res) {
  const std::string email = req.matches[1];
  const auto remaining = mock.accounts.remove(user, email);
  if (!remaining) return answerEmpty(res, 404);
  answer(res, 200, {{"account", email}, {"deleted", true}, {"remaining", *remaining}});
}

}  // namespace useapi::luma::mock
