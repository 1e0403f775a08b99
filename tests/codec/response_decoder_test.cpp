// Decoding of job records, image batches and error bodies (shared/spec/luma-api.md, "Job record"
// and "POST /images"): lenient on missing and unknown fields, a TransportError naming the endpoint
// (and the field) on anything malformed, never a crash on hostile nesting.

#include "codec/response_decoder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/decoding.hpp"
#include "support/job_fields.hpp"
#include "support/reference_reading.hpp"

#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/errors.hpp"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::useapi::luma::Job;
using ::useapi::luma::JobStatus;
using ::useapi::luma::JobType;
using ::useapi::luma::Media;
using ::useapi::luma::TransportError;
using ::useapi::luma::detail::decodeImageBatch;
using ::useapi::luma::detail::decodeJob;
using ::useapi::luma::detail::errorMessageOf;
using ::useapi::luma::detail::kMaxJsonDepth;
using ::useapi::luma::testing::expectMedia;
using ::useapi::luma::testing::kCompletedVideo;
using ::useapi::luma::testing::kVideoJobid;
using ::useapi::luma::testing::nestedArrays;
using ::useapi::luma::testing::nestedObjects;
using ::useapi::luma::testing::thrownMessage;

constexpr char kJobEndpoint[] = "GET /jobs/abc";
constexpr char kBatchEndpoint[] = "POST /images";

constexpr char kImageJobid[] =
    "j0326140530123456789i-u12345-email:user@example.com:"
    "b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma";

TEST(DecodeJob, CompletedVideoRecordDecodesEveryField) {
  const Job job = decodeJob(kCompletedVideo, kJobEndpoint);

  EXPECT_EQ(job.jobid, kVideoJobid);
  EXPECT_EQ(job.type, JobType::Video);
  EXPECT_EQ(job.status, JobStatus::Completed);
  EXPECT_EQ(job.status_text, "completed");
  EXPECT_TRUE(job.isFinal());
  EXPECT_EQ(job.created, "2026-03-26T14:05:30.123Z");
  EXPECT_EQ(job.updated, "2026-03-26T14:08:41.456Z");
  EXPECT_EQ(job.error, std::nullopt);
  EXPECT_EQ(job.reply_ref, "order-42");

  expectMedia(job.video, "https://cdn.example.com/v/video.mp4", 1920, 1080);
  ASSERT_TRUE(job.video.has_value());
  ASSERT_TRUE(job.video->duration.has_value());
  EXPECT_DOUBLE_EQ(*job.video->duration, 5.04);
  expectMedia(job.thumbnail, "https://cdn.example.com/v/thumb.jpg", 960, 540);
  EXPECT_EQ(job.thumbnail->duration, std::nullopt);
  expectMedia(job.last_frame, "https://cdn.example.com/v/last.jpg", 1920, 1080);
  EXPECT_EQ(job.image, std::nullopt);
  EXPECT_EQ(job.video_hdr_exr, std::nullopt);

  // Fields without a typed home (media_type, credits) stay readable in the raw record.
  EXPECT_EQ(job.raw, kCompletedVideo);
  const nlohmann::json raw = nlohmann::json::parse(job.raw);
  EXPECT_EQ(raw.at("response").at("video").at("media_type"), "video/mp4");
  EXPECT_EQ(raw.at("credits").at("dm_usage"), 40);
  EXPECT_EQ(raw.at("credits").at("dm_relaxed_usage"), 0);
}

