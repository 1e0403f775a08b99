// Accounts: list, get, add, delete, and their documented errors.

#include <gmock/gmock.h>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;

class Accounts : public MockApiTest {
 protected:
  static constexpr const char* kSeededEmail = "mock@example.com";
};

TEST_F(Accounts, ListShowsTheSeededAccount) {
  Client client(clientOptions());
  const auto accounts = client.listAccounts();
  ASSERT_EQ(accounts.size(), 1u);
  EXPECT_EQ(accounts[0].email, kSeededEmail);
  EXPECT_FALSE(accounts[0].user_id.empty());
  EXPECT_EQ(accounts[0].concurrency, concurrency());
  ASSERT_TRUE(accounts[0].luma_session_expires);
  EXPECT_THAT(*accounts[0].luma_session_expires, HasSubstr("UTC"));
  EXPECT_FALSE(accounts[0].raw.empty());
}

TEST_F(Accounts, GetGivesLiveDetailsWithCredits) {
  Client client(clientOptions());
  const Account account = client.getAccount(kSeededEmail);
  EXPECT_EQ(account.email, kSeededEmail);
  ASSERT_TRUE(account.credits);
  EXPECT_TRUE(account.credits->limit);
  EXPECT_THROW(client.getAccount("nobody@example.com"), NotFoundError);
}

TEST_F(Accounts, AddCreatesThenRefreshes) {
  Client client(clientOptions());
  const Account added = client.addAccount("sid=abc; email=new@example.com");
  EXPECT_EQ(added.email, "new@example.com");
  EXPECT_EQ(added.created, true);
  const Account refreshed = client.addAccount("sid=def; email=new@example.com");
  EXPECT_EQ(refreshed.created, false);
  EXPECT_EQ(client.listAccounts().size(), 2u);

  const auto posts = received("POST", "/accounts");
  ASSERT_FALSE(posts.empty());
  EXPECT_THAT(posts.back().body, HasSubstr(R"("session":"sid=def; email=new@example.com")"));
}

TEST_F(Accounts, AddReportsEachDocumentedError) {
  Client client(clientOptions());
  EXPECT_THROW(client.addAccount(""), ValidationError);
  EXPECT_TRUE(received("POST", "/accounts").empty()) << "an empty session is never sent";

  try {
    client.addAccount("sid=1 [mock:expired]");
    FAIL() << "expected PaymentRequiredError";
  } catch (const PaymentRequiredError& error) {
    EXPECT_THAT(error.message(), HasSubstr("subscription"));
  }

  ClientOptions once = clientOptions();
  once.retry.max_attempts = 1;
  Client no_retry(once);
  try {
    no_retry.addAccount("sid=2 [mock:refresh-fail]");
    FAIL() << "expected ServerError";
  } catch (const ServerError& error) {
    EXPECT_EQ(error.status(), 500);
    EXPECT_EQ(error.message(), "Session refreshed but validation failed. Please try again.");
  }

  server_->queueFault(fault("POST /accounts", 400, R"({"error":"Parameter session is required"})"));
  try {
    client.addAccount("sid=3");
    FAIL() << "expected BadRequestError";
  } catch (const BadRequestError& error) {
    EXPECT_EQ(error.message(), "Parameter session is required");
  }
}

TEST_F(Accounts, DeleteRemovesAndTheLastOneLeavesAnEmptyList) {
  Client client(clientOptions());
  client.deleteAccount(kSeededEmail);
  EXPECT_TRUE(client.listAccounts().empty()) << "404 with an empty body means none configured";
  EXPECT_THROW(client.deleteAccount(kSeededEmail), NotFoundError);
  EXPECT_THROW(client.getAccount(kSeededEmail), NotFoundError);
}

TEST_F(Accounts, UnauthorisedTokenIsRefusedEverywhere) {
  Client client(clientOptions("wrong-token"));
  EXPECT_THROW(client.listAccounts(), UnauthorizedError);
  EXPECT_THROW(client.getAccount(kSeededEmail), UnauthorizedError);
  EXPECT_THROW(client.addAccount("sid=x"), UnauthorizedError);
  EXPECT_THROW(client.deleteAccount(kSeededEmail), UnauthorizedError);
}

TEST_F(Accounts, EmailsTravelAsOnePathSegment) {
  Client client(clientOptions());
  EXPECT_THROW(client.getAccount("../jobs"), NotFoundError);
  EXPECT_EQ(server_->requests().back().target, "/v1/luma/accounts/..%2Fjobs");
  EXPECT_THROW(client.getAccount(""), ValidationError);
}

}  // namespace
}  // namespace useapi::luma::testing
