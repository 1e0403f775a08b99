#include "batch/capacity_tracker.hpp"

#include <algorithm>

namespace useapi::luma::detail {

void CapacityTracker::refresh(const std::vector<Account>& accounts) {
  for (auto& entry : accounts_) entry.second.configured = false;
  for (const Account& account : accounts) {
    AccountState& state = accounts_[account.email];
    state.configured = true;
    state.capacity = std::max(account.concurrency.value_or(0), 0);
    state.foreign = std::max(account.executing.value_or(0) - state.ours, 0);
    if (state.capacity - state.ours - state.foreign > 0) state.full = false;
    if (account.error && !account.error->empty() && !state.quarantine) {
      state.quarantine = "account " + account.email + " reports an error (" + *account.error +
                         "); re-add the account (luma account add) and run the batch again";
    }
  }
}

void CapacityTracker::take(const std::string& email) { ++accounts_[email].ours; }

void CapacityTracker::release(const std::string& email) {
  AccountState& state = accounts_[email];
  state.ours = std::max(state.ours - 1, 0);
  state.full = false;
}

void CapacityTracker::posting(const std::string& email, bool on) { accounts_[email].posting = on; }

void CapacityTracker::markFull(const std::string& email) { accounts_[email].full = true; }

void CapacityTracker::quarantine(const std::string& email, const std::string& why) {
  AccountState& state = accounts_[email];
  if (!state.quarantine) state.quarantine = why;
}

int CapacityTracker::freeSlots(const std::string& email) const {
  const auto it = accounts_.find(email);
  if (it == accounts_.end()) return 0;
  const AccountState& state = it->second;
  if (!state.configured || state.full || state.posting || state.quarantine) return 0;
  return std::max(state.capacity - state.ours - state.foreign, 0);
}

std::optional<std::string> CapacityTracker::bestAccount() const {
  std::optional<std::string> best;
  int most = 0;
  for (const auto& entry : accounts_) {
    const int free = freeSlots(entry.first);
    if (free > most) {
      most = free;
      best = entry.first;
    }
  }
  return best;
}

bool CapacityTracker::knows(const std::string& email) const {
  const auto it = accounts_.find(email);
  return it != accounts_.end() && it->second.configured;
}

bool CapacityTracker::quarantined(const std::string& email, std::string* why) const {
  const auto it = accounts_.find(email);
  if (it == accounts_.end() || !it->second.quarantine) return false;
  if (why) *why = *it->second.quarantine;
  return true;
}

bool CapacityTracker::anyUsable() const {
  return std::any_of(accounts_.begin(), accounts_.end(), [](const auto& entry) {
    return entry.second.configured && !entry.second.quarantine && entry.second.capacity > 0;
  });
}

std::vector<BatchAccountSlots> CapacityTracker::slots() const {
  std::vector<BatchAccountSlots> slots;
  for (const auto& [email, state] : accounts_) {
    if (!state.configured && state.ours == 0) continue;
    BatchAccountSlots account;
    account.email = email;
    account.capacity = state.capacity;
    account.ours = state.ours;
    account.foreign = state.foreign;
    account.full = state.full;
    account.quarantined = state.quarantine.has_value();
    slots.push_back(std::move(account));
  }
  return slots;
}

int CapacityTracker::usableSlots() const {
  int total = 0;
  for (const auto& entry : accounts_) {
    const AccountState& state = entry.second;
    if (state.configured && !state.quarantine) {
      total += std::max(state.capacity - state.foreign, 0);
    }
  }
  return total;
}

}  // namespace useapi::luma::detail
