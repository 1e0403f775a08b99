// Accounts: one object, or GET /accounts' object keyed by email.

#include "codec/json_reader.hpp"
#include "codec/response_decoder.hpp"

namespace useapi::luma::detail {
namespace {

using nlohmann::json;

// user_id comes as a string or a number; keep its text either way.
std::string userIdOf(const JsonReader& reader) {
  const json* value = reader.find("user_id");
  if (!value) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return value->dump();  // signed or unsigned: the digits
  reader.fail("user_id", "a string or an integer", *value);
}

Account accountFrom(const JsonReader& reader, const std::string& fallback_email) {
  Account account;
  account.email = reader.text("account").value_or(reader.text("email").value_or(fallback_email));
  account.user_id = userIdOf(reader);
  account.concurrency = reader.integer("concurrency");
  account.executing = reader.integer("executing");
  account.refresh_count = reader.integer("refresh_count");
  account.luma_session_expires = reader.text("luma_session_expires");
  account.updated = reader.text("updated");
  account.refresh_last = reader.text("refresh_last");
  account.error = reader.text("error");
  if (const auto credits = reader.object("credits")) {
    account.credits = Credits{credits->number("usage"), credits->number("limit")};
  }
  account.created = reader.boolean("created");
  return account;
}

}  // namespace

Account decodeAccount(std::string_view body, const std::string& endpoint,
                      const std::string& email) {
  const json document = parseObject(body, endpoint);
  Account account = accountFrom(JsonReader(document, endpoint), email);
  account.raw = std::string(body);
  return account;
}

std::vector<Account> decodeAccountList(std::string_view body, const std::string& endpoint) {
  const json document = parseObject(body, endpoint);
  const JsonReader top(document, endpoint);
  std::vector<Account> accounts;
  for (const auto& [email, value] : document.items()) {
    Account account = accountFrom(top.element(email, value), email);
    account.raw = value.dump();
    accounts.push_back(std::move(account));
  }
  return accounts;
}

}  // namespace useapi::luma::detail
