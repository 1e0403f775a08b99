// POST /images and POST /videos: checks, asset references, the account a job runs on, capacity,
// and the webhooks of jobs with a replyUrl.

#include <algorithm>

#include "mock/http_answers.hpp"
#include "mock/job_record.hpp"
#include "mock/request_body.hpp"
#include "mock/routes.hpp"

namespace useapi::luma::mock {
namespace {

using nlohmann::json;

constexpr const char* kFailMarker = "[mock:fail]";
constexpr const char* kModerationMarker = "[mock:moderate]";

bool contains(const std::string& text, const char* marker) {
  return text.find(marker) != std::string::npos;
}

// A non-empty string field.
std::optional<std::string> optionalText(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) return std::nullopt;
  return it->get<std::string>();
}

// The asset references among `fields`; a value that is not a string is kept as its JSON text,
// which names no asset.
std::vector<std::string> refsOf(const json& body, const std::vector<const char*>& fields) {
  std::vector<std::string> refs;
  for (const char* field : fields) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_string()) {
      refs.push_back(it->dump());
    } else if (!it->get<std::string>().empty()) {
      refs.push_back(it->get<std::string>());
    }
  }
  return refs;
}

// Parses a generation body (JSON or multipart/form-data), answering 400 (or 422 for the
// moderation marker) when it fails.
std::optional<json> parseGeneration(const httplib::Request& req, httplib::Response& res) {
  json body = bodyFields(req);
  if (body.is_discarded() || !body.is_object()) {
    answerError(res, 400, "Request body must be valid JSON or multipart/form-data");
    return std::nullopt;
  }
  const auto prompt = optionalText(body, "prompt");
  if (prompt && contains(*prompt, kModerationMarker)) {
    answerError(res, 422, "Content moderation: prompt rejected", true);
    return std::nullopt;
  }
  return body;
}

// The accounts the job may run on: the refs' account, else the given email's, else all those
// without an error. Answers 404 or 400 when there is none, 596 when each one has an error, and
// returns nullopt then.
std::optional<std::vector<AccountSlot>> eligibleAccounts(const MockContext& mock, int user,
                                                         const json& body,
                                                         const std::vector<std::string>& refs,
                                                         httplib::Response& res) {
  std::optional<std::string> account = optionalText(body, "email");
  if (!refs.empty()) {
    const RefsAccount owner = mock.assets.accountOfRefs(user, refs);
    if (!owner.email) {
      answerError(res, owner.status, owner.error);
      return std::nullopt;
    }
    if (account && *account != *owner.email) {
      answerError(res, 400,
                  "Parameter email (" + *account +
                      ") does not match the account of the image references (" + *owner.email +
                      ")");
      return std::nullopt;
    }
    account = owner.email;
  }
  std::vector<AccountSlot> slots;
  bool any_configured = false;
  for (const auto& configured : mock.accounts.list(user)) {
    if (account && configured.email != *account) continue;
    any_configured = true;
    // An account whose session expired takes no job: pinned to it, the request gets 596.
    if (!configured.error) slots.push_back({configured.email, configured.concurrency});
  }
  if (!any_configured) {
    answerError(res, 404,
                account ? "Unable to find configuration for email " + *account
                        : "No Luma account is configured. Add one with POST /accounts");
    return std::nullopt;
  }
  if (slots.empty()) {  // the pinned account, or every account, has an error
    answerError(res, 596, kAccountErrorMessage);
    return std::nullopt;
  }
  return slots;
}

JobExtras extrasOf(const json& body, const CheckedRequest& request) {
  return {contains(request.prompt, kFailMarker), optionalText(body, "replyRef"),
          optionalText(body, "replyUrl")};
}

void answerCapacity(httplib::Response& res) {
  answerError(res, 429, "All configured accounts are running at maximum capacity", true);
}

// A webhook payload of `job` (with its batch `images`): as created on submission, else as now.
std::string payloadOf(const JobStore& jobs, const MockJob& job, const std::vector<MockJob>& images,
                      const std::string& origin, bool on_submission) {
  const auto statusOf = [&](const MockJob& of) {
    return on_submission ? std::string("created") : jobs.statusOf(of);
  };
  json record = jobRecord(job, statusOf(job), origin);
  if (!job.batch_parent) return record.dump();
  std::vector<json> image_records;
  image_records.reserve(images.size());
  for (const auto& image : images) {
    image_records.push_back(jobRecord(image, statusOf(image), origin));
  }
  return batchPayload(std::move(record), image_records).dump();
}

