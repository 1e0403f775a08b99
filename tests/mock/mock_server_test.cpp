// luma-mock itself, over raw HTTP (not through the library's Client, which validates before
// sending): authorisation, the API's 400/422/429 answers, the video and image matrices checked
// against the library's validate(), the job lifecycle, served media, faults and recording.

#include "mock/mock_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mock_harness.hpp"
#include "useapi/luma/requests.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma::mock::test_support {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using useapi::luma::Duration;
using useapi::luma::DynamicRange;
using useapi::luma::ImageModel;
using useapi::luma::ImageRequest;
using useapi::luma::Resolution;
using useapi::luma::VideoModel;
using useapi::luma::VideoRequest;
using useapi::luma::mock::Fault;
using useapi::luma::mock::MockOptions;
using useapi::luma::mock::MockServer;
using useapi::luma::mock::RecordedRequest;

template <class Enum>
std::vector<std::optional<Enum>> absentAnd(std::initializer_list<Enum> values) {
  std::vector<std::optional<Enum>> result{std::nullopt};
  for (const Enum value : values) result.emplace_back(value);
  return result;
}

// Sets body[name] to the wire string of `value` when it is set.
template <class Enum>
void putIfSet(json& body, const char* name, const std::optional<Enum>& value) {
  if (value) body[name] = std::string(useapi::luma::toString(*value));
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

// ------------------------------------------------------------------------------ authorisation

TEST(LumaMockAuth, EveryApiRouteAnswers401WithoutAValidBearerToken) {
  Harness mock;
  const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  struct Route {
    const char* method;
    std::string path;
    std::string body;
  };
  const std::vector<Route> routes{{"POST", kApi + "/images", R"({"prompt":"a fox"})"},
                                  {"POST", kApi + "/videos", R"({"prompt":"a fox"})"},
                                  {"GET", kApi + "/jobs/" + jobid, ""}};
  const std::vector<Auth> bad_auths{std::nullopt, bearer("wrong-token"), bearer(""),
                                    "Basic " + kToken, kToken};
  for (const auto& route : routes) {
    for (const auto& auth : bad_auths) {
      SCOPED_TRACE(std::string(route.method) + " " + route.path + " with " +
                   auth.value_or("(no Authorization)"));
      const Reply reply = std::string(route.method) == "GET"
                              ? mock.get(route.path, auth)
                              : mock.post(route.path, route.body, auth);
      EXPECT_EQ(reply.status, 401);
      EXPECT_EQ(reply.json_body, json({{"error", "Unauthorized"}})) << reply.body;
    }
    // The same request with the right token is answered, so the 401s above were about the token.
    const Reply good = std::string(route.method) == "GET" ? mock.get(route.path)
                                                          : mock.post(route.path, route.body);
    EXPECT_EQ(good.status, 200) << route.path << " -> " << good.body;
  }
  EXPECT_EQ(mock.server().jobsCreated(), 3U);  // the first video and the two accepted above
}

// --------------------------------------------------------------------------------- validation

TEST(LumaMockValidation, UnknownModelAnswersTheSeedPagesExactMessage) {
  Harness mock;
  const struct {
    const char* route;
    const char* message;
  } cases[] = {
      {"/images", "Parameter model (invalid-model) valid values: photon-v2, image-v2"},
      {"/videos",
       "Parameter model (invalid-model) valid values: ray-v3-flash, ray-v3, ray-v3-reasoning"},
  };
  for (const auto& c : cases) {
    const Reply reply =
        mock.post(kApi + c.route, json({{"prompt", "a fox"}, {"model", "invalid-model"}}).dump());
    EXPECT_EQ(reply.status, 400) << c.route;
    EXPECT_EQ(reply.json_body, json({{"error", c.message}})) << c.route << " -> " << reply.body;
  }
  EXPECT_EQ(mock.server().jobsCreated(), 0U);
}

TEST(LumaMockValidation, BodiesWithoutAUsablePromptOrNotJsonAnswer400WithAnError) {
  Harness mock;
  const struct {
    const char* name;
    std::string body;
    bool names_prompt;  // the message must mention the prompt
  } cases[] = {
      {"missing prompt", R"({"model":"photon-v2"})", true},
      {"empty prompt", R"({"prompt":""})", true},
      {"prompt not a string", R"({"prompt":42})", true},
      {"not JSON", "prompt=a fox", false},
      {"truncated JSON", R"({"prompt":"a fox")", false},
      {"JSON array", R"(["a fox"])", false},
      {"empty body", "", false},
  };
  for (const char* route : {"/images", "/videos"}) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(route) + ": " + c.name);
      const Reply reply = mock.post(kApi + route, c.body);
      EXPECT_EQ(reply.status, 400) << reply.body;
      const std::string error = errorOf(reply);
      EXPECT_FALSE(error.empty()) << reply.body;
      if (c.names_prompt) {
        EXPECT_NE(error.find("prompt"), std::string::npos) << error;
      }
    }
  }
  EXPECT_EQ(mock.server().jobsCreated(), 0U);
}

