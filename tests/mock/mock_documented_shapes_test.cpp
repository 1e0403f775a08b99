// luma-mock answers in the shapes the docs show: job records (media_type, video_hdr_exr null,
// updated fixed at completion, dm_relaxed_usage null), the request echo with the references
// that were sent, and multipart/form-data bodies taken like JSON.

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "mock_harness.hpp"

namespace useapi::luma::mock::test_support {
namespace {

// The docs' completed video record (GET /jobs/{jobid}), April 6, 2026.
const json kDocumentedCompletedVideo = json::parse(R"({
  "jobid": "j0326140530123456789v-u12345-email:user@example.com:a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma",
  "type": "video", "status": "completed",
  "created": "2026-03-26T14:05:30.123Z", "updated": "2026-03-26T14:08:45.678Z",
  "response": {
    "video": {"media_type": "video", "url": "https://storage.cdn-luma.com/...", "width": 1280,
              "height": 720, "duration": 5.04},
    "video_hdr_exr": null,
    "thumbnail": {"media_type": "image", "url": "https://storage.cdn-luma.com/.../thumbnail.jpg",
                  "width": 1280, "height": 720},
    "last_frame": {"media_type": "image", "url": "https://storage.cdn-luma.com/.../last_frame.jpg",
                   "width": 1280, "height": 720}
  },
  "credits": {"dm_usage": 20, "dm_relaxed_usage": null}
})");

// The JSON kind of each value of `document`, by pointer, with the same keys as the document:
// two documents of one shape have equal skeletons.
json skeletonOf(const json& document) {
  if (document.is_object()) {
    json skeleton = json::object();
    for (const auto& [key, value] : document.items()) skeleton[key] = skeletonOf(value);
    return skeleton;
  }
  if (document.is_number()) return "number";
  return document.type_name();
}

TEST(LumaMockRecords, ACompletedVideoRecordHasTheDocumentedShape) {
  Harness mock(150ms);
  const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const json record = mock.waitUntilFinal(jobid);
  EXPECT_EQ(skeletonOf(record), skeletonOf(kDocumentedCompletedVideo))
      << "every documented key with a value of its kind, and no other: " << record.dump(2);
  EXPECT_EQ(textAt(record, "/response/video/media_type"), "video");
  EXPECT_EQ(textAt(record, "/response/thumbnail/media_type"), "image");
  EXPECT_EQ(textAt(record, "/response/last_frame/media_type"), "image");
}

TEST(LumaMockRecords, MediaTypesAndTheExrZipFollowTheKindOfJob) {
  Harness mock(150ms);
  const std::string exr = mock.submitJobid("/videos", {{"prompt", "a fox"},
                                                       {"model", "ray-v3"},
                                                       {"resolution", "720p"},
                                                       {"dynamic_range", "hdr_exr"}});
  const json batch = mock.submit("/images", {{"prompt", "a fox"}});
  const json exr_record = mock.waitUntilFinal(exr);
  EXPECT_EQ(textAt(exr_record, "/response/video/media_type"), "video");
  EXPECT_TRUE(textAt(exr_record, "/response/video_hdr_exr").rfind(mock.origin() + "/media/", 0) ==
              0)
      << "hdr_exr: the ZIP's URL " << exr_record.dump();
  for (const auto& image : batch["jobids"]) {
    const json record = mock.waitUntilFinal(image.get<std::string>());
    EXPECT_EQ(textAt(record, "/response/image/media_type"), "image") << record.dump();
    EXPECT_TRUE(at(record, "/response/image/url").is_string()) << record.dump();
    EXPECT_TRUE(record["credits"].contains("dm_relaxed_usage") &&
                record["credits"]["dm_relaxed_usage"].is_null())
        << record.dump();
  }
}

// `updated` is the moment the job became final, the same on every later read (it was "now").
TEST(LumaMockRecords, UpdatedIsFixedWhenTheJobBecomesFinal) {
  Harness mock(300ms);
  const std::string video = mock.submitJobid("/videos", {{"prompt", "a fox"}});
  const std::string failed = mock.submitJobid("/videos", {{"prompt", "a fox [mock:fail]"}});
  for (const std::string& jobid : {video, failed}) {
    const json running = mock.job(jobid);
    EXPECT_TRUE(at(running, "/updated").is_null()) << running.dump();
  }
  for (const std::string& jobid : {video, failed}) {
    const json first = mock.waitUntilFinal(jobid);
    ASSERT_TRUE(matches(at(first, "/updated"), kIsoTime)) << first.dump();
    EXPECT_GT(textAt(first, "/updated"), textAt(first, "/created"));
    std::this_thread::sleep_for(30ms);
    EXPECT_EQ(mock.job(jobid), first) << "a final record never changes";
  }
}

TEST(LumaMockRecords, TheRequestEchoNamesTheReferencesThatWereSent) {
  Harness mock;
  const std::vector<std::string> refs = mock.uploadAssets(3);
  const struct {
    const char* name;
    const char* route;
    json body;
    json echoed;  // the echo's reference fields; every other reference field is absent
  } cases[] = {
      {"images without refs", "/images", {{"prompt", "a fox"}}, json::object()},
      {"images with refs",
       "/images",
       {{"prompt", "a fox"}, {"imageRef1", refs[0]}, {"imageRef3", refs[2]}},
       {{"imageRefs", {refs[0], refs[2]}}}},
      {"video without refs", "/videos", {{"prompt", "a fox"}}, json::object()},
      {"video with keyframes",
       "/videos",
       {{"prompt", "a fox"}, {"imageStart", refs[0]}, {"imageEnd", refs[1]}},
       {{"imageStart", refs[0]}, {"imageEnd", refs[1]}}},
      {"video with an end keyframe",
       "/videos",
       {{"prompt", "a fox"}, {"imageEnd", refs[1]}},
       {{"imageEnd", refs[1]}}},
      {"video with a character",
       "/videos",
       {{"prompt", "a fox"}, {"model", "ray-v3"}, {"imageCharacter", refs[2]}},
       {{"imageCharacter", refs[2]}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const json echo = at(mock.submit(c.route, c.body), "/request");
    ASSERT_TRUE(echo.is_object()) << echo.dump();
    EXPECT_EQ(echo.value("prompt", ""), "a fox");
    for (const char* field : {"imageRefs", "imageStart", "imageEnd", "imageCharacter"}) {
      EXPECT_EQ(at(echo, std::string("/") + field), at(c.echoed, std::string("/") + field))
          << field << " in " << echo.dump();
    }
  }
}

// ----------------------------------------------------------------------- multipart/form-data

httplib::MultipartFormDataItems formOf(const json& fields) {
  httplib::MultipartFormDataItems items;
  for (const auto& [name, value] : fields.items()) {
    items.push_back({name, value.get<std::string>(), "", ""});
  }
  return items;
}

// The same fields sent as a form and as JSON get the same answer (ids and times aside).
TEST(LumaMockMultipart, ImagesVideosAndAccountsTakeFormDataLikeJson) {
  Harness mock;
  const std::string ref = mock.uploadAssets(1).front();
  const struct {
    const char* name;
    const char* route;
    json fields;
    int status;
  } cases[] = {
      {"images",
       "/images",
       {{"prompt", "a fox"}, {"model", "image-v2"}, {"aspect_ratio", "1:1"}, {"imageRef1", ref}},
       200},
      {"videos",
       "/videos",
       {{"prompt", "a fox"}, {"model", "ray-v3"}, {"duration", "10s"}, {"imageStart", ref}},
       200},
      {"images, bad model", "/images", {{"prompt", "a fox"}, {"model", "photon-v9"}}, 400},
      {"videos, outside the matrix",
       "/videos",
       {{"prompt", "a fox"}, {"model", "ray-v3-reasoning"}, {"resolution", "540p"}},
       400},
      {"videos, no prompt", "/videos", {{"model", "ray-v3"}}, 400},
      {"videos, unknown asset", "/videos", {{"prompt", "a fox"}, {"imageEnd", "u1-nothing"}}, 404},
      {"accounts", "/accounts", {{"session", "sid=9; email=form@example.com"}}, 200},
      {"accounts, no session", "/accounts", {{"cookie", "sid=9"}}, 400},
  };
  const auto comparable = [](json body) {
    for (const char* changing : {"jobid", "jobids", "created", "luma_session_expires"}) {
      body.erase(changing);
    }
    return body;
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const Reply form = mock.postForm(kApi + c.route, formOf(c.fields));
    EXPECT_EQ(form.status, c.status) << form.body;
    const Reply as_json = mock.post(kApi + c.route, c.fields.dump());
    EXPECT_EQ(as_json.status, c.status) << as_json.body;
    EXPECT_EQ(comparable(form.json_body), comparable(as_json.json_body));
  }
  const json form_batch = mock.postForm(kApi + "/images", formOf({{"prompt", "a fox"}})).json_body;
  ASSERT_EQ(at(form_batch, "/jobids").size(), 4U) << form_batch.dump();
  EXPECT_EQ(textAt(mock.waitUntilFinal(form_batch["jobids"][0]), "/status"), "completed")
      << "a job created from a form runs as any other";
  EXPECT_EQ(at(mock.get(kApi + "/accounts").json_body, "/form@example.com/email"),
            json("form@example.com"));
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
