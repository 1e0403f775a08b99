// Decoding of the account, asset and job-list answers (shared/spec/luma-api.md, endpoints 1-3, 5
// and 8): lenient on missing fields, a TransportError naming the endpoint and the field's path on
// a wrong type.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/decoding.hpp"

#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "codec/response_decoder.hpp"
#include "useapi/luma/accounts.hpp"
#include "useapi/luma/assets.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/job_list.hpp"
#include "useapi/luma/values.hpp"

namespace {

using ::testing::HasSubstr;
using ::useapi::luma::Account;
using ::useapi::luma::Asset;
using ::useapi::luma::JobList;
using ::useapi::luma::JobType;
using ::useapi::luma::TransportError;
using ::useapi::luma::detail::decodeAccount;
using ::useapi::luma::detail::decodeAccountList;
using ::useapi::luma::detail::decodeAsset;
using ::useapi::luma::detail::decodeJobList;
using ::useapi::luma::testing::thrownMessage;

constexpr char kListEndpoint[] = "GET /accounts";
constexpr char kAddEndpoint[] = "POST /accounts";
constexpr char kAssetEndpoint[] = "POST /assets/me@example.com";
constexpr char kJobsEndpoint[] = "GET /jobs";

// A malformed answer and what the error must name besides the endpoint (empty: nothing more).
struct MalformedCase {
  std::string name;
  std::string body;
  std::string field;
};

template <class Decode>
void expectEachRefused(const std::vector<MalformedCase>& cases, const char* endpoint,
                       Decode&& decode) {
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.name);
    const auto message = thrownMessage<TransportError>([&] { decode(c.body, endpoint); });
    if (!message) continue;
    EXPECT_THAT(*message, HasSubstr(endpoint));
    if (!c.field.empty()) {
      EXPECT_THAT(*message, HasSubstr(c.field));
    }
  }
}

const Account* accountWithEmail(const std::vector<Account>& accounts, const std::string& email) {
  for (const Account& account : accounts) {
    if (account.email == email) return &account;
  }
  return nullptr;
}

// --- GET /accounts -------------------------------------------------------------------------------

constexpr char kAccountList[] = R"({
  "alice@example.com": {
    "account": "alice@example.com", "user_id": "a1b2c3", "concurrency": 4, "executing": 1,
    "refresh_count": 3, "luma_session_expires": "2026-05-27 00:28:17 UTC",
    "updated": "2026-03-26T14:05:30.123Z", "refresh_last": "2026-03-25T08:00:00.000Z"
  },
  "bob@example.com": {
    "user_id": 67890, "concurrency": 1, "executing": 0, "refresh_count": 0,
    "luma_session_expires": "2026-04-01 12:00:00 UTC", "error": "Session expired"
  }
})";

TEST(DecodeAccountList, ObjectKeyedByEmailGivesOneAccountPerKey) {
  const std::vector<Account> accounts = decodeAccountList(kAccountList, kListEndpoint);
  ASSERT_EQ(accounts.size(), 2U);
  const nlohmann::json wire = nlohmann::json::parse(kAccountList);

  const Account* alice = accountWithEmail(accounts, "alice@example.com");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->user_id, "a1b2c3");
  EXPECT_EQ(alice->concurrency, 4);
  EXPECT_EQ(alice->executing, 1);
  EXPECT_EQ(alice->refresh_count, 3);
  EXPECT_EQ(alice->luma_session_expires, "2026-05-27 00:28:17 UTC");
  EXPECT_EQ(alice->updated, "2026-03-26T14:05:30.123Z");
  EXPECT_EQ(alice->refresh_last, "2026-03-25T08:00:00.000Z");
  EXPECT_EQ(alice->error, std::nullopt);
  EXPECT_EQ(alice->credits, std::nullopt);
  EXPECT_EQ(alice->created, std::nullopt);
  EXPECT_EQ(nlohmann::json::parse(alice->raw), wire.at("alice@example.com"));

  // No `account` field: the email comes from the key; a numeric user_id is kept as text.
  const Account* bob = accountWithEmail(accounts, "bob@example.com");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->user_id, "67890");
  EXPECT_EQ(bob->concurrency, 1);
  EXPECT_EQ(bob->executing, 0);
  EXPECT_EQ(bob->refresh_count, 0);
  EXPECT_EQ(bob->luma_session_expires, "2026-04-01 12:00:00 UTC");
  EXPECT_EQ(bob->updated, std::nullopt);
  EXPECT_EQ(bob->refresh_last, std::nullopt);
  EXPECT_EQ(bob->error, "Session expired");
  EXPECT_EQ(nlohmann::json::parse(bob->raw), wire.at("bob@example.com"));
}

