// Client: the Luma accounts configured at useapi.net.

#include <nlohmann/json.hpp>

#include "client/client_impl.hpp"
#include "codec/response_decoder.hpp"
#include "transport/status_errors.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

bool isBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::vector<Account> Client::listAccounts() {
  const auto call = impl_->enter("listAccounts");
  const std::string endpoint = "GET /accounts";
  auto request = impl_->apiRequest("GET", "/accounts", "/accounts");
  request.accept_gzip = true;  // a list can run to many kilobytes
  detail::HttpOutcome outcome = impl_->send(std::move(request));
  // The API answers 404 with an empty body when no account is configured.
  if (outcome.response && outcome.response->status == 404 && isBlank(outcome.response->body)) {
    return {};
  }
  const auto response = detail::successOrThrow(std::move(outcome), endpoint);
  return detail::decodeAccountList(response.body, endpoint);
}

Account Client::getAccount(const std::string& email) {
  const auto call = impl_->enter("getAccount");
  auto request = impl_->itemRequest("GET", "/accounts", email, "email");
  const std::string endpoint = request.endpoint;
  return detail::decodeAccount(impl_->exchange(std::move(request)).body, endpoint, email);
}

Account Client::addAccount(const std::string& session) {
  const auto call = impl_->enter("addAccount");
  if (isBlank(session)) {
    throw ValidationError({"session: is empty; give the Luma session cookie of the account"});
  }
  auto request = impl_->apiRequest("POST", "/accounts", "/accounts");
  // Adding the same session again only refreshes the account, so this POST may be retried.
  request.headers.emplace_back("Content-Type: application/json");
  request.body = nlohmann::json{{"session", session}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  return detail::decodeAccount(impl_->exchange(std::move(request)).body, "POST /accounts");
}

void Client::deleteAccount(const std::string& email) {
  const auto call = impl_->enter("deleteAccount");
  impl_->exchange(impl_->itemRequest("DELETE", "/accounts", email, "email"));
}

}  // namespace useapi::luma