TEST(LumaMockValidation, PromptLengthIsCountedInUtf16UnitsAsByTheLibrary) {
  Harness mock;
  std::string e_acute_2000;
  for (int i = 0; i < 2000; ++i) e_acute_2000 += "\xC3\xA9";  // é: 2 bytes, 1 UTF-16 unit
  std::string emoji_1000;
  for (int i = 0; i < 1000; ++i) emoji_1000 += "\xF0\x9F\x98\x80";  // 😀: 4 bytes, 2 units
  const struct {
    const char* name;
    std::string prompt;
    int status;
  } cases[] = {
      {"2000 ASCII", std::string(2000, 'a'), 200},
      {"2001 ASCII", std::string(2001, 'a'), 400},
      {"2000 e-acute (4000 bytes)", e_acute_2000, 200},
      {"2001 e-acute", e_acute_2000 + "\xC3\xA9", 400},
      {"1000 emoji (2000 units)", emoji_1000, 200},
      {"1000 emoji and 1 ASCII", emoji_1000 + "a", 400},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    VideoRequest video;
    video.prompt = c.prompt;
    ImageRequest image;
    image.prompt = c.prompt;
    EXPECT_EQ(useapi::luma::validate(video).empty(), c.status == 200);
    EXPECT_EQ(useapi::luma::validate(image).empty(), c.status == 200);
    for (const char* route : {"/images", "/videos"}) {
      const Reply reply = mock.post(kApi + route, json({{"prompt", c.prompt}}).dump());
      EXPECT_EQ(reply.status, c.status) << route << " -> " << reply.body.substr(0, 200);
      if (c.status == 400) {
        EXPECT_NE(errorOf(reply).find("prompt"), std::string::npos) << route;
      }
    }
  }
}

// ---------------------------------------------------------------- matrices against validate()

