// parseWebhook: the callbacks the API POSTs to a replyUrl (shared/spec/luma-api.md, "Job record"
// and "Webhooks"). Callbacks are untrusted: every hostile body must end in useapi::luma::Error
// (never a crash, never another exception type), with a size cap and bounded nesting.

#include "useapi/luma/webhook.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/decoding.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "useapi/luma/errors.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/values.hpp"

namespace {

using ::useapi::luma::testing::kVideoJobid;
// The completion callback of a video job: the job record with replyRef added.
constexpr const char* kVideoCallback = ::useapi::luma::testing::kCompletedVideo;
using ::testing::HasSubstr;
using ::useapi::luma::Error;
using ::useapi::luma::Job;
using ::useapi::luma::JobStatus;
using ::useapi::luma::JobType;
using ::useapi::luma::kMaxWebhookBytes;
using ::useapi::luma::Media;
using ::useapi::luma::parseWebhook;
using ::useapi::luma::WebhookEvent;
using ::useapi::luma::testing::expectMedia;
using ::useapi::luma::testing::nestedArrays;
using ::useapi::luma::testing::nestedObjects;
using ::useapi::luma::testing::thrownMessage;

constexpr char kBatchJobid[] =
    "j0326140530123456789i-u12345-email:user@example.com:"
    "a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma";

// The completion callback of an image batch: the parent record wrapping the 4 image results.
// Entry 0 names its type; the others do not. Entry 2 failed.
constexpr char kBatchCallback[] = R"({
  "jobid": "j0326140530123456789i-u12345-email:user@example.com:)"
                                  R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma",
  "type": "image",
  "status": "completed",
  "created": "2026-03-26T14:05:30.123Z",
  "updated": "2026-03-26T14:06:02.000Z",
  "replyRef": "batch-7",
  "images": [
    {"jobid": "img-1", "type": "image", "status": "completed",
     "created": "2026-03-26T14:05:30.123Z", "updated": "2026-03-26T14:05:58.000Z",
     "response": {"image": {"url": "https://cdn.example.com/i/1.jpg", "width": 1344,
                            "height": 768}},
     "credits": {"dm_usage": 1}},
    {"jobid": "img-2", "status": "completed", "created": "2026-03-26T14:05:30.123Z",
     "response": {"image": {"url": "https://cdn.example.com/i/2.jpg"}}},
    {"jobid": "img-3", "status": "failed", "created": "2026-03-26T14:05:30.123Z",
     "error": "Content moderation", "response": null},
    {"jobid": "img-4", "status": "completed", "created": "2026-03-26T14:05:30.123Z",
     "response": {"image": {"url": "https://cdn.example.com/i/4.jpg", "width": 1344,
                            "height": 768}}}
  ]
})";

// The submission callback: status created, nothing produced yet.
constexpr char kSubmissionCallback[] = R"({
  "jobid": "j0326140530123456789v-u12345-email:user@example.com:)"
                                       R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma",
  "type": "video", "status": "created", "created": "2026-03-26T14:05:30.123Z",
  "updated": null, "error": null, "response": null, "credits": null, "replyRef": "order-42"
})";

TEST(ParseWebhook, VideoCallbackGivesTheJobRecordAndReplyRef) {
  const WebhookEvent event = parseWebhook(kVideoCallback);

  EXPECT_EQ(event.job.jobid, kVideoJobid);
  EXPECT_EQ(event.job.type, JobType::Video);
  EXPECT_EQ(event.job.status, JobStatus::Completed);
  EXPECT_EQ(event.job.status_text, "completed");
  EXPECT_TRUE(event.job.isFinal());
  EXPECT_EQ(event.job.created, "2026-03-26T14:05:30.123Z");
  EXPECT_EQ(event.job.updated, "2026-03-26T14:08:41.456Z");
  EXPECT_EQ(event.job.error, std::nullopt);
  EXPECT_EQ(event.job.reply_ref, "order-42");
  EXPECT_EQ(event.reply_ref, "order-42");

  expectMedia(event.job.video, "https://cdn.example.com/v/video.mp4", 1920, 1080);
  ASSERT_TRUE(event.job.video.has_value());
  ASSERT_TRUE(event.job.video->duration.has_value());
  EXPECT_DOUBLE_EQ(*event.job.video->duration, 5.04);
  expectMedia(event.job.thumbnail, "https://cdn.example.com/v/thumb.jpg", 960, 540);
  expectMedia(event.job.last_frame, "https://cdn.example.com/v/last.jpg", 1920, 1080);
  EXPECT_EQ(event.job.image, std::nullopt);

  EXPECT_TRUE(event.images.empty());
  EXPECT_EQ(event.job.raw, kVideoCallback);
}