TEST(DecodeAccountList, EmptyObjectGivesNoAccounts) {
  EXPECT_TRUE(decodeAccountList("{}", kListEndpoint).empty());
  EXPECT_TRUE(decodeAccountList(" { } \n", kListEndpoint).empty());
}

TEST(DecodeAccountList, NumericUserIdBeyondSixtyFourBitsSignedKeepsItsDigits) {
  // "user_id as a string even when the JSON has a number": the text, not a wrapped value.
  const std::vector<Account> accounts = decodeAccountList(
      R"({"a@b.c": {"user_id": 9223372036854775808}, "d@e.f": {"user_id": 0}})", kListEndpoint);
  ASSERT_EQ(accounts.size(), 2U);
  const Account* big = accountWithEmail(accounts, "a@b.c");
  ASSERT_NE(big, nullptr);
  EXPECT_EQ(big->user_id, "9223372036854775808");
  const Account* zero = accountWithEmail(accounts, "d@e.f");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->user_id, "0");
}

TEST(DecodeAccountList, WrongTypesThrowTransportErrorNamingEndpointAndFieldPath) {
  const std::vector<MalformedCase> cases = {
      {"concurrency a string", R"({"a@b.c": {"concurrency": "4"}})", "a@b.c.concurrency"},
      {"executing a boolean", R"({"a@b.c": {"executing": true}})", "a@b.c.executing"},
      {"refresh_count 1e300", R"({"a@b.c": {"refresh_count": 1e300}})", "a@b.c.refresh_count"},
      {"user_id a boolean", R"({"a@b.c": {"user_id": true}})", "a@b.c.user_id"},
      {"user_id a fraction", R"({"a@b.c": {"user_id": 1.5}})", "a@b.c.user_id"},
      {"user_id an object", R"({"a@b.c": {"user_id": {"id": 1}}})", "a@b.c.user_id"},
      {"session expiry a number", R"({"a@b.c": {"luma_session_expires": 1780000000}})",
       "a@b.c.luma_session_expires"},
      {"updated an array", R"({"a@b.c": {"updated": []}})", "a@b.c.updated"},
      {"refresh_last a number", R"({"a@b.c": {"refresh_last": 0}})", "a@b.c.refresh_last"},
      {"error an object", R"({"a@b.c": {"error": {}}})", "a@b.c.error"},
      {"account a number", R"({"a@b.c": {"account": 1}})", "a@b.c.account"},
      {"credits an array", R"({"a@b.c": {"credits": []}})", "a@b.c.credits"},
      {"credits.usage a string", R"({"a@b.c": {"credits": {"usage": "1"}}})",
       "a@b.c.credits.usage"},
      {"second entry wrong", R"({"a@b.c": {}, "x@y.z": {"concurrency": "1"}})",
       "x@y.z.concurrency"},
      {"entry a string", R"({"a@b.c": "active"})", "a@b.c"},
      {"entry an array", R"({"a@b.c": [1]})", "a@b.c"},
      {"entry a number", R"({"a@b.c": 1})", "a@b.c"},
      {"an array", R"([{"account": "a@b.c"}])", ""},
      {"empty body", "", ""},
      {"not JSON", "<html>", ""},
      {"deep nesting", std::string(10000, '['), ""},
  };
  expectEachRefused(cases, kListEndpoint, [](const std::string& body, const char* endpoint) {
    decodeAccountList(body, endpoint);
  });
}

// --- POST /accounts, GET /accounts/{email} -------------------------------------------------------

TEST(DecodeAccount, AddAccountAnswerWithCreditsDecodesEveryField) {
  const std::string body = R"({"account": "me@example.com", "user_id": "12345",
    "concurrency": 1, "luma_session_expires": "2026-05-27 00:28:17 UTC",
    "credits": {"usage": 120, "limit": 3200.5}, "created": true})";
  const Account account = decodeAccount(body, kAddEndpoint);
  EXPECT_EQ(account.email, "me@example.com");
  EXPECT_EQ(account.user_id, "12345");
  EXPECT_EQ(account.concurrency, 1);
  EXPECT_EQ(account.executing, std::nullopt);
  EXPECT_EQ(account.luma_session_expires, "2026-05-27 00:28:17 UTC");
  ASSERT_TRUE(account.credits.has_value());
  ASSERT_TRUE(account.credits->usage.has_value());
  EXPECT_DOUBLE_EQ(*account.credits->usage, 120.0);
  ASSERT_TRUE(account.credits->limit.has_value());
  EXPECT_DOUBLE_EQ(*account.credits->limit, 3200.5);
  EXPECT_EQ(account.created, true);
  EXPECT_EQ(account.raw, body);
}