// Schedules the job's callbacks: now (unless the mock's webhook_on_submission is off), and when
// it becomes final.
void scheduleWebhooks(MockContext& mock, const MockJob& job) {
  if (!job.reply_url) return;
  std::vector<MockJob> images;
  for (const auto& child : job.children) {
    if (auto image = mock.jobs.find(child)) images.push_back(std::move(*image));
  }
  const JobStore& jobs = mock.jobs;
  const std::string origin = mock.origin;
  const auto now = MockClock::now();  // the final callback is never due before this one
  if (mock.options.webhook_on_submission) {
    mock.webhooks.schedule(now, *job.reply_url, [&jobs, job, images, origin] {
      return payloadOf(jobs, job, images, origin, /*on_submission=*/true);
    });
  }
  // A batch is final once its last image is: its callback carries every image's media.
  auto final_at = std::max(now, jobs.finalAt(job));
  for (const auto& image : images) final_at = std::max(final_at, jobs.finalAt(image));
  mock.webhooks.schedule(
      final_at, *job.reply_url,
      [&jobs, job, images, origin] {
        return payloadOf(jobs, job, images, origin, /*on_submission=*/false);
      },
      /*final=*/true);
}

// The `request` of a POST /images answer: the checked fields, and imageRefs when refs were sent.
json imageRequestEcho(const CheckedRequest& request, const std::vector<std::string>& refs) {
  json echo = {{"prompt", request.prompt},
               {"model", request.model},
               {"resolution", request.resolution},
               {"aspect_ratio", request.aspect_ratio}};
  if (!refs.empty()) echo["imageRefs"] = refs;
  return echo;
}

// The `request` of a POST /videos answer: the checked fields, and each keyframe or character
// reference that was sent.
json videoRequestEcho(const CheckedRequest& request, const json& body) {
  json echo = {{"prompt", request.prompt},         {"model", request.model},
               {"resolution", request.resolution}, {"aspect_ratio", request.aspect_ratio},
               {"duration", request.duration},     {"dynamic_range", request.dynamic_range}};
  for (const char* field : {"imageStart", "imageEnd", "imageCharacter"}) {
    if (const auto ref = optionalText(body, field)) echo[field] = *ref;
  }
  return echo;
}

}  // namespace

void postImages(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res) {
  const auto body = parseGeneration(req, res);
  if (!body) return;
  const CheckResult checked = checkImageBody(*body);
  if (!checked.request) return answerError(res, checked.status, checked.error);
  const auto refs = refsOf(*body, {"imageRef1", "imageRef2", "imageRef3", "imageRef4"});
  const auto accounts = eligibleAccounts(mock, user, *body, refs, res);
  if (!accounts) return;
  const auto batch = mock.jobs.createImageBatch(user, *accounts, *checked.request,
                                                extrasOf(*body, *checked.request));
  if (!batch) return answerCapacity(res);
  scheduleWebhooks(mock, *batch);
  answer(res, 200,
         {{"jobid", batch->jobid},
          {"jobids", batch->children},
          {"type", "image"},
          {"status", "created"},
          {"count", batch->children.size()},
          {"created", batch->created_iso},
          {"request", imageRequestEcho(*checked.request, refs)}});
}

void postVideos(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res) {
  const auto body = parseGeneration(req, res);
  if (!body) return;
  const CheckResult checked = checkVideoBody(*body);
  if (!checked.request) return answerError(res, checked.status, checked.error);
  const auto refs = refsOf(*body, {"imageStart", "imageEnd", "imageCharacter"});
  const auto accounts = eligibleAccounts(mock, user, *body, refs, res);
  if (!accounts) return;
  const auto job =
      mock.jobs.createVideo(user, *accounts, *checked.request, extrasOf(*body, *checked.request));
  if (!job) return answerCapacity(res);
  scheduleWebhooks(mock, *job);
  answer(res, 200,
         {{"jobid", job->jobid},
          {"type", "video"},
          {"status", "created"},
          {"created", job->created_iso},
          {"request", videoRequestEcho(*checked.request, *body)}});
}

}  // namespace useapi::luma::mock
