// Client: the Luma accounts configured at useapi.net.

#include "useapi/luma/client.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {

std::vector<Account> Client::listAccounts() { return connection_->listAccounts(); }

Account Client::getAccount(const std::string& email) {
  if (email.empty()) throw ValidationError({"email: is empty; name the account"});
  return connection_->getAccount(email);
}

Account Client::addAccount(const std::string& session) {
  if (session.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw ValidationError({"session: is empty; give the Luma session cookie of the account"});
  }
  return connection_->addAccount(session);
}

void Client::deleteAccount(const std::string& email) {
  if (email.empty()) throw ValidationError({"email: is empty; name the account"});
  connection_->deleteAccount(email);
}

}  // namespace useapi::luma
