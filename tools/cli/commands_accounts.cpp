// luma account list|get|add|delete.

#include <iostream>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "secret_input.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {
namespace {

using nlohmann::json;

int report(const Session& session, const Account& account) {
  if (session.options.json) {
    printJson(accountJson(account));
  } else {
    printAccount(std::cout, account);
  }
  return ExitSuccess;
}

}  // namespace

void addAccountCommands(CLI::App& app, Action& action) {
  CLI::App* account = app.add_subcommand("account", "Manage the Luma accounts at useapi.net");
  account->require_subcommand(1);

  account->add_subcommand("list", "List the configured accounts")->callback([&action] {
    action = [](Session& session) {
      const auto accounts = session.client.listAccounts();
      if (session.options.json) {
        json all = json::array();
        for (const auto& each : accounts) all.push_back(accountJson(each));
        printJson({{"accounts", all}});
      } else {
        for (const auto& each : accounts) printAccount(std::cout, each);
      }
      return ExitSuccess;
    };
  });

  auto email = std::make_shared<std::string>();
  CLI::App* get = account->add_subcommand("get", "Show one account with live details");
  get->add_option("email", *email, "The account's email")->required();
  get->callback([&action, email] {
    action = [email](Session& session) {
      return report(session, session.client.getAccount(*email));
    };
  });

  auto session_cookie = std::make_shared<std::string>();
  CLI::App* add = account->add_subcommand("add", "Add or refresh an account from its session");
  add->add_option("session", *session_cookie,
                  "The Luma session cookie, or - to read it from stdin (kept off the command "
                  "line, where ps and the shell history show it)")
      ->required();
  add->callback([&action, session_cookie] {
    if (*session_cookie == "-") {
      try {
        *session_cookie = readAllTrimmed(std::cin, "the session cookie");
      } catch (const std::invalid_argument& empty) {
        throw CLI::ValidationError(empty.what());
      }
    }
    action = [session_cookie](Session& session) {
      return report(session, session.client.addAccount(*session_cookie));
    };
  });

  auto removed = std::make_shared<std::string>();
  CLI::App* remove = account->add_subcommand("delete", "Remove an account");
  remove->add_option("email", *removed, "The account's email")->required();
  remove->callback([&action, removed] {
    action = [removed](Session& session) {
      session.client.deleteAccount(*removed);
      if (session.options.json) {
        printJson({{"deleted", *removed}});
      } else {
        std::cout << "deleted " << printable(*removed) << '\n';
      }
      return ExitSuccess;
    };
  });
}

}  // namespace useapi::luma::cli