TEST(LumaMockMatrix, VideoAnswersAgreeWithTheLibraryOnEveryCombination) {
  Harness mock(300ms, 100000);  // capacity never interferes
  const std::vector<std::string> uploaded = mock.uploadAssets(2);
  enum class Images { None, Start, Character, CharacterAndStart };
  std::vector<std::string> mismatches;
  int accepted = 0;
  int refused = 0;
  for (const auto& model :
       absentAnd({VideoModel::RayV3Flash, VideoModel::RayV3, VideoModel::RayV3Reasoning})) {
    for (const auto& resolution :
         absentAnd({Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080})) {
      for (const auto& duration : absentAnd({Duration::S5, Duration::S10})) {
        for (const auto& range :
             absentAnd({DynamicRange::Sdr, DynamicRange::Hdr, DynamicRange::HdrExr})) {
          for (const Images images :
               {Images::None, Images::Start, Images::Character, Images::CharacterAndStart}) {
            VideoRequest request;
            request.prompt = "a fox in the snow";
            request.model = model;
            request.resolution = resolution;
            request.duration = duration;
            request.dynamic_range = range;
            json body = {{"prompt", request.prompt}};
            putIfSet(body, "model", model);
            putIfSet(body, "resolution", resolution);
            putIfSet(body, "duration", duration);
            putIfSet(body, "dynamic_range", range);
            if (images == Images::Start || images == Images::CharacterAndStart) {
              request.image_start = uploaded[0];
              body["imageStart"] = uploaded[0];
            }
            if (images == Images::Character || images == Images::CharacterAndStart) {
              request.image_character = uploaded[1];
              body["imageCharacter"] = uploaded[1];
            }

            const auto problems = useapi::luma::validate(request);
            const Reply reply = mock.post(kApi + "/videos", body.dump());
            const int expected = problems.empty() ? 200 : 400;
            (reply.status == 200 ? accepted : refused) += 1;
            if (reply.status != expected || (expected == 400 && errorOf(reply).empty())) {
              mismatches.push_back(body.dump() + ": library " +
                                   (problems.empty() ? "valid" : "invalid (" + problems[0] + ")") +
                                   ", mock " + std::to_string(reply.status) + " " + reply.body);
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(accepted + refused, 4 * 5 * 3 * 4 * 4);
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " disagreements:\n"
                                  << joinLines(mismatches);
}

TEST(LumaMockMatrix, ImageAnswersAgreeWithTheLibraryButForTheDocumentedImageV2Lock) {
  Harness mock(300ms, 100000);
  const std::vector<std::string> uploaded = mock.uploadAssets(4);
  std::vector<std::string> mismatches;
  int accepted = 0;
  int refused = 0;
  int documented_differences = 0;
  for (const auto& model : absentAnd({ImageModel::PhotonV2, ImageModel::ImageV2})) {
    for (const auto& resolution :
         absentAnd({Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080})) {
      for (int refs = 0; refs <= 4; ++refs) {
        ImageRequest request;
        request.prompt = "a portrait of a fox";
        request.model = model;
        request.resolution = resolution;
        json body = {{"prompt", request.prompt}};
        putIfSet(body, "model", model);
        putIfSet(body, "resolution", resolution);
        for (int i = 1; i <= refs; ++i) {
          request.image_refs.push_back(uploaded[i - 1]);
          body["imageRef" + std::to_string(i)] = uploaded[i - 1];
        }

        const bool library_accepts = useapi::luma::validate(request).empty();
        // The one known, documented difference (spec, POST /images, "Decision"): image-v2 with
        // references and an explicit 1080p is a client-side validation error, so that the user
        // does not silently get 720p; the real server accepts it and locks the resolution to
        // 720p, and so does the mock.
        const bool documented_difference =
            model == ImageModel::ImageV2 && refs > 0 && resolution == Resolution::P1080;
        const Reply reply = mock.post(kApi + "/images", body.dump());
        (reply.status == 200 ? accepted : refused) += 1;
        if (documented_difference) {
          ++documented_differences;
          EXPECT_FALSE(library_accepts) << body.dump();
          EXPECT_EQ(reply.status, 200) << body.dump() << " -> " << reply.body;
          EXPECT_EQ(textAt(reply.json_body, "/request/resolution"), "720p")
              << "image-v2 with references is locked to 720p: " << reply.body;
          continue;
        }
        const int expected = library_accepts ? 200 : 400;
        if (reply.status != expected || (expected == 400 && errorOf(reply).empty())) {
          mismatches.push_back(body.dump() + ": library " +
                               (library_accepts ? "valid" : "invalid") + ", mock " +
                               std::to_string(reply.status) + " " + reply.body);
        }
      }
    }
  }
  EXPECT_EQ(accepted + refused, 3 * 5 * 5);
  EXPECT_EQ(documented_differences, 4);  // image-v2, 1080p, 1..4 references
  EXPECT_GT(refused, 0);
  EXPECT_TRUE(mismatches.empty()) << mismatches.size() << " disagreements:\n"
                                  << joinLines(mismatches);
}

// ------------------------------------------------------------------------------------ capacity

TEST(LumaMockCapacity, RunningJobsBeyondTheConcurrencyAnswer429UntilTheyComplete) {
  Harness mock(300ms, 2);
  const std::string body = R"({"prompt":"a fox"})";
  // An image batch of 4 images takes one slot: with it and a video, 2 slots are in use.
  const json batch = mock.submit("/images", json::parse(body));
  EXPECT_EQ(batch.value("jobids", json::array()).size(), 4U) << batch.dump();
  const std::string video_id = mock.submitJobid("/videos", json::parse(body));
  const json capacity = {{"error", kCapacityMessage}, {"code", 429}};
  for (const char* route : {"/videos", "/images"}) {
    const Reply reply = mock.post(kApi + route, body);
    EXPECT_EQ(reply.status, 429) << route;
    EXPECT_EQ(reply.json_body, capacity) << route << " -> " << reply.body;
  }
  // The limit is per user: another token still has its slots.
  EXPECT_EQ(mock.post(kApi + "/videos", body, bearer(kOtherToken)).status, 200);
  EXPECT_EQ(mock.statsJobsCreated(), 3U);  // the 429s created nothing

  EXPECT_EQ(mock.waitUntilFinal(video_id).value("status", ""), "completed");
  for (const char* route : {"/videos", "/images"}) {
    const Reply reply = mock.post(kApi + route, body);
    EXPECT_EQ(reply.status, 200) << route << " after the first jobs completed: " << reply.body;
  }
}

// ----------------------------------------------------------------------------------- lifecycle

TEST(LumaMockLifecycle, VideoJobMovesFromCreatedThroughPendingAndProcessingToCompleted) {
  Harness mock(400ms);
  const json created = mock.submit("/videos", {{"prompt", "a fox"}});
  EXPECT_EQ(created.value("status", ""), "created");
  EXPECT_EQ(created.value("type", ""), "video");
  const std::string jobid = textAt(created, "/jobid");

  const std::vector<std::string> order{"created", "pending", "processing", "completed"};
  std::vector<std::string> seen;  // distinct statuses in the order they were seen
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    const json record = mock.job(jobid);
    const std::string status = record.value("status", "");
    if (seen.empty() || seen.back() != status) seen.push_back(status);
    if (status != "completed") {
      for (const char* field : {"/response", "/updated", "/credits"}) {
        EXPECT_TRUE(at(record, field).is_null())
            << "a running job has " << field << ": " << record.dump();
      }
    }
    if (isFinal(status)) break;
    std::this_thread::sleep_for(10ms);
  }

  std::string trail;
  for (const auto& status : seen) trail += status + " ";
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), "completed") << trail;
  EXPECT_GE(seen.size(), 2U) << "no running status was ever seen: " << trail;
  std::size_t next = 0;  // `seen` must be a subsequence of `order`
  for (const auto& status : seen) {
    while (next < order.size() && order[next] != status) ++next;
    EXPECT_LT(next, order.size()) << "out of order or unknown: " << trail;
    ++next;
  }
}

TEST(LumaMockLifecycle, FailMarkerEndsEveryJobFailedWithAnErrorMessage) {
  Harness mock(200ms);
  std::vector<std::string> jobids{mock.submitJobid("/videos", {{"prompt", "a fox [mock:fail]"}})};
  const json batch = mock.submit("/images", {{"prompt", "[mock:fail] a fox"}});
  for (const auto& child : at(batch, "/jobids")) jobids.push_back(child.get<std::string>());
  ASSERT_EQ(jobids.size(), 5U);
  for (const auto& jobid : jobids) {
    const json record = mock.waitUntilFinal(jobid);
    EXPECT_EQ(record.value("status", ""), "failed") << record.dump();
    EXPECT_FALSE(textAt(record, "/error").empty()) << "no error message: " << record.dump();
  }
  // Without the marker the same prompt completes.
  const std::string ok = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  EXPECT_EQ(mock.waitUntilFinal(ok).value("status", ""), "completed");
}

TEST(LumaMockLifecycle, ModerationMarkerAnswers422WithCodeAndCreatesNoJob) {
  Harness mock;
  for (const char* route : {"/images", "/videos"}) {
    const Reply reply = mock.post(kApi + route, json({{"prompt", "a fox [mock:moderate]"}}).dump());
    EXPECT_EQ(reply.status, 422) << route;
    EXPECT_EQ(reply.json_body, json({{"error", kModerationMessage}, {"code", 422}}))
        << route << " -> " << reply.body;
  }
  EXPECT_EQ(mock.statsJobsCreated(), 0U);
}

TEST(LumaMockJobs, GetJobAnswers404400And403ForUnknownMalformedAndForeignIds) {
  Harness mock;
  const std::string mine = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const std::string theirs =
      mock.submitJobid("/videos", {{"prompt", "a fox"}}, bearer(kOtherToken));
  const struct {
    const char* name;
    std::string jobid;
    int status;
    const char* error;
  } cases[] = {
      {"well-formed unknown id",
       "j0326140530123456789v-u12345-email:mock@example.com:"
       "00000000-0000-4000-8000-000000000000-bot:luma",
       404, "Job not found"},
      {"malformed id", "not-a-job-id", 400, "Invalid jobid"},
      {"id without the -bot:luma suffix", mine.substr(0, mine.size() - 9), 400, "Invalid jobid"},
      {"another user's job", theirs, 403, "Job does not belong to this user"},
  };
  for (const auto& c : cases) {
    const Reply reply = mock.get(kApi + "/jobs/" + c.jobid);
    EXPECT_EQ(reply.status, c.status) << c.name << ": " << c.jobid;
    EXPECT_EQ(errorOf(reply), c.error) << c.name << " -> " << reply.body;
  }
  EXPECT_EQ(mock.get(kApi + "/jobs/" + mine).status, 200);
  EXPECT_EQ(mock.get(kApi + "/jobs/" + theirs, bearer(kOtherToken)).status, 200);
}

// --------------------------------------------------------------------------------------- media

TEST(LumaMockMedia, CompletedVideoRecordsLinkMediaTheServerServes) {
  Harness mock(200ms);
  for (const char* range : {"sdr", "hdr", "hdr_exr"}) {
    SCOPED_TRACE(range);
    const json body = {{"prompt", "a fox"}, {"resolution", "540p"}, {"dynamic_range", range}};
    const json record = mock.waitUntilFinal(mock.submitJobid("/videos", body));
    ASSERT_EQ(record.value("status", ""), "completed") << record.dump();
    for (const char* number : {"/response/video/width", "/response/video/height",
                               "/response/video/duration", "/credits/dm_usage"}) {
      EXPECT_TRUE(at(record, number).is_number()) << number << " in " << record.dump();
    }
    EXPECT_GT(at(record, "/response/video/duration").get<double>(), 0.0);
    EXPECT_FALSE(textAt(record, "/updated").empty()) << record.dump();

    const Reply mp4 = mock.get(mock.pathOf(textAt(record, "/response/video/url")), std::nullopt);
    EXPECT_EQ(mp4.status, 200);
    EXPECT_EQ(mp4.content_type, "video/mp4");
    ASSERT_GE(mp4.body.size(), 8U);
    EXPECT_EQ(mp4.body.substr(4, 4), "ftyp");
    for (const char* picture : {"thumbnail", "last_frame"}) {
      const std::string url = textAt(record, std::string("/response/") + picture + "/url");
      const Reply png = mock.get(mock.pathOf(url), std::nullopt);
      EXPECT_EQ(png.status, 200) << picture;
      EXPECT_EQ(png.content_type, "image/png") << picture;
      EXPECT_EQ(png.body.substr(0, 8), kPngSignature) << picture;
    }

    const bool exr = std::string(range) == "hdr_exr";
    const json frames = at(record, "/response/video_hdr_exr");
    EXPECT_EQ(!frames.is_null(), exr) << record.dump();
    if (exr) {
      // The spec allows a URL string or an object with `url`.
      const json url = frames.is_object() ? at(frames, "/url") : frames;
      ASSERT_TRUE(url.is_string()) << record.dump();
      const Reply zip = mock.get(mock.pathOf(url.get<std::string>()), std::nullopt);
      EXPECT_EQ(zip.status, 200);
      EXPECT_EQ(zip.body.substr(0, 2), "PK");
    }
  }
}

TEST(LumaMockMedia, ImageBatchHasFourJobsEachServingAPng) {
  Harness mock(200ms);
  const json batch = mock.submit("/images", {{"prompt", "a fox"}, {"aspect_ratio", "1:1"}});
  EXPECT_EQ(batch.value("type", ""), "image");
  EXPECT_EQ(batch.value("status", ""), "created");
  EXPECT_EQ(batch.value("count", 0), 4);
  const json jobids = at(batch, "/jobids");
  ASSERT_TRUE(jobids.is_array() && jobids.size() == 4U) << batch.dump();
  std::vector<std::string> urls;
  for (const auto& jobid : jobids) {
    EXPECT_NE(jobid, at(batch, "/jobid"));
    const json record = mock.waitUntilFinal(jobid.get<std::string>());
    ASSERT_EQ(record.value("status", ""), "completed") << record.dump();
    EXPECT_EQ(record.value("type", ""), "image");
    ASSERT_TRUE(at(record, "/response/image/url").is_string()) << record.dump();
    urls.push_back(textAt(record, "/response/image/url"));
    const Reply png = mock.get(mock.pathOf(urls.back()), std::nullopt);
    EXPECT_EQ(png.status, 200);
    EXPECT_EQ(png.content_type, "image/png");
    EXPECT_EQ(png.body.substr(0, 8), kPngSignature);
  }
  ASSERT_EQ(urls.size(), 4U);
  for (std::size_t i = 1; i < urls.size(); ++i) EXPECT_NE(urls[i], urls[0]) << "shared media URL";
}

TEST(LumaMockMedia, MediaOfARunningJobIs404UntilItCompletes) {
  Harness mock(300ms);
  // A finished job's URL shows the layout /media/{n}/video.mp4; the next video job is n+1.
  const json first = mock.waitUntilFinal(mock.submitJobid("/videos", {{"prompt", "a fox"}}));
  const std::string first_path = mock.pathOf(textAt(first, "/response/video/url"));
  const std::string prefix = "/media/";
  ASSERT_EQ(first_path.rfind(prefix, 0), 0U) << first_path;
  const std::size_t slash = first_path.find('/', prefix.size());
  const int index = std::stoi(first_path.substr(prefix.size(), slash - prefix.size()));
  const std::string predicted = prefix + std::to_string(index + 1) + "/video.mp4";

  const std::string running = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  EXPECT_NE(mock.job(running).value("status", ""), "completed");
  EXPECT_EQ(mock.get(predicted, std::nullopt).status, 404);

  const json done = mock.waitUntilFinal(running);
  ASSERT_EQ(mock.pathOf(textAt(done, "/response/video/url")), predicted)
      << "the prediction of the running job's media URL was wrong";
  EXPECT_EQ(mock.get(predicted, std::nullopt).status, 200);
}

// -------------------------------------------------------------------------------------- faults

TEST(LumaMockFaults, HttpAndInProcessFaultsAnswerTheNextMatchingRequests) {
  for (const bool over_http : {true, false}) {
    SCOPED_TRACE(over_http ? "POST /__mock/faults" : "MockServer::queueFault");
    Harness mock;
    const json fault_body = {{"error", "Injected busy"}};
    if (over_http) {
      const json fault = {{"route", "POST /videos"},
                          {"status", 503},
                          {"body", fault_body},
                          {"retry_after", 7},
                          {"times", 2}};
      EXPECT_EQ(mock.post("/__mock/faults", fault.dump(), std::nullopt).status, 200);
    } else {
      Fault fault;
      fault.route = "POST /videos";
      fault.status = 503;
      fault.body = fault_body.dump();
      fault.retry_after_seconds = 7;
      fault.times = 2;
      mock.server().queueFault(fault);
    }
    // Another route is not affected.
    EXPECT_EQ(mock.post(kApi + "/images", R"({"prompt":"a fox"})").status, 200);
    for (int i = 0; i < 2; ++i) {
      const Reply reply = mock.post(kApi + "/videos", R"({"prompt":"a fox"})");
      EXPECT_EQ(reply.status, 503) << "request " << i;
      EXPECT_EQ(reply.json_body, fault_body) << reply.body;
      EXPECT_EQ(reply.retry_after, "7");
    }
    const Reply after = mock.post(kApi + "/videos", R"({"prompt":"a fox"})");
    EXPECT_EQ(after.status, 200) << "times ran out: " << after.body;
    EXPECT_TRUE(after.retry_after.empty());

    const std::vector<std::string> fired{"POST /videos", "POST /videos"};
    EXPECT_EQ(mock.server().firedFaults(), fired);
    const Reply listed = mock.get("/__mock/faults", std::nullopt);
    EXPECT_EQ(listed.status, 200);
    EXPECT_EQ(listed.json_body.value("fired", json()), json(fired)) << listed.body;
    EXPECT_EQ(mock.statsJobsCreated(), 2U);  // the image batch and the last video
    EXPECT_EQ(mock.server().jobsCreated(), 2U);
  }
}

TEST(LumaMockFaults, RoutesMatchByMethodAndPathPrefix) {
  Harness mock;
  const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  Fault fault;
  fault.route = "GET /jobs";
  fault.status = 500;
  mock.server().queueFault(fault);
  EXPECT_EQ(mock.post(kApi + "/videos", R"({"prompt":"a fox"})").status, 200);  // other method
  const Reply reply = mock.get(kApi + "/jobs/" + jobid);
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(errorOf(reply), "Injected fault");  // the default body
  EXPECT_EQ(mock.get(kApi + "/jobs/" + jobid).status, 200);
  EXPECT_EQ(mock.server().firedFaults(), std::vector<std::string>{"GET /jobs"});
}

TEST(LumaMockFaults, AfterActingFaultsCreateTheJobFirst) {
  const struct {
    int status;           // the fault's status; 0 keeps the route's own answer
    int expected_status;  // what the client sees
  } cases[] = {{0, 200}, {502, 502}};
  for (const auto& c : cases) {
    SCOPED_TRACE("fault status " + std::to_string(c.status));
    Harness mock;
    const json fault = {{"route", "POST /videos"},
                        {"status", c.status},
                        {"body", {{"error", "Bad gateway"}}},
                        {"after_acting", true},
                        {"stall_ms", 20}};
    ASSERT_EQ(mock.post("/__mock/faults", fault.dump(), std::nullopt).status, 200);
    const auto started = std::chrono::steady_clock::now();
    const Reply reply = mock.post(kApi + "/videos", R"({"prompt":"a fox"})");
    EXPECT_GE(std::chrono::steady_clock::now() - started, 20ms) << "stall_ms was not applied";
    EXPECT_EQ(reply.status, c.expected_status) << reply.body;
    if (c.status == 0) {
      ASSERT_TRUE(reply.json_body.contains("jobid")) << reply.body;
      EXPECT_EQ(mock.get(kApi + "/jobs/" + textAt(reply.json_body, "/jobid")).status, 200);
    } else {
      EXPECT_EQ(errorOf(reply), "Bad gateway");
    }
    EXPECT_EQ(mock.statsJobsCreated(), 1U) << "the route acted before the fault answered";
    EXPECT_EQ(mock.server().firedFaults(), std::vector<std::string>{"POST /videos"});
  }
}

// ------------------------------------------------------------------------------------ recording

TEST(LumaMockRecording, RequestsKeepMethodRawTargetDecodedPathHeadersAndBody) {
  Harness mock;
  httplib::Client http("127.0.0.1", mock.server().port());
  http.set_url_encode(false);
  const std::string body = R"({"prompt":"a fox \u00e9"})";
  ASSERT_TRUE(http.Post(kApi + "/videos",
                        {{"Authorization", "Bearer " + kToken}, {"X-Trace", "trace-1"}}, body,
                        "application/json"));
  const std::string target = kApi + "/jobs/j%3Aa%2Fb%20c%40d?view=%41";
  ASSERT_TRUE(http.Get(target, {{"Authorization", "Bearer " + kToken}}));
  // Controls and media are not API routes and are not recorded.
  ASSERT_TRUE(http.Get("/__mock/stats"));

  const std::vector<RecordedRequest> recorded = mock.server().requests();
  ASSERT_EQ(recorded.size(), 2U);
  const RecordedRequest& post = recorded[0];
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.target, kApi + "/videos");
  EXPECT_EQ(post.path, kApi + "/videos");
  EXPECT_EQ(post.body, body);
  const auto header = [](const RecordedRequest& request, const std::string& name) {
    const auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string("(absent)") : it->second;
  };
  EXPECT_EQ(header(post, "Authorization"), "Bearer " + kToken);
  EXPECT_EQ(header(post, "X-Trace"), "trace-1");
  EXPECT_EQ(header(post, "Content-Type"), "application/json");
  EXPECT_GT(post.remote_port, 0);

  const RecordedRequest& get = recorded[1];
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.target, target);
  EXPECT_EQ(get.path, kApi + "/jobs/j:a/b c@d");
  EXPECT_TRUE(get.body.empty());
  EXPECT_EQ(header(get, "Authorization"), "Bearer " + kToken);
}

// A second mock on a port in use fails at start, saying so (with cpp-httplib's default
// SO_REUSEPORT both would listen and the kernel would split the connections between them: the
// other mock's unknown tokens answer 401 at random). The first keeps every connection.
TEST(LumaMockServer, ASecondServerOnAPortInUseFailsToStartSayingPortInUse) {
  Harness first;
  MockOptions options;
  options.port = first.server().port();
  options.tokens = {"another-token"};
  MockServer second(options);
  try {
    second.start();
    ADD_FAILURE() << "a second mock started on port " << options.port;
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("port in use"), std::string::npos) << error.what();
  }
  for (int i = 0; i < 40; ++i) {
    httplib::Client fresh("127.0.0.1", options.port);  // a new connection each time
    const auto reply = fresh.Get(kApi + "/jobs", {{"Authorization", "Bearer " + kToken}});
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200) << "connection " << i << " reached another server";
  }
}

// The port is exclusive but not sticky: once a mock stops, a new one starts on its port at once
// (SO_REUSEADDR), even with the old connections still closing.
TEST(LumaMockServer, ANewServerStartsOnTheStoppedOnesPortAtOnce) {
  MockOptions options = Harness::optionsFor();
  int port = 0;
  {
    Harness first(options);
    port = first.server().port();
    EXPECT_EQ(first.get(kApi + "/jobs").status, 200);
  }
  options.port = port;
  MockServer again(options);
  EXPECT_NO_THROW(again.start());
  EXPECT_EQ(again.port(), port);
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