TEST(DecodeJob, VideoHdrExrAcceptedAsUrlStringOrObject) {
  struct Case {
    const char* name;
    const char* hdr_exr_json;
  };
  const std::vector<Case> cases = {
      {"url string", R"("https://cdn.example.com/v/frames.zip")"},
      {"object with url", R"({"url": "https://cdn.example.com/v/frames.zip"})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body =
        std::string(R"({"jobid": "j1", "status": "completed", "response": {)") +
        R"("video": {"url": "https://cdn.example.com/v/video.mp4"}, )" + R"("video_hdr_exr": )" +
        c.hdr_exr_json + "}}";
    const Job job = decodeJob(body, kJobEndpoint);
    ASSERT_TRUE(job.video_hdr_exr.has_value());
    EXPECT_EQ(job.video_hdr_exr->url, "https://cdn.example.com/v/frames.zip");
    ASSERT_TRUE(job.video.has_value());
    EXPECT_EQ(job.video->url, "https://cdn.example.com/v/video.mp4");
  }
}

TEST(DecodeJob, CompletedImageRecordGivesImageUrlAndSizesWhenPresent) {
  struct Case {
    const char* name;
    const char* image_json;
    std::optional<int> width;
    std::optional<int> height;
  };
  const std::vector<Case> cases = {
      {"with sizes", R"({"url": "https://cdn.example.com/i/1.jpg", "width": 1344, "height": 768})",
       1344, 768},
      {"url only", R"({"url": "https://cdn.example.com/i/1.jpg"})", std::nullopt, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = std::string(R"({"jobid": ")") + kImageJobid +
                             R"(", "type": "image", "status": "completed", )" +
                             R"("created": "2026-03-26T14:05:30.123Z", "response": {"image": )" +
                             c.image_json + R"(}, "credits": {"dm_usage": 4}})";
    const Job job = decodeJob(body, kJobEndpoint);
    EXPECT_EQ(job.jobid, kImageJobid);
    EXPECT_EQ(job.type, JobType::Image);
    EXPECT_EQ(job.status, JobStatus::Completed);
    expectMedia(job.image, "https://cdn.example.com/i/1.jpg", c.width, c.height);
    EXPECT_EQ(job.video, std::nullopt);
  }
}

TEST(DecodeJob, RunningRecordWithNullUpdatedResponseCreditsDecodes) {
  const std::string body = std::string(R"({"jobid": ")") + kVideoJobid +
                           R"(", "type": "video", "status": "processing", )" +
                           R"("created": "2026-03-26T14:05:30.123Z", )" +
                           R"("updated": null, "response": null, "credits": null, "error": null})";
  const Job job = decodeJob(body, kJobEndpoint);
  EXPECT_EQ(job.jobid, kVideoJobid);
  EXPECT_EQ(job.status, JobStatus::Processing);
  EXPECT_FALSE(job.isFinal());
  EXPECT_EQ(job.created, "2026-03-26T14:05:30.123Z");
  EXPECT_EQ(job.updated, std::nullopt);
  EXPECT_EQ(job.error, std::nullopt);
  EXPECT_EQ(job.video, std::nullopt);
  EXPECT_EQ(job.image, std::nullopt);
  EXPECT_EQ(job.thumbnail, std::nullopt);
}

TEST(DecodeJob, StatusMapsToEnumAndKeepsRawTextUnknownTreatedAsRunning) {
  struct Case {
    const char* wire;
    JobStatus status;
    bool final;
  };
  const std::vector<Case> cases = {
      {"created", JobStatus::Created, false},       {"pending", JobStatus::Pending, false},
      {"processing", JobStatus::Processing, false}, {"completed", JobStatus::Completed, true},
      {"failed", JobStatus::Failed, true},          {"queued", JobStatus::Unknown, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.wire);
    const Job job =
        decodeJob(std::string(R"({"jobid": "j1", "status": ")") + c.wire + R"("})", kJobEndpoint);
    EXPECT_EQ(job.status, c.status);
    EXPECT_EQ(job.status_text, c.wire);
    EXPECT_EQ(job.isFinal(), c.final);
  }
}

TEST(DecodeJob, FailedRecordCarriesErrorMessage) {
  const Job job = decodeJob(
      R"({"jobid": "j1", "type": "video", "status": "failed", "error": "Content moderation"})",
      kJobEndpoint);
  EXPECT_EQ(job.status, JobStatus::Failed);
  EXPECT_EQ(job.error, "Content moderation");
}

TEST(DecodeJob, UnknownFieldsAreKeptInRaw) {
  const std::string body =
      R"({"jobid": "j1", "status": "created", "future_field": {"nested": [1, 2, 3]},)"
      R"( "response": {"video": {"url": "u", "codec": "hevc"}, "audio": {"url": "a"}}})";
  const Job job = decodeJob(body, kJobEndpoint);
  EXPECT_EQ(job.jobid, "j1");
  EXPECT_EQ(job.raw, body);
  const nlohmann::json raw = nlohmann::json::parse(job.raw);
  EXPECT_EQ(raw.at("future_field").at("nested"), nlohmann::json({1, 2, 3}));
  EXPECT_EQ(raw.at("response").at("audio").at("url"), "a");
}

TEST(DecodeJob, ReplyRefIsRead) {
  const Job job = decodeJob(R"({"jobid": "j1", "status": "completed", "replyRef": "batch-7/#1"})",
                            kJobEndpoint);
  EXPECT_EQ(job.reply_ref, "batch-7/#1");
  const Job without = decodeJob(R"({"jobid": "j1", "status": "completed"})", kJobEndpoint);
  EXPECT_EQ(without.reply_ref, std::nullopt);
}

TEST(DecodeJob, BracketsInsideStringsDoNotCountAsNesting) {
  const std::string deep_text = std::string(200, '[') + R"(\"{{{)" + std::string(200, '{');
  const std::string body = R"({"jobid": "j1", "status": "failed", "error": ")" + deep_text + "\"}";
  const Job job = decodeJob(body, kJobEndpoint);
  EXPECT_EQ(job.error, std::string(200, '[') + "\"{{{" + std::string(200, '{'));
}

TEST(DecodeJob, NestingUpToMaxDepthAcceptedOneDeeperRefused) {
  // The record object itself is one level; "extra" adds the rest.
  const auto bodyWithDepth = [](int depth) {
    return R"({"jobid": "j1", "status": "created", "extra": )" + nestedArrays(depth - 1) + "}";
  };
  EXPECT_EQ(decodeJob(bodyWithDepth(kMaxJsonDepth), kJobEndpoint).jobid, "j1");
  const auto message = thrownMessage<TransportError>(
      [&] { decodeJob(bodyWithDepth(kMaxJsonDepth + 1), kJobEndpoint); });
  if (message) {
    EXPECT_THAT(*message, HasSubstr(kJobEndpoint));
  }
}

TEST(DecodeJob, MalformedBodiesThrowTransportErrorNamingEndpointAndField) {
  struct Case {
    std::string name;
    std::string body;
    std::string field;  // Empty: the message need only name the endpoint.
  };
  const std::string video = kCompletedVideo;
  const std::vector<Case> cases = {
      {"not JSON", "<html>", ""},
      {"empty body", "", ""},
      {"JSON array", R"([{"jobid": "j1"}])", ""},
      {"JSON string", R"("completed")", ""},
      {"JSON number", "42", ""},
      {"JSON null", "null", ""},
      {"status a number", R"({"status": 5})", "status"},
      {"jobid an array", R"({"jobid": ["j1"]})", "jobid"},
      {"response a string", R"({"response": "done"})", "response"},
      {"video url a number", R"({"response": {"video": {"url": 7}}})", "response.video.url"},
      {"video url an object", R"({"response": {"video": {"url": {}}}})", "response.video.url"},
      {"image a number", R"({"response": {"image": 3}})", "response.image"},
      {"error an object", R"({"jobid": "j1", "error": {"m": 1}})", "error"},
      {"replyRef a number", R"({"jobid": "j1", "replyRef": 42})", "replyRef"},
      {"width not a number at all", R"({"response": {"video": {"url": "u", "width": 01}}})", ""},
      {"trailing garbage", std::string(kCompletedVideo) + " {}", ""},
      {"an unknown field not JSON", R"({"jobid": "j1", "x": tru})", ""},
      {"an unknown field with a bad escape", R"({"jobid": "j1", "x": "\q"})", ""},
      {"a raw control character", std::string("{\"jobid\": \"j\x01\"}"), ""},
      {"no jobid", R"({"status": "completed", "response": {"video": {"url": "u"}}})", "jobid"},
      {"an empty jobid", R"({"jobid": "", "status": "completed"})", "jobid"},
      {"a null jobid", R"({"jobid": null, "status": "completed"})", "jobid"},
      {"100 nested arrays", nestedArrays(100), ""},
      {"100 nested objects", nestedObjects(100), ""},
      {"10000 nested arrays", nestedArrays(10000), ""},
      {"10000 nested objects", nestedObjects(10000), ""},
      {"10000 unclosed arrays", std::string(10000, '['), ""},
      {"truncated in the middle", video.substr(0, video.size() / 2), ""},
      {"truncated before the last brace", video.substr(0, video.rfind('}')), ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto message = thrownMessage<TransportError>([&] { decodeJob(c.body, kJobEndpoint); });
    if (!message) continue;
    EXPECT_THAT(*message, HasSubstr(kJobEndpoint));
    if (!c.field.empty()) {
      EXPECT_THAT(*message, HasSubstr(c.field));
    }
  }
}

TEST(DecodeJob, FieldsTheLibraryDoesNotNeedWithAWrongTypeStayUnset) {
  // A completed job stays readable (its status and media URL) whatever these fields hold.
  struct Case {
    const char* name;
    const char* record_fields;  // inserted into the record
    const char* media_fields;   // inserted into response.video
  };
  const std::vector<Case> cases = {
      {"width a string", "", R"(, "width": "1920")"},
      {"width 1e300", "", R"(, "width": 1e300)"},
      {"height -1e300", "", R"(, "height": -1e300)"},
      {"width 2^31", "", R"(, "width": 2147483648)"},
      {"width an object", "", R"(, "width": {"px": 1920})"},
      {"duration a string", "", R"(, "duration": "5s")"},
      {"duration an array", "", R"(, "duration": [5])"},
      {"type a number", R"("type": 2, )", ""},
      {"created an object", R"("created": {"at": 1}, )", ""},
      {"updated a number", R"("updated": 1774533930, )", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string body = std::string(R"({"jobid": "j1", )") + c.record_fields +
                             R"("status": "completed", "response": {"video": {"url": "u")" +
                             c.media_fields + "}}}";
    const Job job = decodeJob(body, kJobEndpoint);
    EXPECT_EQ(job.jobid, "j1");
    EXPECT_EQ(job.status, JobStatus::Completed);
    ASSERT_TRUE(job.video.has_value());
    EXPECT_EQ(job.video->url, "u");
    EXPECT_EQ(job.video->width, std::nullopt);
    EXPECT_EQ(job.video->height, std::nullopt);
    EXPECT_EQ(job.video->duration, std::nullopt);
    EXPECT_EQ(job.type, JobType::Unknown);
    EXPECT_EQ(job.created, "");
    EXPECT_EQ(job.updated, std::nullopt);
    EXPECT_EQ(job.raw, body);
  }
}

TEST(DecodeJob, InvalidUtf8OutsideWhatTheLibraryActsOnLeavesTheJobReadable) {
  // simdjson checks UTF-8 over the whole text: the decoder then reads a copy with U+FFFD in place
  // of each run of bad bytes, and keeps the body as received in raw.
  struct Case {
    const char* name;
    std::string body;
    std::optional<std::string> error;
  };
  const std::string head = R"({"jobid": "j1", "status": "completed", )";
  const std::string media = R"("response": {"image": {"url": "https://cdn.example.com/i.png"}}})";
  const std::vector<Case> cases = {
      {"in an unknown field", head + "\"note\": \"a\xC3\x28z\", " + media, std::nullopt},
      {"in a key", head + "\"\xFF\xFE\": 1, " + media, std::nullopt},
      {"in the request echo", head + "\"request\": {\"prompt\": \"\xED\xA0\x80\"}, " + media,
       std::nullopt},
      {"in the error text", head + "\"error\": \"bad \xC0\xAF byte\", " + media,
       "bad \xEF\xBF\xBD byte"},
      {"a truncated sequence at the end of a string", head + "\"error\": \"\xE2\x82\", " + media,
       "\xEF\xBF\xBD"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Job job = decodeJob(c.body, kJobEndpoint);
    EXPECT_EQ(job.jobid, "j1");
    EXPECT_EQ(job.status, JobStatus::Completed);
    ASSERT_TRUE(job.image.has_value());
    EXPECT_EQ(job.image->url, "https://cdn.example.com/i.png");
    EXPECT_EQ(job.error, c.error);
    EXPECT_EQ(job.raw, c.body) << "raw is the body as received, bad bytes included";
  }
}

TEST(DecodeJob, InvalidUtf8InTheJobidOrAMediaUrlIsRefusedNamingTheField) {
  struct Case {
    const char* name;
    std::string body;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"jobid",
       "{\"jobid\": \"j\xFF"
       "1\", \"status\": \"completed\"}",
       "jobid"},
      {"image url", "{\"jobid\": \"j1\", \"response\": {\"image\": {\"url\": \"https://x/\xFF\"}}}",
       "response.image.url"},
      {"hdr url string", "{\"jobid\": \"j1\", \"response\": {\"video_hdr_exr\": \"\xFF\"}}",
       "response.video_hdr_exr"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto message = thrownMessage<TransportError>([&] { decodeJob(c.body, kJobEndpoint); });
    if (!message) continue;
    EXPECT_THAT(*message, HasSubstr(kJobEndpoint));
    EXPECT_THAT(*message, HasSubstr(c.field));
    EXPECT_THAT(*message, HasSubstr("UTF-8"));
  }
}

TEST(DecodeJob, ARepeatedKeyCountsAsItsLastOccurrence) {
  const Job job =
      decodeJob(R"({"jobid": "j0", "status": "processing", "response": {"image": {"url": "a"}},)"
                R"( "jobid": "j1", "status": "completed", "response": {"video": {"url": "b"}}})",
                kJobEndpoint);
  EXPECT_EQ(job.jobid, "j1");
  EXPECT_EQ(job.status, JobStatus::Completed);
  EXPECT_EQ(job.image, std::nullopt) << "the second response replaces the first";
  ASSERT_TRUE(job.video.has_value());
  EXPECT_EQ(job.video->url, "b");
}

TEST(DecodeJob, AnIntegerMinusZeroIsZero) {
  const Job job = decodeJob(
      R"({"jobid": "j1", "response": {"video": {"url": "u", "duration": -0, "width": -0}}})",
      kJobEndpoint);
  ASSERT_TRUE(job.video.has_value());
  ASSERT_TRUE(job.video->duration.has_value());
  EXPECT_FALSE(std::signbit(*job.video->duration));
  EXPECT_EQ(job.video->width, 0);
}

TEST(DecodeJob, ReadsWhatAnIndependentFullParserReadsOrRefusesWhatItRefuses) {
  // The decode fuzzer makes this comparison on every input; these are the shapes worth keeping.
  namespace reference = ::useapi::luma::testing::reference;
  const std::vector<std::string> bodies = {
      kCompletedVideo,
      R"({"jobid": "j1", "status": "processing", "updated": null, "response": null})",
      R"({"jobid": "j1", "response": {"video_hdr_exr": "https://x/f.zip"}})",
      R"({"jobid": "j1", "response": {"image": {"url": "u", "width": 1.9, "height": -7.5}}})",
      R"({"jobid": "j\u0031", "st\u0061tus": "c\u00f6mpleted", "error": "\ud83d\ude00"})",
      R"({"jobid": "j1", "response": {"video": {"url": "u", "duration": 1e-400}}})",
      R"({"jobid": "j1", "response": {"video": {"url": "u", "width": 12345678901234567890}}})",
      R"({"jobid": "j1", "response": {"video": {"url": "u", "duration": -0.0}}})",
      "{\"jobid\": \"j1\", \"error\": \"a\x7F\xFF\x7F b\"}",
      "{\"jobid\": \"j1\", \"error\": \"\\u007f\xFF\"}",
      R"({"jobid": "j1", "x": [1, 2, {"y": [true, false, null]}]})",
      R"({"jobid": "j1", "x": [1, 2,]})",
      R"({"jobid": "j1"} x)",
  };
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body);
    std::optional<Job> expected;
    try {
      const reference::Parsed parsed = reference::parse(body);
      expected = reference::job(parsed, parsed.document);
      if (expected->jobid.empty()) expected.reset();  // a record that names no job
    } catch (const reference::Refused&) {
    }
    std::optional<Job> decoded;
    try {
      decoded = decodeJob(body, kJobEndpoint);
    } catch (const TransportError&) {
    }
    ASSERT_EQ(decoded.has_value(), expected.has_value());
    if (decoded) {
      EXPECT_EQ(::useapi::luma::testing::jobFields(*decoded),
                ::useapi::luma::testing::jobFields(*expected));
    }
  }
}

TEST(DecodeImageBatch, SeedPageAnswerGivesParentAndFourJobids) {
  // The 200 answer of POST /images from shared/seeds/generate-images.txt.
  const std::string id = "j0326140530123456789i-u12345-email:user@example.com:";
  const std::string body = R"({"jobid": ")" + id +
                           R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma",
    "jobids": [
      ")" + id + R"(b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma",
      ")" + id + R"(c3d4e5f6-a7b8-9012-cdef-345678901234-bot:luma",
      ")" + id + R"(d4e5f6a7-b890-1234-defa-456789012345-bot:luma",
      ")" + id + R"(e5f6a7b8-9012-3456-efab-567890123456-bot:luma"
    ],
    "type": "image", "status": "created", "count": 4, "created": "2026-03-26T14:05:30.123Z",
    "request": {"prompt": "A photorealistic portrait of an astronaut on Mars", "model": "photon-v2",
                "resolution": "1080p", "aspect_ratio": "16:9"}
  })";
  const auto batch = decodeImageBatch(body, kBatchEndpoint);
  EXPECT_EQ(batch.jobid, id + "a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma");
  EXPECT_THAT(batch.jobids, ElementsAre(id + "b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma",
                                        id + "c3d4e5f6-a7b8-9012-cdef-345678901234-bot:luma",
                                        id + "d4e5f6a7-b890-1234-defa-456789012345-bot:luma",
                                        id + "e5f6a7b8-9012-3456-efab-567890123456-bot:luma"));
  EXPECT_EQ(batch.created, "2026-03-26T14:05:30.123Z");
  EXPECT_EQ(batch.raw, body);
}

