// Enumerators and their wire strings (from shared/design/api.md), Job::isFinal, and the error
// types' accessors and messages.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "useapi/luma.hpp"

namespace {

using ::testing::HasSubstr;
namespace luma = ::useapi::luma;

template <class Enum>
using WireTable = std::vector<std::pair<Enum, std::string_view>>;

// Wire strings from api.md ("Values (enums) and their wire strings") and the spec's job record.
const WireTable<luma::ImageModel> kImageModels = {{luma::ImageModel::PhotonV2, "photon-v2"},
                                                  {luma::ImageModel::ImageV2, "image-v2"}};
const WireTable<luma::VideoModel> kVideoModels = {
    {luma::VideoModel::RayV3Flash, "ray-v3-flash"},
    {luma::VideoModel::RayV3, "ray-v3"},
    {luma::VideoModel::RayV3Reasoning, "ray-v3-reasoning"}};
const WireTable<luma::Resolution> kResolutions = {{luma::Resolution::Draft, "draft"},
                                                  {luma::Resolution::P540, "540p"},
                                                  {luma::Resolution::P720, "720p"},
                                                  {luma::Resolution::P1080, "1080p"}};
const WireTable<luma::AspectRatio> kAspectRatios = {
    {luma::AspectRatio::R9x16, "9:16"}, {luma::AspectRatio::R3x4, "3:4"},
    {luma::AspectRatio::R1x1, "1:1"},   {luma::AspectRatio::R4x3, "4:3"},
    {luma::AspectRatio::R16x9, "16:9"}, {luma::AspectRatio::R21x9, "21:9"}};
const WireTable<luma::Duration> kDurations = {{luma::Duration::S5, "5s"},
                                              {luma::Duration::S10, "10s"}};
const WireTable<luma::DynamicRange> kDynamicRanges = {{luma::DynamicRange::Sdr, "sdr"},
                                                      {luma::DynamicRange::Hdr, "hdr"},
                                                      {luma::DynamicRange::HdrExr, "hdr_exr"}};
const WireTable<luma::JobType> kJobTypes = {{luma::JobType::Image, "image"},
                                            {luma::JobType::Video, "video"}};
const WireTable<luma::JobStatus> kJobStatuses = {{luma::JobStatus::Created, "created"},
                                                 {luma::JobStatus::Pending, "pending"},
                                                 {luma::JobStatus::Processing, "processing"},
                                                 {luma::JobStatus::Completed, "completed"},
                                                 {luma::JobStatus::Failed, "failed"}};

std::string upper(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return result;
}

// Strings close to a wire string that must not parse.
std::vector<std::string> nearMisses(std::string_view wire) {
  std::vector<std::string> result = {" " + std::string(wire), std::string(wire) + " ",
                                     std::string(wire) + std::string(1, '\0'),
                                     "\"" + std::string(wire) + "\""};
  if (upper(wire) != wire) result.push_back(upper(wire));
  std::string capitalised(wire);
  capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capitalised[0])));
  if (capitalised != wire) result.push_back(capitalised);
  return result;
}

template <class Enum>
bool isWireString(const WireTable<Enum>& table, std::string_view text) {
  for (const auto& entry : table) {
    if (entry.second == text) return true;
  }
  return false;
}

template <class Enum>
void checkTable(const char* name, const WireTable<Enum>& table,
                const std::vector<std::string>& extra_rejects) {
  for (const auto& [value, wire] : table) {
    EXPECT_EQ(luma::toString(value), wire) << name;
    const std::optional<Enum> parsed = luma::fromString<Enum>(wire);
    EXPECT_TRUE(parsed.has_value()) << name << " \"" << wire << "\" does not parse";
    if (parsed) {
      EXPECT_EQ(*parsed, value) << name << " \"" << wire << "\" parses to another value";
    }
    EXPECT_EQ(luma::fromString<Enum>(luma::toString(value)), value) << name << " round trip";
    for (const std::string& miss : nearMisses(wire)) {
      if (isWireString(table, miss)) continue;
      EXPECT_FALSE(luma::fromString<Enum>(miss).has_value())
          << name << " accepts near-miss \"" << miss << "\" (" << miss.size() << " bytes)";
    }
  }
  std::vector<std::string> rejects = {"", "unknown", "null", "-"};
  rejects.insert(rejects.end(), extra_rejects.begin(), extra_rejects.end());
  for (const std::string& reject : rejects) {
    EXPECT_FALSE(luma::fromString<Enum>(reject).has_value())
        << name << " accepts \"" << reject << "\"";
  }
}