TEST(DecodeAccount, NullCreditsAndCreatedFalseDecode) {
  const Account account = decodeAccount(
      R"({"account": "me@example.com", "user_id": 12345, "concurrency": 4,
          "luma_session_expires": "2026-05-27 00:28:17 UTC", "credits": null, "created": false})",
      kAddEndpoint);
  EXPECT_EQ(account.email, "me@example.com");
  EXPECT_EQ(account.user_id, "12345");
  EXPECT_EQ(account.concurrency, 4);
  EXPECT_EQ(account.credits, std::nullopt);
  EXPECT_EQ(account.created, false);
}

TEST(DecodeAccount, EmailParameterIsUsedOnlyWhenTheObjectNamesNoAccount) {
  struct Case {
    const char* name;
    const char* body;
    const char* expected_email;
  };
  const std::vector<Case> cases = {
      {"no account", R"({"user_id": "1", "concurrency": 1})", "fallback@example.com"},
      {"account null", R"({"account": null, "user_id": "1"})", "fallback@example.com"},
      {"account present", R"({"account": "me@example.com", "user_id": "1"})", "me@example.com"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(
        decodeAccount(c.body, "GET /accounts/fallback@example.com", "fallback@example.com").email,
        c.expected_email);
  }
  EXPECT_EQ(decodeAccount(R"({"user_id": "1"})", kAddEndpoint).email, "");
}

TEST(DecodeAccount, WrongTypesThrowTransportErrorNamingEndpointAndField) {
  const std::vector<MalformedCase> cases = {
      {"credits a number", R"({"account": "a@b.c", "credits": 5})", "credits"},
      {"credits.limit a string", R"({"credits": {"usage": 1, "limit": "10"}})", "credits.limit"},
      {"created a string", R"({"account": "a@b.c", "created": "yes"})", "created"},
      {"concurrency an object", R"({"concurrency": {}})", "concurrency"},
      {"user_id null is fine but an array is not", R"({"user_id": [1]})", "user_id"},
      {"a string", R"("me@example.com")", ""},
      {"truncated", R"({"account": "me@example.com", "user_)", ""},
  };
  expectEachRefused(cases, kAddEndpoint, [](const std::string& body, const char* endpoint) {
    decodeAccount(body, endpoint);
  });
}

// --- POST /assets/{email} ------------------------------------------------------------------------

TEST(DecodeAsset, UploadAnswerDecodesEveryField) {
  const std::string body = R"({
    "assetRef": "u12345-email:me@example.com-image:c3d4e5f6-a7b8-9012-cdef-345678901234",
    "email": "me@example.com",
    "upload": {"id": "c3d4e5f6-a7b8-9012-cdef-345678901234",
               "media": {"url": "https://cdn.example.com/uploads/c3d4e5f6.jpg", "type": "image"}}
  })";
  const Asset asset = decodeAsset(body, kAssetEndpoint);
  EXPECT_EQ(asset.asset_ref,
            "u12345-email:me@example.com-image:c3d4e5f6-a7b8-9012-cdef-345678901234");
  EXPECT_EQ(asset.email, "me@example.com");
  EXPECT_EQ(asset.upload_id, "c3d4e5f6-a7b8-9012-cdef-345678901234");
  EXPECT_EQ(asset.url, "https://cdn.example.com/uploads/c3d4e5f6.jpg");
  EXPECT_EQ(asset.raw, body);
}

TEST(DecodeAsset, AnswerWithOnlyAnAssetRefDecodes) {
  const Asset asset = decodeAsset(R"({"assetRef": "u1-email:a@b.c-image:x"})", kAssetEndpoint);
  EXPECT_EQ(asset.asset_ref, "u1-email:a@b.c-image:x");
  EXPECT_EQ(asset.email, "");
  EXPECT_EQ(asset.upload_id, "");
  EXPECT_EQ(asset.url, "");
}

TEST(DecodeAsset, MissingOrMistypedFieldsThrowTransportError) {
  const std::vector<MalformedCase> cases = {
      {"assetRef missing", R"({"email": "me@example.com", "upload": {"id": "x"}})", "assetRef"},
      {"assetRef null", R"({"assetRef": null})", "assetRef"},
      {"assetRef empty", R"({"assetRef": ""})", "assetRef"},
      {"assetRef a number", R"({"assetRef": 12345})", "assetRef"},
      {"email a number", R"({"assetRef": "r", "email": 1})", "email"},
      {"upload a string", R"({"assetRef": "r", "upload": "x"})", "upload"},
      {"upload.id a number", R"({"assetRef": "r", "upload": {"id": 1}})", "upload.id"},
      {"upload.media an array", R"({"assetRef": "r", "upload": {"media": []}})", "upload.media"},
      {"upload.media.url a number", R"({"assetRef": "r", "upload": {"media": {"url": 1}}})",
       "upload.media.url"},
      {"empty body", "", ""},
      {"an array", "[]", ""},
  };
  expectEachRefused(cases, kAssetEndpoint, [](const std::string& body, const char* endpoint) {
    decodeAsset(body, endpoint);
  });
}