TEST(DecodeImageBatch, MissingOrMistypedJobidsThrowTransportError) {
  struct Case {
    const char* name;
    const char* body;
  };
  const std::vector<Case> cases = {
      {"jobids missing", R"({"jobid": "p", "type": "image", "status": "created"})"},
      {"jobids null", R"({"jobid": "p", "jobids": null})"},
      {"jobids empty", R"({"jobid": "p", "jobids": []})"},
      {"jobids a string", R"({"jobid": "p", "jobids": "a"})"},
      {"a number in jobids", R"({"jobid": "p", "jobids": ["a", 7, "c", "d"]})"},
      {"an object in jobids", R"({"jobid": "p", "jobids": [{"jobid": "a"}]})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto message =
        thrownMessage<TransportError>([&] { decodeImageBatch(c.body, kBatchEndpoint); });
    if (!message) continue;
    EXPECT_THAT(*message, HasSubstr(kBatchEndpoint));
    EXPECT_THAT(*message, HasSubstr("jobids"));
  }
}

TEST(DecodeImageBatch, NonObjectBodiesThrowTransportError) {
  const std::vector<std::string> bodies = {"", "<html>", "[]", nestedArrays(10000)};
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body.substr(0, 20));
    const auto message =
        thrownMessage<TransportError>([&] { decodeImageBatch(body, kBatchEndpoint); });
    if (message) {
      EXPECT_THAT(*message, HasSubstr(kBatchEndpoint));
    }
  }
}