TEST(Values, EveryEnumeratorHasItsWireStringAndParsesBackExactly) {
  checkTable("ImageModel", kImageModels, {"Photon-v2", "photon_v2", "photon-v1", "ray-v3"});
  checkTable("VideoModel", kVideoModels, {"Ray-v3", "ray-v3-", "ray_v3_flash", "photon-v2"});
  checkTable("Resolution", kResolutions, {"720P", "720", "1080i", "Draft", "4k"});
  checkTable("AspectRatio", kAspectRatios, {"16x9", "16/9", "9:16 ", "2:1"});
  checkTable("Duration", kDurations, {" 5s", "5", "5S", "10", "15s"});
  checkTable("DynamicRange", kDynamicRanges, {"hdr-exr", "HDR", "hdrexr", "exr"});
  checkTable("JobType", kJobTypes, {"Image", "images", "audio"});
  checkTable("JobStatus", kJobStatuses, {"Completed", "complete", "running", "canceled"});
}

TEST(Values, UnknownEnumeratorsHaveANonWireStringAndAreNeverParsed) {
  const std::string_view type_text = luma::toString(luma::JobType::Unknown);
  EXPECT_FALSE(type_text.empty());
  EXPECT_FALSE(isWireString(kJobTypes, type_text));
  EXPECT_NE(luma::fromString<luma::JobType>(type_text), luma::JobType::Unknown);

  const std::string_view status_text = luma::toString(luma::JobStatus::Unknown);
  EXPECT_FALSE(status_text.empty());
  EXPECT_FALSE(isWireString(kJobStatuses, status_text));
  EXPECT_NE(luma::fromString<luma::JobStatus>(status_text), luma::JobStatus::Unknown);
}

TEST(Job, IsFinalOnlyForCompletedAndFailed) {
  const std::pair<luma::JobStatus, bool> cases[] = {
      {luma::JobStatus::Created, false},    {luma::JobStatus::Pending, false},
      {luma::JobStatus::Processing, false}, {luma::JobStatus::Completed, true},
      {luma::JobStatus::Failed, true},      {luma::JobStatus::Unknown, false},
  };
  for (const auto& [status, final_state] : cases) {
    luma::Job job;
    job.jobid = "j0326140530123456789v-u12345-email:user@example.com:uuid-bot:luma";
    job.status = status;
    job.status_text = std::string(luma::toString(status));
    EXPECT_EQ(job.isFinal(), final_state) << luma::toString(status);
  }
}

TEST(Errors, ValidationErrorKeepsEveryProblemAndShowsThemInWhat) {
  const std::vector<std::string> problems = {
      "prompt: must be 1 to 2000 characters",
      "resolution 1080p: hdr_exr with ray-v3 supports 540p, 720p",
      "duration 10s: hdr supports 5s only"};
  const luma::ValidationError error(problems);
  EXPECT_EQ(error.problems(), problems);
  for (const std::string& problem : problems) EXPECT_THAT(error.what(), HasSubstr(problem));
  const luma::Error& base = error;
  EXPECT_THAT(base.what(), HasSubstr(problems.front()));
}

struct ApiErrorCase {
  const char* name;
  int status;
  std::function<std::unique_ptr<luma::ApiError>(int, std::string, std::string, std::string)> make;
};

template <class Derived>
ApiErrorCase apiCase(const char* name, int status) {
  return {name, status, [](int s, std::string message, std::string body, std::string endpoint) {
            return std::unique_ptr<luma::ApiError>(
                new Derived(s, std::move(message), std::move(body), endpoint));
          }};
}