TEST(ParseWebhook, ImageBatchCallbackGivesTheFourImagesInOrder) {
  const WebhookEvent event = parseWebhook(kBatchCallback);

  EXPECT_EQ(event.job.jobid, kBatchJobid);
  EXPECT_EQ(event.job.type, JobType::Image);
  EXPECT_EQ(event.job.status, JobStatus::Completed);
  EXPECT_EQ(event.reply_ref, "batch-7");
  EXPECT_EQ(event.job.raw, kBatchCallback);

  struct Expected {
    const char* jobid;
    JobStatus status;
    const char* status_text;
    std::optional<std::string> url;
    std::optional<int> width;
    std::optional<int> height;
    std::optional<std::string> error;
  };
  const std::vector<Expected> expected = {
      {"img-1", JobStatus::Completed, "completed", "https://cdn.example.com/i/1.jpg", 1344, 768,
       std::nullopt},
      {"img-2", JobStatus::Completed, "completed", "https://cdn.example.com/i/2.jpg", std::nullopt,
       std::nullopt, std::nullopt},
      {"img-3", JobStatus::Failed, "failed", std::nullopt, std::nullopt, std::nullopt,
       "Content moderation"},
      {"img-4", JobStatus::Completed, "completed", "https://cdn.example.com/i/4.jpg", 1344, 768,
       std::nullopt},
  };
  ASSERT_EQ(event.images.size(), expected.size());
  const nlohmann::json wire_images = nlohmann::json::parse(kBatchCallback).at("images");
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(expected[i].jobid);
    const Job& image = event.images[i];
    EXPECT_EQ(image.jobid, expected[i].jobid);
    EXPECT_EQ(image.type, JobType::Image) << "entries without type are image jobs";
    EXPECT_EQ(image.status, expected[i].status);
    EXPECT_EQ(image.status_text, expected[i].status_text);
    EXPECT_TRUE(image.isFinal());
    EXPECT_EQ(image.error, expected[i].error);
    EXPECT_EQ(image.created, "2026-03-26T14:05:30.123Z");
    EXPECT_EQ(image.video, std::nullopt);
    if (expected[i].url) {
      expectMedia(image.image, *expected[i].url, expected[i].width, expected[i].height);
    } else {
      EXPECT_EQ(image.image, std::nullopt);
    }
    // Each entry keeps its own JSON (fields without a typed home, like credits, stay readable).
    EXPECT_EQ(nlohmann::json::parse(image.raw), wire_images.at(i));
  }
}

TEST(ParseWebhook, SubmissionCallbackIsARunningRecordWithoutMedia) {
  const WebhookEvent event = parseWebhook(kSubmissionCallback);

  EXPECT_EQ(event.job.jobid, kVideoJobid);
  EXPECT_EQ(event.job.type, JobType::Video);
  EXPECT_EQ(event.job.status, JobStatus::Created);
  EXPECT_EQ(event.job.status_text, "created");
  EXPECT_FALSE(event.job.isFinal());
  EXPECT_EQ(event.job.updated, std::nullopt);
  EXPECT_EQ(event.job.error, std::nullopt);
  EXPECT_EQ(event.job.video, std::nullopt);
  EXPECT_EQ(event.job.thumbnail, std::nullopt);
  EXPECT_EQ(event.job.last_frame, std::nullopt);
  EXPECT_EQ(event.job.image, std::nullopt);
  EXPECT_EQ(event.reply_ref, "order-42");
  EXPECT_TRUE(event.images.empty());
  EXPECT_EQ(event.job.raw, kSubmissionCallback);
}

