// luma-mock's accounts and assets over raw HTTP: the shapes of the spec's endpoint table and each
// documented error, per user, and 401 on every route added with them.

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "mock/media_synthesis.hpp"
#include "mock/mock_server.hpp"
#include "mock_harness.hpp"

namespace useapi::luma::mock::test_support {
namespace {

const std::regex kSessionTime(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)");
const std::string kUuid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
// Luma's user_id, as the docs show it ("9ecac364-4b63-5b61-9241-297345710d63"): any UUID.
const std::regex kUserId("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
// An account's `updated`, as the docs show it ("2026-03-28"): a date only.
const std::regex kDate(R"(\d{4}-\d\d-\d\d)");
const std::string kUnknownEmail = "nobody@example.com";

std::string unknownEmailError(const std::string& email) {
  return "Unable to find configuration for email " + email;
}

// The account emails GET /accounts lists for `auth` (none when it answers 404).
std::vector<std::string> listedEmails(Harness& mock, const Auth& auth = bearer(kToken)) {
  const Reply reply = mock.get(kApi + "/accounts", auth);
  std::vector<std::string> emails;
  if (reply.status != 200) return emails;
  for (const auto& [email, summary] : reply.json_body.items()) emails.push_back(email);
  return emails;
}

// ------------------------------------------------------------------------------------ accounts

// The docs' GET /accounts summary: account and email, a UUID user_id, a date-only updated.
TEST(LumaMockAccounts, ListIsKeyedByEmailWithEachUsersSeededSummary) {
  Harness mock(300ms, 7);
  std::vector<std::string> user_ids;
  for (const std::string& token : {kToken, kOtherToken}) {
    SCOPED_TRACE(token);
    const Reply reply = mock.get(kApi + "/accounts", bearer(token));
    ASSERT_EQ(reply.status, 200) << reply.body;
    ASSERT_EQ(reply.json_body.size(), 1U) << reply.body;
    const json summary = at(reply.json_body, "/" + kEmail);
    EXPECT_EQ(summary.value("account", ""), kEmail);
    EXPECT_EQ(summary.value("email", ""), kEmail);
    EXPECT_TRUE(matches(at(summary, "/user_id"), kUserId)) << summary.dump();
    user_ids.push_back(textAt(summary, "/user_id"));
    EXPECT_EQ(at(summary, "/concurrency"), json(7));
    EXPECT_EQ(at(summary, "/executing"), json(0));
    EXPECT_EQ(at(summary, "/refresh_count"), json(0));
    EXPECT_TRUE(matches(at(summary, "/luma_session_expires"), kSessionTime)) << summary.dump();
    EXPECT_TRUE(matches(at(summary, "/updated"), kDate)) << summary.dump();
    EXPECT_TRUE(matches(at(summary, "/refresh_last"), kIsoTime)) << summary.dump();
    EXPECT_FALSE(summary.contains("credits")) << "credits are live details of GET one account";
    EXPECT_EQ(mock.get(kApi + "/accounts", bearer(token)).json_body, reply.json_body)
        << "the same summary on every read";
  }
  EXPECT_NE(user_ids[0], user_ids[1]) << "each user's account is its own Luma user";
  // `executing` counts the running jobs of the account; an image batch takes one slot.
  mock.submit("/videos", {{"prompt", "a fox"}});
  mock.submit("/images", {{"prompt", "a fox"}});
  const Reply busy = mock.get(kApi + "/accounts");
  EXPECT_EQ(at(busy.json_body, "/" + kEmail + "/executing"), json(2)) << busy.body;
}

TEST(LumaMockAccounts, GetOneAddsCreditsAndAnUnknownEmailIs404WithTheApiMessage) {
  Harness mock(100ms);
  const json record = mock.waitUntilFinal(mock.submitJobid("/videos", {{"prompt", "a fox"}}));
  const Reply reply = mock.get(kApi + "/accounts/" + kEmail);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json_body.value("account", ""), kEmail);
  EXPECT_EQ(reply.json_body.value("email", ""), kEmail);
  EXPECT_EQ(at(reply.json_body, "/user_id"),
            at(mock.get(kApi + "/accounts").json_body, "/" + kEmail + "/user_id"));
  EXPECT_TRUE(matches(at(reply.json_body, "/user_id"), kUserId)) << reply.body;
  EXPECT_TRUE(matches(at(reply.json_body, "/updated"), kDate)) << reply.body;
  EXPECT_TRUE(matches(at(reply.json_body, "/luma_session_expires"), kSessionTime));
  EXPECT_TRUE(at(reply.json_body, "/credits/limit").is_number()) << reply.body;
  EXPECT_EQ(at(reply.json_body, "/credits/usage"), at(record, "/credits/dm_usage"))
      << "the completed video's credits are used: " << reply.body;

  const Reply unknown = mock.get(kApi + "/accounts/" + kUnknownEmail);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.json_body, json({{"error", unknownEmailError(kUnknownEmail)}}));
  EXPECT_EQ(mock.get(kApi + "/accounts/" + kEmail, bearer(kOtherToken)).status, 200)
      << "the other user has its own seeded account";
}

TEST(LumaMockAccounts, PostAddsTheSessionsAccountThenRefreshesIt) {
  Harness mock;
  const struct {
    const char* session;
    std::string email_pattern;
    bool created;
    int refresh_count;
  } cases[] = {
      {"sid=1; email=new@example.com", "new@example\\.com", true, 0},
      {"email=new@example.com;sid=2", "new@example\\.com", false, 1},
      {"sid=3; email=new@example.com [note]", "new@example\\.com", false, 2},
      {"sid=4", "session-[0-9a-f]{8}@example\\.com", true, 0},
      {"sid=4", "session-[0-9a-f]{8}@example\\.com", false, 1},
      {"sid=5; email=", "session-[0-9a-f]{8}@example\\.com", true, 0},
      {"email=mock@example.com", "mock@example\\.com", false, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.session);
    const Reply reply = mock.post(kApi + "/accounts", json({{"session", c.session}}).dump());
    ASSERT_EQ(reply.status, 200) << reply.body;
    const json& body = reply.json_body;
    const std::string email = body.value("account", "");
    EXPECT_TRUE(std::regex_match(email, std::regex(c.email_pattern))) << email;
    EXPECT_EQ(at(body, "/created"), json(c.created));
    EXPECT_TRUE(matches(at(body, "/user_id"), kUserId)) << reply.body;
    EXPECT_TRUE(at(body, "/concurrency").is_number_integer()) << reply.body;
    EXPECT_TRUE(matches(at(body, "/luma_session_expires"), kSessionTime)) << reply.body;
    EXPECT_TRUE(at(body, "/credits/usage").is_number() && at(body, "/credits/limit").is_number())
        << reply.body;
    const Reply listed = mock.get(kApi + "/accounts");
    EXPECT_EQ(at(listed.json_body, "/" + email + "/refresh_count"), json(c.refresh_count));
    EXPECT_EQ(at(listed.json_body, "/" + email + "/user_id"), at(body, "/user_id"))
        << "a refresh keeps the account's user_id";
  }
  EXPECT_EQ(listedEmails(mock).size(), 4U) << "mock@, new@ and two session- accounts";
  EXPECT_EQ(listedEmails(mock, bearer(kOtherToken)), std::vector<std::string>{kEmail})
      << "accounts are per user";
}

TEST(LumaMockAccounts, PostAnswersEachDocumentedErrorAndAddsNothing) {
  Harness mock;
  const std::string session_required = "Parameter session is required";
  const struct {
    const char* name;
    std::string body;
    int status;
    std::string error;
  } cases[] = {
      {"no session", R"({"cookie":"sid=1"})", 400, session_required},
      {"empty session", R"({"session":""})", 400, session_required},
      {"session not a string", R"({"session":42})", 400, session_required},
      {"not JSON", "session=sid", 400, session_required},
      {"expired subscription", R"({"session":"sid=1; email=a@example.com [mock:expired]"})", 402,
       "Account has no subscription or subscription expired"},
      {"refresh fails", R"({"session":"[mock:refresh-fail] email=a@example.com"})", 500,
       "Session refreshed but validation failed. Please try again."},
  };
  for (const auto& c : cases) {
    const Reply reply = mock.post(kApi + "/accounts", c.body);
    EXPECT_EQ(reply.status, c.status) << c.name;
    EXPECT_EQ(reply.json_body, json({{"error", c.error}})) << c.name << " -> " << reply.body;
  }
  EXPECT_EQ(listedEmails(mock), std::vector<std::string>{kEmail});
}

TEST(LumaMockAccounts, DeleteAnswersTheRemainingCountAndUnknownOnesAre404WithAnEmptyBody) {
  Harness mock;
  ASSERT_EQ(mock.post(kApi + "/accounts", R"({"session":"email=b@example.com"})").status, 200);
  const struct {
    std::string email;
    int status;
    json body;  // null: an empty body
  } steps[] = {
      {"b@example.com", 200, {{"account", "b@example.com"}, {"deleted", true}, {"remaining", 1}}},
      {"b@example.com", 404, nullptr},
      {kUnknownEmail, 404, nullptr},
      {kEmail, 200, {{"account", kEmail}, {"deleted", true}, {"remaining", 0}}},
  };
  for (const auto& step : steps) {
    const Reply reply = mock.del(kApi + "/accounts/" + step.email);
    EXPECT_EQ(reply.status, step.status) << step.email;
    if (step.body.is_null()) {
      EXPECT_TRUE(reply.body.empty()) << step.email << " -> " << reply.body;
    } else {
      EXPECT_EQ(reply.json_body, step.body) << step.email << " -> " << reply.body;
    }
  }
  const Reply none = mock.get(kApi + "/accounts");
  EXPECT_EQ(none.status, 404);
  EXPECT_TRUE(none.body.empty()) << "no account configured: " << none.body;
  EXPECT_EQ(errorOf(mock.get(kApi + "/accounts/" + kEmail)), unknownEmailError(kEmail));
  EXPECT_EQ(mock.get(kApi + "/accounts", bearer(kOtherToken)).status, 200) << "per user";
}

// -------------------------------------------------------------------------------------- assets

TEST(LumaMockAssets, UploadAnswersTheDocumentedShapeAndServesTheBytesAtItsUrl) {
  Harness mock;
  const struct {
    const char* content_type;
    const char* extension;
    std::string bytes;
  } cases[] = {
      {"image/png", "png", makePng(8, 8, 1)},
      {"image/jpeg", "jpg", std::string("\xFF\xD8\xFF\xE0 jpeg bytes", 15)},
      {"image/webp", "webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)},
  };
  const std::string assets_path = kApi + "/assets/" + kEmail;
  const std::string ref_prefix = "u12345-email:" + kEmail + "-image:";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.content_type);
    const Reply reply = mock.postRaw(assets_path, c.bytes, c.content_type);
    ASSERT_EQ(reply.status, 200) << reply.body;
    const std::string id = textAt(reply.json_body, "/upload/id");
    EXPECT_TRUE(std::regex_match(id, std::regex(kUuid))) << reply.body;
    EXPECT_EQ(textAt(reply.json_body, "/assetRef"), ref_prefix + id);
    EXPECT_EQ(textAt(reply.json_body, "/email"), kEmail);
    const std::string url = textAt(reply.json_body, "/upload/media/url");
    EXPECT_EQ(url, mock.origin() + "/media/assets/" + id + "." + c.extension);

    const Reply media = mock.get(mock.pathOf(url), std::nullopt);
    EXPECT_EQ(media.status, 200);
    EXPECT_EQ(media.content_type, c.content_type);
    EXPECT_EQ(media.body, c.bytes);
  }
}