TEST(ErrorMessageOf, ReturnsErrorFieldElseBodyTextElseEmpty) {
  struct Case {
    const char* name;
    std::string body;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"error field", R"({"error":"Unauthorized"})", "Unauthorized"},
      {"error with code", R"({"error":"x","code":429})", "x"},
      {"spec's 429 body",
       R"({ "error": "All configured accounts are running at maximum capacity", "code": 429 })",
       "All configured accounts are running at maximum capacity"},
      {"empty body", "", ""},
      {"plain text", "upstream connect error\n", "upstream connect error"},
      {"html", "<html><body>502 Bad Gateway</body></html>\r\n",
       "<html><body>502 Bad Gateway</body></html>"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(errorMessageOf(c.body), c.expected);
  }
}

TEST(ErrorMessageOf, LongNonJsonBodyIsCutToAtMost500Characters) {
  std::string body;
  while (body.size() < std::size_t{10} * 1024) body += "Service Unavailable. ";
  const std::string message = errorMessageOf(body);
  EXPECT_FALSE(message.empty());
  EXPECT_LE(message.size(), 500U);
  EXPECT_EQ(body.compare(0, message.size(), message), 0) << "not a prefix of the body";
}

TEST(ErrorMessageOf, DeeplyNestedBodyDoesNotCrash) {
  const std::string body = nestedObjects(10000);
  const std::string message = errorMessageOf(body);
  EXPECT_LE(message.size(), 500U);
  EXPECT_EQ(body.compare(0, message.size(), message), 0) << "not a prefix of the body";
}

}  // namespace
