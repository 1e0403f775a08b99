// The public API as shared/design/api.md fixes it: its first part ("Values", "Requests and
// validation", "Jobs", "Errors", "Client") plus Client::download and ProgressFn, spelled exactly
// as the contract writes them. Most checks are static_asserts: if this file compiles, the names,
// types and signatures are there. The runtime tests cover the documented defaults and the few
// behaviours the contract states in the declarations themselves.
//
// Only <useapi/luma.hpp> is included from the library, and no standard header that declares a
// type used in the API (<chrono>, <filesystem>, <functional>, <optional>, <string>, ...): the
// contract says that one include brings in the whole public API. <type_traits> and <utility> are
// here only for the checking tools (std::is_same_v, std::declval).

#include <gtest/gtest.h>

#include <type_traits>
#include <utility>

#include <useapi/luma.hpp>

namespace {

using namespace ::useapi::luma;
using std::chrono::milliseconds;

// True when `E` is a scoped enum (enum class): an enum not implicitly convertible to an integer.
template <class E>
constexpr bool kIsScopedEnum = std::is_enum_v<E> && !std::is_convertible_v<E, int>;

// ---------------------------------------------------------------------------------------------
// Values (enums) and their wire strings
// ---------------------------------------------------------------------------------------------

// Every enum is an enum class, and every enumerator named in api.md exists (and is distinct).
static_assert(kIsScopedEnum<ImageModel>);
static_assert(ImageModel::PhotonV2 != ImageModel::ImageV2);

static_assert(kIsScopedEnum<VideoModel>);
static_assert(VideoModel::RayV3Flash != VideoModel::RayV3 &&
              VideoModel::RayV3 != VideoModel::RayV3Reasoning &&
              VideoModel::RayV3Flash != VideoModel::RayV3Reasoning);

static_assert(kIsScopedEnum<Resolution>);
static_assert(Resolution::Draft != Resolution::P540 && Resolution::P540 != Resolution::P720 &&
              Resolution::P720 != Resolution::P1080 && Resolution::Draft != Resolution::P1080);

static_assert(kIsScopedEnum<AspectRatio>);
static_assert(AspectRatio::R9x16 != AspectRatio::R3x4 && AspectRatio::R3x4 != AspectRatio::R1x1 &&
              AspectRatio::R1x1 != AspectRatio::R4x3 && AspectRatio::R4x3 != AspectRatio::R16x9 &&
              AspectRatio::R16x9 != AspectRatio::R21x9 && AspectRatio::R9x16 != AspectRatio::R21x9);

static_assert(kIsScopedEnum<Duration>);
static_assert(Duration::S5 != Duration::S10);

static_assert(kIsScopedEnum<DynamicRange>);
static_assert(DynamicRange::Sdr != DynamicRange::Hdr && DynamicRange::Hdr != DynamicRange::HdrExr &&
              DynamicRange::Sdr != DynamicRange::HdrExr);

static_assert(kIsScopedEnum<JobType>);
static_assert(JobType::Image != JobType::Video && JobType::Video != JobType::Unknown &&
              JobType::Image != JobType::Unknown);

static_assert(kIsScopedEnum<JobStatus>);
static_assert(JobStatus::Created != JobStatus::Pending &&
              JobStatus::Pending != JobStatus::Processing &&
              JobStatus::Processing != JobStatus::Completed &&
              JobStatus::Completed != JobStatus::Failed &&
              JobStatus::Failed != JobStatus::Unknown && JobStatus::Created != JobStatus::Unknown);

// toString: one overload per enum, returning std::string_view.
static_assert(std::is_same_v<decltype(toString(ImageModel{})), std::string_view>);
static_assert(std::is_same_v<decltype(toString(VideoModel{})), std::string_view>);
static_assert(std::is_same_v<decltype(toString(Resolution{})), std::string_view>);
static_assert(std::is_same_v<decltype(toString(AspectRatio{})), std::string_view>);
static_assert(std::is_same_v<decltype(toString(Duration{})), std::string_view>);
static_assert(std::is_same_v<decltype(toString(DynamicRange{})), std::string_view>);
static_assert(std::is_same_v<decltype(toString(JobType{})), std::string_view>);
static_assert(std::is_same_v<decltype(toString(JobStatus{})), std::string_view>);

// fromString<Enum>(std::string_view) returns std::optional<Enum>.
static_assert(std::is_same_v<decltype(fromString<ImageModel>(std::string_view{})),
                             std::optional<ImageModel>>);
static_assert(std::is_same_v<decltype(fromString<VideoModel>(std::string_view{})),
                             std::optional<VideoModel>>);
static_assert(std::is_same_v<decltype(fromString<Resolution>(std::string_view{})),
                             std::optional<Resolution>>);
static_assert(std::is_same_v<decltype(fromString<AspectRatio>(std::string_view{})),
                             std::optional<AspectRatio>>);
static_assert(
    std::is_same_v<decltype(fromString<Duration>(std::string_view{})), std::optional<Duration>>);
static_assert(std::is_same_v<decltype(fromString<DynamicRange>(std::string_view{})),
                             std::optional<DynamicRange>>);
static_assert(
    std::is_same_v<decltype(fromString<JobType>(std::string_view{})), std::optional<JobType>>);
static_assert(
    std::is_same_v<decltype(fromString<JobStatus>(std::string_view{})), std::optional<JobStatus>>);

// The exact declarations, taken as function pointers: `std::string_view toString(E)` and
// `std::optional<E> fromString<E>(std::string_view)`. (The wire strings themselves are checked
// in values_test.cpp.)
TEST(ApiValues, ToStringAndFromStringHaveTheDocumentedSignatures) {
  std::string_view (*image_model)(ImageModel) = &toString;
  std::string_view (*video_model)(VideoModel) = &toString;
  std::string_view (*resolution)(Resolution) = &toString;
  std::string_view (*aspect_ratio)(AspectRatio) = &toString;
  std::string_view (*duration)(Duration) = &toString;
  std::string_view (*dynamic_range)(DynamicRange) = &toString;
  std::string_view (*job_type)(JobType) = &toString;
  std::string_view (*job_status)(JobStatus) = &toString;
  EXPECT_NE(image_model, nullptr);
  EXPECT_NE(video_model, nullptr);
  EXPECT_NE(resolution, nullptr);
  EXPECT_NE(aspect_ratio, nullptr);
  EXPECT_NE(duration, nullptr);
  EXPECT_NE(dynamic_range, nullptr);
  EXPECT_NE(job_type, nullptr);
  EXPECT_NE(job_status, nullptr);

  std::optional<ImageModel> (*parse_image_model)(std::string_view) = &fromString<ImageModel>;
  std::optional<VideoModel> (*parse_video_model)(std::string_view) = &fromString<VideoModel>;
  std::optional<Resolution> (*parse_resolution)(std::string_view) = &fromString<Resolution>;
  std::optional<AspectRatio> (*parse_aspect_ratio)(std::string_view) = &fromString<AspectRatio>;
  std::optional<Duration> (*parse_duration)(std::string_view) = &fromString<Duration>;
  std::optional<DynamicRange> (*parse_dynamic_range)(std::string_view) = &fromString<DynamicRange>;
  std::optional<JobType> (*parse_job_type)(std::string_view) = &fromString<JobType>;
  std::optional<JobStatus> (*parse_job_status)(std::string_view) = &fromString<JobStatus>;
  EXPECT_NE(parse_image_model, nullptr);
  EXPECT_NE(parse_video_model, nullptr);
  EXPECT_NE(parse_resolution, nullptr);
  EXPECT_NE(parse_aspect_ratio, nullptr);
  EXPECT_NE(parse_duration, nullptr);
  EXPECT_NE(parse_dynamic_range, nullptr);
  EXPECT_NE(parse_job_type, nullptr);
  EXPECT_NE(parse_job_status, nullptr);

  // "exact wire string, else nullopt"
  EXPECT_EQ(fromString<ImageModel>(toString(ImageModel::PhotonV2)), ImageModel::PhotonV2);
  EXPECT_EQ(fromString<ImageModel>("not-a-model"), std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Requests and validation
// ---------------------------------------------------------------------------------------------

// ImageRequest: every member with its documented type.
static_assert(std::is_same_v<decltype(ImageRequest::prompt), std::string>);
static_assert(std::is_same_v<decltype(ImageRequest::model), std::optional<ImageModel>>);
static_assert(std::is_same_v<decltype(ImageRequest::resolution), std::optional<Resolution>>);
static_assert(std::is_same_v<decltype(ImageRequest::aspect_ratio), std::optional<AspectRatio>>);
static_assert(std::is_same_v<decltype(ImageRequest::image_refs), std::vector<std::string>>);
static_assert(std::is_same_v<decltype(ImageRequest::email), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(ImageRequest::reply_url), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(ImageRequest::reply_ref), std::optional<std::string>>);

// VideoRequest: every member with its documented type.
static_assert(std::is_same_v<decltype(VideoRequest::prompt), std::string>);
static_assert(std::is_same_v<decltype(VideoRequest::model), std::optional<VideoModel>>);
static_assert(std::is_same_v<decltype(VideoRequest::resolution), std::optional<Resolution>>);
static_assert(std::is_same_v<decltype(VideoRequest::aspect_ratio), std::optional<AspectRatio>>);
static_assert(std::is_same_v<decltype(VideoRequest::duration), std::optional<Duration>>);
static_assert(std::is_same_v<decltype(VideoRequest::dynamic_range), std::optional<DynamicRange>>);
static_assert(std::is_same_v<decltype(VideoRequest::image_start), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(VideoRequest::image_end), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(VideoRequest::image_character), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(VideoRequest::email), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(VideoRequest::reply_url), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(VideoRequest::reply_ref), std::optional<std::string>>);

static_assert(std::is_default_constructible_v<ImageRequest>);
static_assert(std::is_default_constructible_v<VideoRequest>);

// validate: one free function per request type, returning the problems as sentences.
static_assert(std::is_same_v<decltype(validate(std::declval<const ImageRequest&>())),
                             std::vector<std::string>>);
static_assert(std::is_same_v<decltype(validate(std::declval<const VideoRequest&>())),
                             std::vector<std::string>>);

TEST(ApiRequests, ValidateOverloadsHaveTheDocumentedSignatures) {
  std::vector<std::string> (*validate_image)(const ImageRequest&) = &validate;
  std::vector<std::string> (*validate_video)(const VideoRequest&) = &validate;
  EXPECT_NE(validate_image, nullptr);
  EXPECT_NE(validate_video, nullptr);
}

// A default-constructed request leaves every optional field unset ("unset fields are not sent").
TEST(ApiRequests, DefaultRequestsLeaveOptionalFieldsUnset) {
  const ImageRequest image{};
  EXPECT_TRUE(image.prompt.empty());
  EXPECT_FALSE(image.model.has_value());
  EXPECT_FALSE(image.resolution.has_value());
  EXPECT_FALSE(image.aspect_ratio.has_value());
  EXPECT_TRUE(image.image_refs.empty());
  EXPECT_FALSE(image.email.has_value());
  EXPECT_FALSE(image.reply_url.has_value());
  EXPECT_FALSE(image.reply_ref.has_value());

  const VideoRequest video{};
  EXPECT_TRUE(video.prompt.empty());
  EXPECT_FALSE(video.model.has_value());
  EXPECT_FALSE(video.resolution.has_value());
  EXPECT_FALSE(video.aspect_ratio.has_value());
  EXPECT_FALSE(video.duration.has_value());
  EXPECT_FALSE(video.dynamic_range.has_value());
  EXPECT_FALSE(video.image_start.has_value());
  EXPECT_FALSE(video.image_end.has_value());
  EXPECT_FALSE(video.image_character.has_value());
  EXPECT_FALSE(video.email.has_value());
  EXPECT_FALSE(video.reply_url.has_value());
  EXPECT_FALSE(video.reply_ref.has_value());
}

// ---------------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------------

// Media
static_assert(std::is_same_v<decltype(Media::url), std::string>);
static_assert(std::is_same_v<decltype(Media::width), std::optional<int>>);
static_assert(std::is_same_v<decltype(Media::height), std::optional<int>>);
static_assert(std::is_same_v<decltype(Media::duration), std::optional<double>>);

// Job
static_assert(std::is_same_v<decltype(Job::jobid), std::string>);
static_assert(std::is_same_v<decltype(Job::type), JobType>);
static_assert(std::is_same_v<decltype(Job::status), JobStatus>);
static_assert(std::is_same_v<decltype(Job::status_text), std::string>);
static_assert(std::is_same_v<decltype(Job::created), std::string>);
static_assert(std::is_same_v<decltype(Job::updated), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(Job::error), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(Job::reply_ref), std::optional<std::string>>);
static_assert(std::is_same_v<decltype(Job::image), std::optional<Media>>);
static_assert(std::is_same_v<decltype(Job::video), std::optional<Media>>);
static_assert(std::is_same_v<decltype(Job::thumbnail), std::optional<Media>>);
static_assert(std::is_same_v<decltype(Job::last_frame), std::optional<Media>>);
static_assert(std::is_same_v<decltype(Job::video_hdr_exr), std::optional<Media>>);
static_assert(std::is_same_v<decltype(Job::raw), std::string>);
// `bool isFinal() const`: callable on a const Job.
static_assert(std::is_same_v<decltype(std::declval<const Job&>().isFinal()), bool>);

// ImageBatch
static_assert(std::is_same_v<decltype(ImageBatch::jobid), std::string>);
static_assert(std::is_same_v<decltype(ImageBatch::jobids), std::vector<std::string>>);
static_assert(std::is_same_v<decltype(ImageBatch::created), std::string>);
static_assert(std::is_same_v<decltype(ImageBatch::raw), std::string>);

TEST(ApiJobs, JobDefaultsToUnknownTypeAndStatus) {
  const Job job{};
  EXPECT_EQ(job.type, JobType::Unknown);
  EXPECT_EQ(job.status, JobStatus::Unknown);
  EXPECT_FALSE(job.isFinal());

  const ImageBatch batch{};
  EXPECT_TRUE(batch.jobids.empty());
}

// isFinal: "Completed or Failed", and nothing else.
TEST(ApiJobs, IsFinalIsCompletedOrFailedOnAConstJob) {
  bool (Job::*is_final)() const = &Job::isFinal;
  EXPECT_NE(is_final, nullptr);

  for (JobStatus status : {JobStatus::Created, JobStatus::Pending, JobStatus::Processing,
                           JobStatus::Completed, JobStatus::Failed, JobStatus::Unknown}) {
    Job job;
    job.status = status;
    const Job& const_job = job;
    const bool expected = status == JobStatus::Completed || status == JobStatus::Failed;
    EXPECT_EQ(const_job.isFinal(), expected) << toString(status);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

// Every class in the Errors table derives, publicly (catchable by base reference), from the
// documented base.
template <class Base, class Derived>
constexpr bool kPubliclyDerives =
    std::is_base_of_v<Base, Derived>&& std::is_convertible_v<const Derived*, const Base*>;

static_assert(kPubliclyDerives<std::runtime_error, Error>);

static_assert(kPubliclyDerives<Error, ValidationError>);
static_assert(kPubliclyDerives<Error, ApiError>);
static_assert(kPubliclyDerives<Error, TransportError>);
static_assert(kPubliclyDerives<Error, JobFailedError>);
static_assert(kPubliclyDerives<Error, TimeoutError>);
static_assert(kPubliclyDerives<Error, CancelledError>);

static_assert(kPubliclyDerives<ApiError, BadRequestError>);         // 400
static_assert(kPubliclyDerives<ApiError, UnauthorizedError>);       // 401
static_assert(kPubliclyDerives<ApiError, PaymentRequiredError>);    // 402
static_assert(kPubliclyDerives<ApiError, ForbiddenError>);          // 403
static_assert(kPubliclyDerives<ApiError, NotFoundError>);           // 404
static_assert(kPubliclyDerives<ApiError, ConflictError>);           // 409
static_assert(kPubliclyDerives<ApiError, ContentModerationError>);  // 422
static_assert(kPubliclyDerives<ApiError, CapacityError>);           // 429
static_assert(kPubliclyDerives<ApiError, ServerError>);             // 5xx
static_assert(kPubliclyDerives<ApiError, SessionError>);            // 596

// The accessors, with the documented return types, callable on const objects.
static_assert(std::is_same_v<decltype(std::declval<const ValidationError&>().problems()),
                             const std::vector<std::string>&>);
static_assert(std::is_same_v<decltype(std::declval<const ApiError&>().status()), int>);
static_assert(
    std::is_same_v<decltype(std::declval<const ApiError&>().message()), const std::string&>);
static_assert(std::is_same_v<decltype(std::declval<const ApiError&>().body()), const std::string&>);
static_assert(std::is_same_v<decltype(std::declval<const JobFailedError&>().job()), const Job&>);
static_assert(std::is_same_v<decltype(std::declval<const TimeoutError&>().last()), const Job&>);

TEST(ApiErrors, AccessorsHaveTheDocumentedSignatures) {
  const std::vector<std::string>& (ValidationError::*problems)() const = &ValidationError::problems;
  int (ApiError::*status)() const = &ApiError::status;
  const std::string& (ApiError::*message)() const = &ApiError::message;
  const std::string& (ApiError::*body)() const = &ApiError::body;
  const Job& (JobFailedError::*job)() const = &JobFailedError::job;
  const Job& (TimeoutError::*last)() const = &TimeoutError::last;
  EXPECT_NE(problems, nullptr);
  EXPECT_NE(status, nullptr);
  EXPECT_NE(message, nullptr);
  EXPECT_NE(body, nullptr);
  EXPECT_NE(job, nullptr);
  EXPECT_NE(last, nullptr);
}

// Each ApiError subclass, built through its own constructor, keeps status, message and body, is
// caught as ApiError / Error / std::runtime_error, and its what() names the status and message.
template <class E>
void expectApiErrorKeepsFields(int status) {
  const std::string message = "server says no";
  const std::string body = R"({"error":"server says no","code":)" + std::to_string(status) + "}";
  try {
    throw E(status, message, body, "GET /jobs/some-job");
  } catch (const ApiError& error) {
    EXPECT_NE(dynamic_cast<const E*>(&error), nullptr);
    EXPECT_EQ(error.status(), status);
    EXPECT_EQ(error.message(), message);
    EXPECT_EQ(error.body(), body);
    const std::string what = error.what();
    EXPECT_NE(what.find(std::to_string(status)), std::string::npos) << what;
    EXPECT_NE(what.find(message), std::string::npos) << what;
  }
}

TEST(ApiErrors, EachApiErrorSubclassKeepsStatusMessageAndBody) {
  expectApiErrorKeepsFields<ApiError>(418);
  expectApiErrorKeepsFields<BadRequestError>(400);
  expectApiErrorKeepsFields<UnauthorizedError>(401);
  expectApiErrorKeepsFields<PaymentRequiredError>(402);
  expectApiErrorKeepsFields<ForbiddenError>(403);
  expectApiErrorKeepsFields<NotFoundError>(404);
  expectApiErrorKeepsFields<ConflictError>(409);
  expectApiErrorKeepsFields<ContentModerationError>(422);
  expectApiErrorKeepsFields<CapacityError>(429);
  expectApiErrorKeepsFields<ServerError>(503);
  expectApiErrorKeepsFields<SessionError>(596);
}

// The job-carrying errors keep the record they were given.
TEST(ApiErrors, JobFailedAndTimeoutKeepTheirJob) {
  Job failed;
  failed.jobid = "job-failed-1";
  failed.status = JobStatus::Failed;
  const JobFailedError job_failed(failed);
  EXPECT_EQ(job_failed.job().jobid, "job-failed-1");
  EXPECT_NE(std::string(job_failed.what()).find("job-failed-1"), std::string::npos)
      << job_failed.what();

  Job running;
  running.jobid = "job-running-1";
  running.status = JobStatus::Processing;
  const TimeoutError timeout("wait for job-running-1 timed out", running);
  EXPECT_EQ(timeout.last().jobid, "job-running-1");
  EXPECT_EQ(timeout.last().status, JobStatus::Processing);
}

// ---------------------------------------------------------------------------------------------
// Client: options, cancellation, the client itself (plus download and ProgressFn)
// ---------------------------------------------------------------------------------------------

// RetryPolicy
static_assert(std::is_same_v<decltype(RetryPolicy::max_attempts), int>);
static_assert(std::is_same_v<decltype(RetryPolicy::initial_backoff), milliseconds>);
static_assert(std::is_same_v<decltype(RetryPolicy::max_backoff), milliseconds>);
static_assert(std::is_same_v<decltype(RetryPolicy::multiplier), double>);
static_assert(std::is_same_v<decltype(RetryPolicy::jitter), double>);

// ClientOptions: the first part's fields, plus logger / ca_bundle / max_connections from
// "Added by later issues", and journal_path (max_requests_per_second is not checked here).
static_assert(std::is_same_v<decltype(ClientOptions::api_token), std::string>);
static_assert(std::is_same_v<decltype(ClientOptions::base_url), std::string>);
static_assert(std::is_same_v<decltype(ClientOptions::connect_timeout), milliseconds>);
static_assert(std::is_same_v<decltype(ClientOptions::request_timeout), milliseconds>);
static_assert(std::is_same_v<decltype(ClientOptions::retry), RetryPolicy>);
static_assert(std::is_same_v<decltype(ClientOptions::user_agent), std::string>);
static_assert(std::is_same_v<decltype(ClientOptions::logger),
                             std::function<void(LogLevel, std::string_view)>>);
static_assert(std::is_same_v<decltype(ClientOptions::ca_bundle), std::string>);
static_assert(std::is_same_v<decltype(ClientOptions::max_connections), int>);
static_assert(std::is_same_v<decltype(ClientOptions::journal_path), std::string>);
static_assert(
    std::is_same_v<decltype(std::declval<Client&>().unfinishedJobs()), std::vector<std::string>>);
static_assert(std::is_same_v<decltype(std::declval<Client&>().unacknowledgedJobs()),
                             std::vector<std::string>>);
static_assert(std::is_same_v<decltype(std::declval<const Error&>().jobIds()),
                             const std::vector<std::string>&>);
static_assert(kIsScopedEnum<LogLevel>);
static_assert(LogLevel::Debug != LogLevel::Info && LogLevel::Info != LogLevel::Warn &&
              LogLevel::Warn != LogLevel::Error);

// CancelToken: `void cancel()`, `bool cancelled() const`; copyable (copies share one flag).
static_assert(std::is_default_constructible_v<CancelToken>);
static_assert(std::is_copy_constructible_v<CancelToken>);
static_assert(std::is_copy_assignable_v<CancelToken>);
static_assert(std::is_same_v<decltype(std::declval<CancelToken&>().cancel()), void>);
static_assert(std::is_same_v<decltype(std::declval<const CancelToken&>().cancelled()), bool>);

// PollOptions
static_assert(std::is_same_v<decltype(PollOptions::initial_interval), milliseconds>);
static_assert(std::is_same_v<decltype(PollOptions::max_interval), milliseconds>);
static_assert(std::is_same_v<decltype(PollOptions::multiplier), double>);
static_assert(std::is_same_v<decltype(PollOptions::jitter), double>);
static_assert(std::is_same_v<decltype(PollOptions::timeout), milliseconds>);
static_assert(std::is_same_v<decltype(PollOptions::on_update), std::function<void(const Job&)>>);
static_assert(std::is_same_v<decltype(PollOptions::cancel), CancelToken>);

// ProgressFn
static_assert(
    std::is_same_v<ProgressFn,
                   std::function<void(std::uint64_t done, std::optional<std::uint64_t> total)>>);

// Client: `explicit Client(ClientOptions options = {})`, and not copyable.
static_assert(std::is_constructible_v<Client, ClientOptions>);
static_assert(std::is_default_constructible_v<Client>);
static_assert(!std::is_convertible_v<ClientOptions, Client>);  // explicit
static_assert(!std::is_copy_constructible_v<Client>);
static_assert(!std::is_copy_assignable_v<Client>);

// The PollOptions / ProgressFn parameters have defaults: callable without them.
static_assert(std::is_same_v<decltype(std::declval<Client&>().awaitJob(std::string{})), Job>);
static_assert(
    std::is_same_v<decltype(std::declval<Client&>().awaitJobs(std::vector<std::string>{})),
                   std::vector<Job>>);
static_assert(std::is_same_v<decltype(std::declval<Client&>().download(std::string{},
                                                                       std::filesystem::path{})),
                             std::uint64_t>);

TEST(ApiClient, RetryPolicyDefaults) {
  const RetryPolicy retry{};
  EXPECT_EQ(retry.max_attempts, 4);
  EXPECT_EQ(retry.initial_backoff, milliseconds(500));
  EXPECT_EQ(retry.max_backoff, milliseconds(20000));
  EXPECT_DOUBLE_EQ(retry.multiplier, 2.0);
  EXPECT_DOUBLE_EQ(retry.jitter, 0.2);
}

TEST(ApiClient, ClientOptionsDefaults) {
  const ClientOptions options{};
  EXPECT_TRUE(options.api_token.empty());  // empty: environment USEAPI_TOKEN
  EXPECT_TRUE(options.base_url.empty());   // empty: environment, else the public URL
  EXPECT_EQ(options.connect_timeout, milliseconds(10000));
  EXPECT_EQ(options.request_timeout, milliseconds(60000));
  EXPECT_EQ(options.retry.max_attempts, RetryPolicy{}.max_attempts);
  EXPECT_TRUE(options.user_agent.empty());
  EXPECT_TRUE(options.ca_bundle.empty());  // empty: the system's CA store
  EXPECT_EQ(options.max_connections, 8);
}

TEST(ApiClient, PollOptionsDefaults) {
  const PollOptions poll{};
  EXPECT_EQ(poll.initial_interval, milliseconds(5000));
  EXPECT_EQ(poll.max_interval, milliseconds(30000));
  EXPECT_DOUBLE_EQ(poll.multiplier, 1.5);
  EXPECT_DOUBLE_EQ(poll.jitter, 0.1);
  EXPECT_EQ(poll.timeout, std::chrono::minutes(30));
  EXPECT_FALSE(poll.cancel.cancelled());
}

TEST(ApiClient, CancelTokenCopiesShareOneFlag) {
  void (CancelToken::*cancel)() = &CancelToken::cancel;
  bool (CancelToken::*cancelled)() const = &CancelToken::cancelled;
  EXPECT_NE(cancel, nullptr);
  EXPECT_NE(cancelled, nullptr);

  const CancelToken original;
  CancelToken copy = original;
  EXPECT_FALSE(original.cancelled());
  EXPECT_FALSE(copy.cancelled());
  copy.cancel();
  EXPECT_TRUE(copy.cancelled());
  EXPECT_TRUE(original.cancelled());

  // A copy stored in PollOptions shares the flag too.
  CancelToken token;
  PollOptions poll;
  poll.cancel = token;
  token.cancel();
  EXPECT_TRUE(poll.cancel.cancelled());
}

// Every Client method of the first part, plus download, assigned to a member function pointer of
// exactly the documented type.
TEST(ApiClient, MethodsHaveTheDocumentedSignatures) {
  ImageBatch (Client::*generate_images)(const ImageRequest&) = &Client::generateImages;
  Job (Client::*generate_video)(const VideoRequest&) = &Client::generateVideo;
  Job (Client::*get_job)(const std::string&) = &Client::getJob;
  Job (Client::*await_job)(const std::string&, const PollOptions&) = &Client::awaitJob;
  std::vector<Job> (Client::*await_jobs)(const std::vector<std::string>&, const PollOptions&) =
      &Client::awaitJobs;
  std::uint64_t (Client::*download)(const std::string&, const std::filesystem::path&, ProgressFn) =
      &Client::download;
  EXPECT_NE(generate_images, nullptr);
  EXPECT_NE(generate_video, nullptr);
  EXPECT_NE(get_job, nullptr);
  EXPECT_NE(await_job, nullptr);
  EXPECT_NE(await_jobs, nullptr);
  EXPECT_NE(download, nullptr);
}

}  // namespace