TEST(LumaMockAssets, UploadChecksRunInTheApiOrderWithItsMessages) {
  Harness mock;
  const std::string png = makePng(8, 8, 1);
  const std::string limit_png = png + std::string(20971520 - png.size(), 'x');  // exactly 20 MB
  const std::string over_png = limit_png + "x";
  const std::string bad_type =
      "Content-Type (image/bmp) not supported. Valid: image/jpeg, image/png, image/webp";
  const struct {
    const char* name;
    std::string email;
    const std::string& bytes;
    std::string content_type;
    Auth auth;
    int status;
    std::string error;  // empty: success
  } cases[] = {
      {"bad token first", kUnknownEmail, over_png, "image/bmp", bearer("wrong"), 401,
       "Unauthorized"},
      {"unknown account before content", kUnknownEmail, over_png, "image/bmp", bearer(kToken), 404,
       unknownEmailError(kUnknownEmail)},
      {"another user's account", "new@example.com", png, "image/png", bearer(kOtherToken), 404,
       unknownEmailError("new@example.com")},
      {"empty before type", kEmail, std::string(), "image/bmp", bearer(kToken), 400,
       "Content is empty"},
      {"type before size", kEmail, over_png, "image/bmp", bearer(kToken), 400, bad_type},
      {"text", kEmail, png, "text/plain", bearer(kToken), 400,
       "Content-Type (text/plain) not supported. Valid: image/jpeg, image/png, image/webp"},
      {"over 20 MB", kEmail, over_png, "image/png", bearer(kToken), 400,
       "Content is too large (20971521 bytes). Maximum: 20971520 bytes"},
      {"exactly 20 MB", kEmail, limit_png, "image/png", bearer(kToken), 200, ""},
      {"type parameters", kEmail, png, "Image/PNG; charset=binary", bearer(kToken), 200, ""},
  };
  ASSERT_EQ(mock.post(kApi + "/accounts", R"({"session":"email=new@example.com"})").status, 200);
  for (const auto& c : cases) {
    const Reply reply = mock.postRaw(kApi + "/assets/" + c.email, c.bytes, c.content_type, c.auth);
    EXPECT_EQ(reply.status, c.status) << c.name << " -> " << reply.body;
    EXPECT_EQ(errorOf(reply), c.error) << c.name;
  }
}

