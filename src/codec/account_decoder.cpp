// Accounts: one object, or GET /accounts' object keyed by email.

#include <unordered_map>

#include "codec/json_document.hpp"
#include "codec/response_decoder.hpp"

namespace useapi::luma::detail {
namespace {

Account accountFrom(JsonField& object, const std::string& fallback_email) {
  object.requireObject();
  Account account;
  std::optional<std::string> account_field;
  std::optional<std::string> email_field;
  object.forEachField([&](std::string_view key, JsonField& field) {
    if (key == "account") {
      account_field = field.text();
    } else if (key == "email") {
      email_field = field.text();
    } else if (key == "user_id") {
      account.user_id = field.digitsOrText();  // a string or a number: its text either way
    } else if (key == "concurrency") {
      account.concurrency = field.integer();
    } else if (key == "executing") {
      account.executing = field.integer();
    } else if (key == "refresh_count") {
      account.refresh_count = field.integer();
    } else if (key == "luma_session_expires") {
      account.luma_session_expires = field.text();
    } else if (key == "updated") {
      account.updated = field.text();
    } else if (key == "refresh_last") {
      account.refresh_last = field.text();
    } else if (key == "error") {
      account.error = field.text();
    } else if (key == "credits") {
      account.credits.reset();
      if (!field.isObject()) return true;
      Credits credits;
      field.forEachField([&](std::string_view name, JsonField& value) {
        if (name == "usage") {
          credits.usage = value.number();
        } else if (name == "limit") {
          credits.limit = value.number();
        } else {
          return false;
        }
        return true;
      });
      account.credits = credits;
    } else if (key == "created") {
      account.created = field.boolean();
    } else {
      return false;
    }
    return true;
  });
  account.email = account_field ? *account_field : email_field.value_or(fallback_email);
  return account;
}

}  // namespace

Account decodeAccount(std::string_view body, const std::string& endpoint,
                      const std::string& email) {
  return withoutBadAlloc(endpoint, body.size(), [&] {
    Account account;
    std::string raw = paddedCopy(body);
    const bool changed = readJsonObject(raw, true, endpoint,
                                        [&](JsonField& top) { account = accountFrom(top, email); });
    unpad(raw);
    if (changed) raw.assign(body);  // as received
    account.raw = std::move(raw);
    return account;
  });
}

std::vector<Account> decodeAccountList(std::string_view body, const std::string& endpoint) {
  return withoutBadAlloc(endpoint, body.size(), [&] {
    std::vector<Account> accounts;
    std::unordered_map<std::string, std::size_t> index_of_email;
    std::string text = paddedCopy(body);
    readJsonObject(text, true, endpoint, [&](JsonField& top) {
      const std::size_t count = top.countFields();
      if (count > kMaxListedAccounts) {
        top.place().fail("a list of " + std::to_string(count) + " accounts; at most " +
                         std::to_string(kMaxListedAccounts) + " are read");
      }
      accounts.reserve(count);
      top.forEachField([&](std::string_view key, JsonField& field) {
        const std::string email(key);
        const char* start = field.location();
        Account account = accountFrom(field, email);
        account.raw = field.rawTextSince(start);
        // A repeated email replaces the one before, as a repeated key does in any JSON reader.
        const auto [it, added] = index_of_email.try_emplace(email, accounts.size());
        if (added) {
          accounts.push_back(std::move(account));
        } else {
          accounts[it->second] = std::move(account);
        }
        return true;
      });
    });
    return accounts;
  });
}

}  // namespace useapi::luma::detail