TEST(Errors, ApiErrorSubclassesCarryStatusMessageAndBody) {
  const ApiErrorCase cases[] = {
      apiCase<luma::ApiError>("ApiError", 418),
      apiCase<luma::BadRequestError>("BadRequestError", 400),
      apiCase<luma::UnauthorizedError>("UnauthorizedError", 401),
      apiCase<luma::PaymentRequiredError>("PaymentRequiredError", 402),
      apiCase<luma::ForbiddenError>("ForbiddenError", 403),
      apiCase<luma::NotFoundError>("NotFoundError", 404),
      apiCase<luma::ConflictError>("ConflictError", 409),
      apiCase<luma::ContentModerationError>("ContentModerationError", 422),
      apiCase<luma::CapacityError>("CapacityError", 429),
      apiCase<luma::ServerError>("ServerError", 503),
      apiCase<luma::SessionError>("SessionError", 596),
  };
  for (const ApiErrorCase& test : cases) {
    const std::string message = std::string("server says no to ") + test.name;
    const std::string body = R"({"error":")" + message + R"("})";
    const std::unique_ptr<luma::ApiError> error =
        test.make(test.status, message, body, "POST /videos");
    EXPECT_EQ(error->status(), test.status) << test.name;
    EXPECT_EQ(error->message(), message) << test.name;
    EXPECT_EQ(error->body(), body) << test.name;
    EXPECT_THAT(error->what(), HasSubstr(std::to_string(test.status))) << test.name;
    EXPECT_THAT(error->what(), HasSubstr(message)) << test.name;
    EXPECT_NE(dynamic_cast<const luma::Error*>(error.get()), nullptr) << test.name;
    EXPECT_NE(dynamic_cast<const std::runtime_error*>(error.get()), nullptr) << test.name;
  }
}

TEST(Errors, NotFoundErrorIsCatchableAsApiErrorWithItsDetails) {
  const std::string body = R"({"error":"Job not found"})";
  try {
    throw luma::NotFoundError(404, "Job not found", body, "GET /jobs/x");
  } catch (const luma::ApiError& error) {
    EXPECT_EQ(error.status(), 404);
    EXPECT_EQ(error.message(), "Job not found");
    EXPECT_EQ(error.body(), body);
    EXPECT_THAT(error.what(), HasSubstr("404"));
    EXPECT_THAT(error.what(), HasSubstr("Job not found"));
    return;
  }
  FAIL() << "NotFoundError was not caught as ApiError";
}

luma::Job makeJob(const std::string& jobid, luma::JobStatus status) {
  luma::Job job;
  job.jobid = jobid;
  job.type = luma::JobType::Video;
  job.status = status;
  job.status_text = std::string(luma::toString(status));
  return job;
}

TEST(Errors, JobFailedErrorCarriesTheJobAndNamesItsId) {
  const std::string jobid =
      "j0326140530123456789v-u12345-email:user@example.com:0a1b2c3d-0000-4000-8000-00000000000f"
      "-bot:luma";
  luma::Job job = makeJob(jobid, luma::JobStatus::Failed);
  job.error = "Moderation failed";
  const luma::JobFailedError error(job);
  EXPECT_EQ(error.job().jobid, jobid);
  EXPECT_EQ(error.job().status, luma::JobStatus::Failed);
  EXPECT_EQ(error.job().error, std::optional<std::string>("Moderation failed"));
  EXPECT_THAT(error.what(), HasSubstr(jobid));
  const luma::Error& base = error;
  EXPECT_THAT(base.what(), HasSubstr(jobid));
}

TEST(Errors, TimeoutErrorCarriesTheLastRecordAndNamesItsId) {
  const std::string jobid = "j0326140530123456789v-u12345-email:user@example.com:abc-bot:luma";
  const luma::TimeoutError error("the wait passed its deadline",
                                 makeJob(jobid, luma::JobStatus::Processing));
  EXPECT_EQ(error.last().jobid, jobid);
  EXPECT_EQ(error.last().status, luma::JobStatus::Processing);
  EXPECT_THAT(error.what(), HasSubstr(jobid));
}

}  // namespace
