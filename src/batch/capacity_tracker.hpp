#pragma once
// The slots of the user's accounts as a batch sees them: capacity from GET /accounts, the slots
// this process holds counted exactly, the others' from `executing` at the last read.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/accounts.hpp"
#include "useapi/luma/batch.hpp"

namespace useapi::luma::detail {

/// Free slots per account. An account answered 429 is full until one of our jobs on it ends or
/// a re-read shows room, so that it is probed at most once per freed slot or re-read; one whose
/// summary has an `error`, or that answered 596, is quarantined for the rest of the run.
class CapacityTracker {
 public:
  /// Takes a fresh read of the accounts: capacity = concurrency; foreign = executing minus the
  /// slots we hold there (never below 0); full is lifted where that leaves room.
  void refresh(const std::vector<Account>& accounts);
  /// Counts a slot held by one of our jobs on `email` (a job of ours found on resume, or just
  /// created).
  void take(const std::string& email);
  /// One of our jobs on `email` ended: its slot is free, and the account is no longer full.
  void release(const std::string& email);
  /// A POST to `email` is under way (`on`) or was answered: while one is, the account has no
  /// free slot, so that a 429 stops the next probe there.
  void posting(const std::string& email, bool on);
  /// `email` answered 429: no more submissions to it until a slot of ours frees or a re-read.
  void markFull(const std::string& email);
  /// `email` answered 596 (or reports an error): nothing more is sent to it.
  void quarantine(const std::string& email, const std::string& why);
  /// Free slots of `email` (0 when full, quarantined or unknown).
  int freeSlots(const std::string& email) const;
  /// The account with the most free slots (ties: the first by email), or nullopt.
  std::optional<std::string> bestAccount() const;
  /// True when `email` is configured (at the last read).
  bool knows(const std::string& email) const;
  /// True when `email` is quarantined; `why` says why.
  bool quarantined(const std::string& email, std::string* why = nullptr) const;
  /// True when at least one account may still take work (known and not quarantined).
  bool anyUsable() const;
  /// Every account as BatchProgress shows it, ordered by email.
  std::vector<BatchAccountSlots> slots() const;
  /// Slots of usable accounts not held by foreign jobs: how many of ours can run at once.
  int usableSlots() const;

 private:
  struct AccountState {
    int capacity = 0;
    int ours = 0;
    int foreign = 0;
    bool full = false;
    bool posting = false;
    bool configured = false;
    std::optional<std::string> quarantine;
  };
  std::map<std::string, AccountState> accounts_;
};

}  // namespace useapi::luma::detail