TEST(ParseWebhook, CallbackWithoutReplyRefHasNone) {
  const WebhookEvent event = parseWebhook(R"({"jobid": "j1", "status": "completed"})");
  EXPECT_EQ(event.job.jobid, "j1");
  EXPECT_EQ(event.reply_ref, std::nullopt);
  EXPECT_EQ(event.job.reply_ref, std::nullopt);
}

TEST(ParseWebhook, HostileBodiesThrowErrorAndNothingElse) {
  struct Case {
    std::string name;
    std::string body;
  };
  const std::string video = kVideoCallback;
  const auto withExtra = [](const std::string& value) {
    return R"({"jobid": "x", "status": "created", "extra": )" + value + "}";
  };
  const std::vector<Case> cases = {
      {"empty body", ""},
      {"whitespace only", " \r\n\t "},
      {"null", "null"},
      {"empty array", "[]"},
      {"array of a record", R"([{"jobid": "x"}])"},
      {"a string", R"("completed")"},
      {"a number", "42"},
      {"true", "true"},
      {"not JSON", "<html><body>hello</body></html>"},
      {"truncated in the middle", video.substr(0, video.size() / 2)},
      {"truncated before the last brace", video.substr(0, video.rfind('}'))},
      {"truncated inside a string", R"({"jobid": "j1", "status": "compl)"},
      {"trailing garbage", std::string(kVideoCallback) + " {}"},
      {"lone surrogate escape", R"({"jobid": "x", "error": "\ud800"})"},
      {"invalid UTF-8 in the jobid", "{\"jobid\": \"x\xFF\"}"},
      {"invalid UTF-8 outside strings", "{\"jobid\": \"x\", \"n\": 1\xFF}"},
      {"NUL inside a string", std::string("{\"jobid\": \"x\0y\"}", 16)},
      {"jobid a number", R"({"jobid": 5})"},
      {"jobid an object", R"({"jobid": {"id": "x"}})"},
      {"status a number", R"({"jobid": "x", "status": 7})"},
      {"replyRef a number", R"({"jobid": "x", "replyRef": 42})"},
      {"error an object", R"({"jobid": "x", "error": {"message": "m"}})"},
      {"images an object", R"({"jobid":"x","images":{}})"},
      {"images a string", R"({"jobid":"x","images":"img-1"})"},
      {"images of numbers", R"({"jobid":"x","images":[1,2]})"},
      {"images with null", R"({"jobid":"x","images":[null]})"},
      {"images with a nested array", R"({"jobid":"x","images":[[{"jobid":"i"}]]})"},
      {"image status a number", R"({"jobid":"x","images":[{"status":7}]})"},
      {"image url a number", R"({"jobid":"x","images":[{"response":{"image":{"url":1}}}]})"},
      {"response an array", R"({"jobid":"x","response":[]})"},
      {"response.video an array", R"({"jobid":"x","response":{"video":[]}})"},
      {"response.video a number", R"({"jobid":"x","response":{"video":3}})"},
      {"record without jobid", R"({"type": "video", "status": "completed"})"},
      {"empty jobid", R"({"jobid": "", "status": "completed"})"},
      {"null jobid", R"({"jobid": null, "status": "completed"})"},
      {"batch without jobid", R"({"status": "completed", "images": [{"jobid": "i"}]})"},
      {"width 1e400", R"({"jobid":"x","response":{"video":{"url":"u","width":1e400}}})"},
      {"height -1e400", R"({"jobid":"x","response":{"video":{"url":"u","height":-1e400}}})"},
      {"duration 1e400", R"({"jobid":"x","response":{"video":{"url":"u","duration":1e400}}})"},
      {"image width 1e400",
       R"({"jobid":"x","images":[{"response":{"image":{"url":"u","width":1e400}}}]})"},
      {"100 nested arrays", nestedArrays(100)},
      {"100 nested objects", nestedObjects(100)},
      {"100,000 nested arrays", nestedArrays(100000)},
      {"100,000 nested objects", nestedObjects(100000)},
      {"100,000 unclosed arrays", std::string(100000, '[')},
      {"100,000 unclosed objects", std::string(100000, '{')},
      {"record with 100 nested arrays", withExtra(nestedArrays(100))},
      {"record with 100 nested objects", withExtra(nestedObjects(100))},
      {"record with 100,000 nested arrays", withExtra(nestedArrays(100000))},
      {"record with 100,000 nested objects", withExtra(nestedObjects(100000))},
      {"image entry with 100,000 nested arrays",
       R"({"jobid":"x","images":[{"jobid":"i","extra":)" + nestedArrays(100000) + "}]}"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    thrownMessage<Error>([&] { parseWebhook(c.body); });
  }
}

TEST(ParseWebhook, InvalidUtf8OrAWrongWidthOutsideWhatTheLibraryActsOnIsTolerated) {
  struct Case {
    std::string name;
    std::string body;
    std::optional<std::string> error;  // as read, U+FFFD in place of the bad bytes
  };
  const std::vector<Case> cases = {
      {"bad continuation in the error", "{\"jobid\": \"x\", \"error\": \"a\xC3\x28z\"}",
       "a\xEF\xBF\xBD(z"},
      {"lone continuation", "{\"jobid\": \"x\", \"error\": \"\x80\"}", "\xEF\xBF\xBD"},
      {"overlong slash", "{\"jobid\": \"x\", \"error\": \"\xC0\xAF\"}", "\xEF\xBF\xBD"},
      {"encoded surrogate", "{\"jobid\": \"x\", \"error\": \"\xED\xA0\x80\"}", "\xEF\xBF\xBD"},
      {"truncated sequence", "{\"jobid\": \"x\", \"error\": \"\xE2\x82\"}", "\xEF\xBF\xBD"},
      {"in a key", "{\"jobid\": \"x\", \"\xFF\": 1}", std::nullopt},
      {"in an image entry's unknown field",
       "{\"jobid\": \"x\", \"images\": [{\"jobid\": \"i\", \"note\": \"\xFF\"}]}", std::nullopt},
      {"width 1e300", R"({"jobid":"x","response":{"video":{"url":"u","width":1e300}}})",
       std::nullopt},
      {"width 2^31", R"({"jobid":"x","response":{"video":{"url":"u","width":2147483648}}})",
       std::nullopt},
      {"width 2^64",
       R"({"jobid":"x","response":{"video":{"url":"u","width":18446744073709551616}}})",
       std::nullopt},
      {"width a string", R"({"jobid":"x","response":{"video":{"url":"u","width":"wide"}}})",
       std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const WebhookEvent event = parseWebhook(c.body);
    EXPECT_EQ(event.job.jobid, "x");
    EXPECT_EQ(event.job.error, c.error);
    EXPECT_EQ(event.job.raw, c.body);
    if (event.job.video) {
      EXPECT_EQ(event.job.video->url, "u");
      EXPECT_EQ(event.job.video->width, std::nullopt);
    }
  }
}

TEST(ParseWebhook, BodyOverTheSizeLimitIsRefusedNamingTheLimit) {
  std::string body = R"({"jobid": "j1", "status": "completed"})";
  body.resize(kMaxWebhookBytes + 1, ' ');  // Still valid JSON: trailing whitespace.
  const auto message = thrownMessage<Error>([&] { parseWebhook(body); });
  if (message) {
    EXPECT_THAT(*message, HasSubstr(std::to_string(kMaxWebhookBytes)));
  }
}

TEST(ParseWebhook, BodyOfExactlyTheSizeLimitIsParsed) {
  std::string body = R"({"jobid": "j1", "status": "completed"})";
  body.resize(kMaxWebhookBytes, ' ');
  const WebhookEvent event = parseWebhook(body);
  EXPECT_EQ(event.job.jobid, "j1");
  EXPECT_EQ(event.job.raw.size(), kMaxWebhookBytes);
}

TEST(ParseWebhook, ImagesArrayOfAHundredThousandEntriesIsRefused) {
  struct Case {
    const char* name;
    const char* entry;
  };
  const std::vector<Case> cases = {
      {"empty objects", "{}"},
      {"image records", R"({"jobid":"i","status":"completed"})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string body = R"({"jobid":"x","type":"image","status":"completed","images":[)";
    for (int i = 0; i < 100000; ++i) {
      if (i > 0) body += ',';
      body += c.entry;
    }
    body += "]}";
    // Under the byte cap here, so it is the entry count that must be refused.
    ASSERT_LE(body.size(), kMaxWebhookBytes);
    thrownMessage<Error>([&] { parseWebhook(body); });
  }
}

TEST(ParseWebhook, LargeValidPayloadUnderTheLimitIsParsed) {
  // 3 MB of error text, with multi-byte UTF-8 in it.
  constexpr std::size_t kErrorBytes = std::size_t{3} * 1024 * 1024;
  std::string error_text;
  error_text.reserve(kErrorBytes);
  while (error_text.size() < kErrorBytes) error_text += "failed: \xC3\xA9\xE2\x82\xAC ";
  const std::string body =
      R"({"jobid": "j1", "type": "video", "status": "failed", "error": ")" + error_text + "\"}";
  ASSERT_LT(body.size(), kMaxWebhookBytes);
  const WebhookEvent event = parseWebhook(body);
  EXPECT_EQ(event.job.jobid, "j1");
  EXPECT_EQ(event.job.status, JobStatus::Failed);
  EXPECT_EQ(event.job.error, error_text);
  EXPECT_EQ(event.job.raw.size(), body.size());
}

TEST(ParseWebhook, RandomMutationsOfABatchEitherParseOrThrowError) {
  const std::string seed = kBatchCallback;
  // Bytes that matter to JSON, plus arbitrary ones (high bytes make invalid UTF-8).
  constexpr char kInteresting[] = "{}[]\",:\\ 0123456789.eE+-tfn\x80\xC3\xFF\x00";
  const std::string interesting(kInteresting, sizeof kInteresting - 1);
  std::mt19937 random(20260326u);
  const auto below = [&random](std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random);
  };

  int parsed = 0;
  int refused = 0;
  int escaped = 0;
  constexpr int kIterations = 20000;
  for (int iteration = 0; iteration < kIterations; ++iteration) {
    std::string body = seed;
    const std::size_t mutations = 1 + below(4);
    for (std::size_t m = 0; m < mutations && !body.empty(); ++m) {
      const std::size_t at = below(body.size());
      switch (below(6)) {
        case 0:  // Flip one bit.
          body[at] = static_cast<char>(body[at] ^ (1 << below(8)));
          break;
        case 1:  // Overwrite with a JSON-significant or arbitrary byte.
          body[at] = below(2) == 0 ? interesting[below(interesting.size())]
                                   : static_cast<char>(below(256));
          break;
        case 2:  // Insert a byte.
          body.insert(at, 1, interesting[below(interesting.size())]);
          break;
        case 3:  // Delete a run of bytes.
          body.erase(at, 1 + below(8));
          break;
        case 4:  // Truncate.
          body.resize(at);
          break;
        default:  // Duplicate a slice in place (repeats brackets, keys, entries).
          body.insert(at, body.substr(at, 1 + below(64)));
          break;
      }
    }
    try {
      const WebhookEvent event = parseWebhook(body);
      ++parsed;
      // Whatever parses still honours the contract.
      EXPECT_FALSE(event.job.jobid.empty());
      EXPECT_EQ(event.job.raw, body);
      EXPECT_EQ(event.reply_ref, event.job.reply_ref);
      for (const Job& image : event.images) {
        EXPECT_NE(image.type, JobType::Unknown);
      }
    } catch (const Error&) {
      ++refused;
    } catch (const std::exception& error) {
      ++escaped;
      ADD_FAILURE() << "iteration " << iteration << ": " << error.what() << "\n"
                    << nlohmann::json(std::vector<std::uint8_t>(body.begin(), body.end()));
    } catch (...) {
      ++escaped;
      ADD_FAILURE() << "iteration " << iteration << ": a non-std exception";
    }
    if (escaped >= 5) FAIL() << "stopping after 5 escaped exceptions";
  }
  RecordProperty("parsed", parsed);
  RecordProperty("refused", refused);
  EXPECT_EQ(parsed + refused, kIterations);
  // Both outcomes must occur, or the mutations did not exercise the parser.
  EXPECT_GT(parsed, 0);
  EXPECT_GT(refused, 0);
}

}  // namespace