// --- GET /jobs -----------------------------------------------------------------------------------

TEST(DecodeJobList, RunningJobsDecodeWithTheirReplyUrlFlag) {
  const std::string body = R"({"executing": 2, "jobs": [
    {"jobid": "j0326140530123456789v-u12345-email:a@b.c:uuid-1-bot:luma", "type": "video",
     "account": "a@b.c", "model": "ray-v3-flash", "created": "2026-03-26T14:05:30.123Z",
     "replyUrl": "configured"},
    {"jobid": "j0326140530123456789i-u12345-email:a@b.c:uuid-2-bot:luma", "type": "image",
     "account": "a@b.c", "model": "photon-v2", "created": "2026-03-26T14:06:00.000Z"}
  ]})";
  const JobList list = decodeJobList(body, kJobsEndpoint);
  EXPECT_EQ(list.executing, 2);
  ASSERT_EQ(list.jobs.size(), 2U);

  EXPECT_EQ(list.jobs[0].jobid, "j0326140530123456789v-u12345-email:a@b.c:uuid-1-bot:luma");
  EXPECT_EQ(list.jobs[0].type, JobType::Video);
  EXPECT_EQ(list.jobs[0].account, "a@b.c");
  EXPECT_EQ(list.jobs[0].model, "ray-v3-flash");
  EXPECT_EQ(list.jobs[0].created, "2026-03-26T14:05:30.123Z");
  EXPECT_TRUE(list.jobs[0].has_reply_url);

  EXPECT_EQ(list.jobs[1].jobid, "j0326140530123456789i-u12345-email:a@b.c:uuid-2-bot:luma");
  EXPECT_EQ(list.jobs[1].type, JobType::Image);
  EXPECT_EQ(list.jobs[1].account, "a@b.c");
  EXPECT_EQ(list.jobs[1].model, "photon-v2");
  EXPECT_EQ(list.jobs[1].created, "2026-03-26T14:06:00.000Z");
  EXPECT_FALSE(list.jobs[1].has_reply_url);
}

TEST(DecodeJobList, EmptyAndAbsentJobListsGiveNoJobs) {
  struct Case {
    const char* body;
    int executing;
  };
  const std::vector<Case> cases = {
      {R"({"executing":0,"jobs":[]})", 0},
      {R"({"executing":3})", 3},
      {R"({"jobs":null})", 0},
      {"{}", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    const JobList list = decodeJobList(c.body, kJobsEndpoint);
    EXPECT_EQ(list.executing, c.executing);
    EXPECT_TRUE(list.jobs.empty());
  }
}

TEST(DecodeJobList, UnknownTypeAndNullReplyUrlAreTolerated) {
  const JobList list = decodeJobList(
      R"({"executing": 1, "jobs": [{"jobid": "j1", "type": "audio", "replyUrl": null}]})",
      kJobsEndpoint);
  ASSERT_EQ(list.jobs.size(), 1U);
  EXPECT_EQ(list.jobs[0].type, JobType::Unknown);
  EXPECT_FALSE(list.jobs[0].has_reply_url);
}

TEST(DecodeJobList, WrongShapesThrowTransportErrorNamingTheField) {
  const std::vector<MalformedCase> cases = {
      {"jobs an object", R"({"executing": 1, "jobs": {"jobid": "j1"}})", "jobs"},
      {"jobs a string", R"({"executing": 1, "jobs": "j1"})", "jobs"},
      {"second entry a string", R"({"executing": 2, "jobs": [{"jobid": "j1"}, "j2"]})", "jobs[1]"},
      {"second entry null", R"({"executing": 2, "jobs": [{"jobid": "j1"}, null]})", "jobs[1]"},
      {"second entry an array", R"({"executing": 2, "jobs": [{"jobid": "j1"}, []]})", "jobs[1]"},
      {"jobid a number", R"({"jobs": [{"jobid": 1}]})", "jobs[0].jobid"},
      {"model an object", R"({"jobs": [{"jobid": "j1"}, {"model": {}}]})", "jobs[1].model"},
      {"executing a string", R"({"executing": "2", "jobs": []})", "executing"},
      {"executing 1e300", R"({"executing": 1e300, "jobs": []})", "executing"},
      {"an array", R"([{"jobid": "j1"}])", ""},
      {"empty body", "", ""},
  };
  expectEachRefused(cases, kJobsEndpoint, [](const std::string& body, const char* endpoint) {
    decodeJobList(body, endpoint);
  });
}

}  // namespace
