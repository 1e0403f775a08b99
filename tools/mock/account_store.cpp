#include "mock/account_store.hpp"

#include "mock/stamps.hpp"

namespace useapi::luma::mock {
namespace {

constexpr int kCreditsLimit = 10000;
constexpr auto kSessionLifetime = std::chrono::hours(24 * 30);

}  // namespace

AccountStore::AccountStore(const std::vector<int>& users, const std::string& email, int count,
                           int concurrency)
    : concurrency_(concurrency) {
  for (const int user : users) {
    for (int n = 1; n <= count; ++n) {
      const std::string numbered = numberedEmail(email, n);
      accounts_[user].emplace(numbered, fresh(user, numbered));
    }
  }
}

MockAccount AccountStore::fresh(int user, const std::string& email) const {
  MockAccount account;
  account.email = email;
  // Luma's own user id of the account: a UUID, the same every time for this user and email.
  account.user_id = stableUuid("luma-user:" + std::to_string(user) + ":" + email);
  account.concurrency = concurrency_;
  const auto now = std::chrono::system_clock::now();
  account.luma_session_expires = utcSeconds(now + kSessionLifetime);
  account.updated = utcDate(now);
  account.refresh_last = isoOf(now);
  account.credits_limit = kCreditsLimit;
  return account;
}

std::vector<MockAccount> AccountStore::list(int user) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<MockAccount> result;
  const auto it = accounts_.find(user);
  if (it == accounts_.end()) return result;
  for (const auto& entry : it->second) result.push_back(entry.second);
  return result;
}

std::optional<MockAccount> AccountStore::find(int user, const std::string& email) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = accounts_.find(user);
  if (it == accounts_.end()) return std::nullopt;
  const auto account = it->second.find(email);
  if (account == it->second.end()) return std::nullopt;
  return account->second;
}

AddedAccount AccountStore::addOrRefresh(int user, const std::string& email) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& accounts = accounts_[user];
  const auto it = accounts.find(email);
  if (it == accounts.end()) {
    return {accounts.emplace(email, fresh(user, email)).first->second, true};
  }
  MockAccount& account = it->second;
  const MockAccount renewed = fresh(user, email);
  account.luma_session_expires = renewed.luma_session_expires;
  account.updated = renewed.updated;
  account.refresh_last = renewed.refresh_last;
  ++account.refresh_count;
  account.error.reset();  // a fresh session ends an expiry
  return {account, false};
}

std::optional<std::size_t> AccountStore::remove(int user, const std::string& email) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = accounts_.find(user);
  if (it == accounts_.end() || it->second.erase(email) == 0) return std::nullopt;
  return it->second.size();
}

bool AccountStore::setError(int user, const std::string& email,
                            const std::optional<std::string>& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = accounts_.find(user);
  if (it == accounts_.end()) return false;
  const auto account = it->second.find(email);
  if (account == it->second.end()) return false;
  account->second.error = error;
  return true;
}

std::string numberedEmail(const std::string& email, int n) {
  if (n == 1) return email;
  const auto at = email.find('@');
  const std::string number = std::to_string(n);
  if (at == std::string::npos) return email + number;
  return email.substr(0, at) + number + email.substr(at);
}

std::string emailOfSession(const std::string& session) {
  const std::string tag = "email=";
  const auto start = session.find(tag);
  if (start != std::string::npos) {
    const auto from = start + tag.size();
    const auto end = session.find_first_of("; \t\r\n", from);
    std::string email = session.substr(from, end == std::string::npos ? end : end - from);
    if (!email.empty()) return email;
  }
  return "session-" + stableHashHex(session).substr(0, 8) + "@example.com";
}

}  // namespace useapi::luma::mock
