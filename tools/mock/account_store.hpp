#pragma once
// The Luma accounts each user has configured: seeded with one, added and refreshed from session
// cookies, deleted.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace useapi::luma::mock {

/// One configured Luma account.
struct MockAccount {
  std::string email;
  std::string user_id;  ///< Luma's user UUID, like "9ecac364-4b63-5b61-9241-297345710d63".
  int concurrency = 0;
  int refresh_count = 0;
  std::string luma_session_expires;  ///< Like "2026-05-27 00:28:17 UTC".
  std::string updated;               ///< A date only, like "2026-03-28".
  std::string refresh_last;          ///< ISO 8601.
  int credits_limit = 0;
  /// Why the account is unusable (its session expired); generation requests to it answer 596.
  std::optional<std::string> error;
};

/// The result of adding a session: the account, and whether it was new.
struct AddedAccount {
  MockAccount account;
  bool created = false;
};

/// Accounts per user, each user seeded with the same ones. Thread-safe.
class AccountStore {
 public:
  /// Seeds each of `users` with `count` accounts: numberedEmail(email, 1) ... (email, count).
  AccountStore(const std::vector<int>& users, const std::string& email, int count, int concurrency);

  /// The user's accounts, ordered by email.
  std::vector<MockAccount> list(int user) const;
  /// The user's account of `email`.
  std::optional<MockAccount> find(int user, const std::string& email) const;
  /// Adds the account of `email`, or refreshes it when the user already has it.
  AddedAccount addOrRefresh(int user, const std::string& email);
  /// Deletes the user's account of `email`; returns how many accounts remain, or nullopt when
  /// there was no such account.
  std::optional<std::size_t> remove(int user, const std::string& email);
  /// Sets (or with nullopt clears) the error of the user's account of `email`; returns false
  /// when there is no such account.
  bool setError(int user, const std::string& email, const std::optional<std::string>& error);

 private:
  MockAccount fresh(int user, const std::string& email) const;

  const int concurrency_;
  mutable std::mutex mutex_;
  std::map<int, std::map<std::string, MockAccount>> accounts_;  // user -> email -> account
};

/// The n-th seeded account's email: `email` itself for 1, else `email` with n inserted before
/// its '@' ("mock@example.com", 3 -> "mock3@example.com"), or appended when it has none.
std::string numberedEmail(const std::string& email, int n);

/// The email a session cookie belongs to: its `email=<addr>` (up to ';', whitespace or the end),
/// else "session-<8 hex digits of its hash>@example.com".
std::string emailOfSession(const std::string& session);

}  // namespace useapi::luma::mock