TEST(LumaMockAssets, GenerationRefsMustBeTheUsersUploadsOfOneAccountMatchingEmail) {
  Harness mock;
  ASSERT_EQ(mock.post(kApi + "/accounts", R"({"session":"email=second@example.com"})").status, 200);
  const std::string mine = mock.uploadAssets(1).front();
  const std::string second = mock.uploadAssets(1, "second@example.com").front();
  const std::string theirs = mock.uploadAssets(1, kEmail, bearer(kOtherToken)).front();
  const std::string never_uploaded =
      "u12345-email:" + kEmail + "-image:" + "00000000-0000-4000-8000-000000000001";
  const std::string mismatch = "Parameter email (" + kEmail +
                               ") does not match the account of the image references "
                               "(second@example.com)";
  const struct {
    const char* name;
    json refs;  // fields to add to the body
    int status;
    std::string error_or_account;  // the error, or on 200 the account in the jobid
  } cases[] = {
      {"uploaded ref", {{"imageStart", mine}}, 200, kEmail},
      {"ref of a second account runs there", {{"imageEnd", second}}, 200, "second@example.com"},
      {"never uploaded", {{"imageStart", never_uploaded}}, 404, "Asset not found"},
      {"another user's upload", {{"imageStart", theirs}}, 404, "Asset not found"},
      {"not a string", {{"imageStart", 42}}, 404, "Asset not found"},
      {"one of two unknown", {{"imageStart", mine}, {"imageEnd", "junk"}}, 404, "Asset not found"},
      {"email of the refs",
       {{"imageStart", second}, {"email", "second@example.com"}},
       200,
       "second@example.com"},
      {"email of another account", {{"imageStart", second}, {"email", kEmail}}, 400, mismatch},
      {"email without refs", {{"email", "second@example.com"}}, 200, "second@example.com"},
      {"unknown email", {{"email", kUnknownEmail}}, 404, unknownEmailError(kUnknownEmail)},
  };
  for (const char* route : {"/videos", "/images"}) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(route) + ": " + c.name);
      json body = {{"prompt", "a fox"}};
      for (const auto& [field, value] : c.refs.items()) {
        const bool ref_field = field.rfind("image", 0) == 0;
        // Videos take imageStart/imageEnd; images the same refs as imageRef1, imageRef2.
        const std::string name = std::string(route) == "/images" && ref_field
                                     ? (field == "imageStart" ? "imageRef1" : "imageRef2")
                                     : field;
        body[name] = value;
      }
      const Reply reply = mock.post(kApi + route, body.dump());
      EXPECT_EQ(reply.status, c.status) << reply.body;
      if (c.status == 200) {
        EXPECT_NE(textAt(reply.json_body, "/jobid").find("-email:" + c.error_or_account + ":"),
                  std::string::npos)
            << reply.body;
      } else {
        EXPECT_EQ(errorOf(reply), c.error_or_account) << reply.body;
      }
    }
  }
}

TEST(LumaMockAuth, EveryAccountAssetAndJobListRouteAnswers401WithoutAValidToken) {
  Harness mock;
  const struct {
    const char* method;
    std::string path;
  } routes[] = {
      {"GET", "/accounts"},          {"GET", "/accounts/" + kEmail},
      {"POST", "/accounts"},         {"DELETE", "/accounts/" + kEmail},
      {"POST", "/assets/" + kEmail}, {"GET", "/jobs"},
      {"DELETE", "/jobs/not-a-job"},
  };
  for (const auto& route : routes) {
    for (const Auth& auth : {Auth(), bearer("wrong-token"), Auth(kToken)}) {
      const std::string method = route.method;
      const std::string path = kApi + route.path;
      const Reply reply = method == "GET"    ? mock.get(path, auth)
                          : method == "POST" ? mock.postRaw(path, "x", "image/png", auth)
                                             : mock.del(path, auth);
      EXPECT_EQ(reply.status, 401) << method << " " << path;
      EXPECT_EQ(reply.json_body, json({{"error", "Unauthorized"}})) << reply.body;
    }
  }
  EXPECT_EQ(listedEmails(mock), std::vector<std::string>{kEmail}) << "nothing was deleted";
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
