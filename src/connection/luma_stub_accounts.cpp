// LumaStub: the account and asset endpoints.

#include "codec/request_encoder.hpp"
#include "codec/response_decoder.hpp"
#include "connection/luma_stub.hpp"
#include "connection/status_errors.hpp"
#include "transport/path_segment.hpp"

namespace useapi::luma::detail {
namespace {

bool isBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::vector<Account> LumaStub::listAccounts() const {
  const std::string endpoint = "GET /accounts";
  auto request = apiRequest("GET", "/accounts", "/accounts");
  request.accept_gzip = true;  // a list can run to many kilobytes
  HttpOutcome outcome = send(std::move(request));
  // The API answers 404 with an empty body when no account is configured.
  if (outcome.response && outcome.response->status == 404 && isBlank(outcome.response->body)) {
    return {};
  }
  const auto response = successOrThrow(std::move(outcome), endpoint);
  return decodeAccountList(response.body, endpoint);
}

Account LumaStub::getAccount(const std::string& email) const {
  auto request = itemRequest("GET", "/accounts", email, "email");
  const std::string endpoint = request.endpoint;
  return decodeAccount(exchange(std::move(request)).body, endpoint, email);
}

Account LumaStub::addAccount(const std::string& session) const {
  auto request = apiRequest("POST", "/accounts", "/accounts");
  // Adding the same session again only refreshes the account, so this POST may be retried.
  request.headers.emplace_back("Content-Type: application/json");
  request.body = encodeSessionBody(session);
  return decodeAccount(exchange(std::move(request)).body, "POST /accounts");
}

void LumaStub::deleteAccount(const std::string& email) const {
  exchange(itemRequest("DELETE", "/accounts", email, "email"));
}

Asset LumaStub::uploadAsset(const std::string& email, std::string bytes,
                            const std::string& content_type) const {
  auto request = creation("/assets/" + encodePathSegment(email, "email"), "/assets/" + email,
                          std::move(bytes), content_type);
  const std::string endpoint = request.endpoint;
  const auto response = exchange(std::move(request));
  return decodeCreated(endpoint, [&] { return decodeAsset(response.body, endpoint); });
}

}  // namespace useapi::luma::detail
