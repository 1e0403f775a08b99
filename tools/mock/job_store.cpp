#include "mock/job_store.hpp"

#include <algorithm>
#include <utility>

namespace useapi::luma::mock {
namespace {

// The account choice draws from its own stream, so that durations do not shift it.
constexpr std::uint32_t kAccountChoiceStream = 0x9E3779B9u;

}  // namespace

FrameSize imageSizeFor(const std::string& aspect_ratio) {
  if (aspect_ratio == "9:16") return {288, 512};
  if (aspect_ratio == "3:4") return {384, 512};
  if (aspect_ratio == "1:1") return {448, 448};
  if (aspect_ratio == "4:3") return {512, 384};
  if (aspect_ratio == "21:9") return {672, 288};
  return {512, 288};
}

FrameSize videoSizeFor(const std::string& aspect_ratio) {
  if (aspect_ratio == "9:16") return {144, 256};
  if (aspect_ratio == "3:4") return {144, 192};
  if (aspect_ratio == "1:1") return {192, 192};
  if (aspect_ratio == "4:3") return {192, 144};
  if (aspect_ratio == "21:9") return {336, 144};
  return {256, 144};
}

JobStore::JobStore(std::chrono::milliseconds job_duration, IdScript ids,
                   std::map<std::string, DurationRange> durations, std::uint32_t seed)
    : durations_(job_duration, std::move(durations), seed),
      account_choice_(seed, kAccountChoiceStream),
      scripted_created_(ids.created),
      request_digits_(ids.first_request_digits),
      scripted_uuids_(ids.uuids.begin(), ids.uuids.end()) {}

JobStore::Creation JobStore::beginCreation(char letter, bool scripted) {
  Creation creation;
  creation.steady = MockClock::now();
  const auto now = std::chrono::system_clock::now();
  creation.wall = scripted ? scripted_created_.value_or(now) : now;
  creation.stem = jobIdStem(creation.wall, request_digits_.next(), letter);
  return creation;
}

MockJob JobStore::makeJob(int user, const std::string& account, const CheckedRequest& request,
                          const std::string& type, const Creation& creation,
                          const JobExtras& extras, std::chrono::milliseconds duration,
                          bool scripted) {
  MockJob job;
  job.index = jobs_.size();
  job.type = type;
  job.user = user;
  job.account = account;
  job.request = request;
  job.created_at = creation.steady;
  job.created_iso = isoOf(creation.wall);
  job.updated_iso = isoOf(creation.wall + duration);
  job.duration = duration;
  job.will_fail = extras.will_fail;
  job.reply_ref = extras.reply_ref;
  job.reply_url = extras.reply_url;
  std::string uuid = randomUuid();
  if (scripted && !scripted_uuids_.empty()) {
    uuid = std::move(scripted_uuids_.front());
    scripted_uuids_.pop_front();
  }
  job.jobid = jobIdOf(creation.stem, user, account, uuid);
  by_id_.emplace(job.jobid, job.index);
  jobs_.push_back(job);
  deleted_.push_back(false);
  return job;
}

MockJob JobStore::makeBatch(int user, const std::string& account, const CheckedRequest& request,
                            const JobExtras& extras, std::chrono::milliseconds duration,
                            bool scripted) {
  // One stem for the whole batch: its five ids differ only in their uuids.
  const Creation creation = beginCreation('i', scripted);
  MockJob parent = makeJob(user, account, request, "image", creation, extras, duration, scripted);
  for (int i = 0; i < 4; ++i) {
    MockJob child = makeJob(user, account, request, "image", creation, extras, duration, scripted);
    jobs_[child.index].parent = parent.jobid;
    parent.children.push_back(child.jobid);
  }
  parent.batch_parent = true;
  jobs_[parent.index] = parent;
  track(parent);
  return parent;
}

bool JobStore::running(const MockJob& job) const {
  return MockClock::now() - job.created_at < job.duration;
}

bool JobStore::takesSlot(const MockJob& job) const {
  return !deleted_[job.index] && (job.type == "video" || job.batch_parent);
}

void JobStore::track(const MockJob& job) {
  if (takesSlot(job)) may_run_[job.user][job.account].push_back(job.index);
}

std::vector<std::size_t>& JobStore::pruned(std::vector<std::size_t>& indices) const {
  indices.erase(std::remove_if(indices.begin(), indices.end(),
                               [this](std::size_t index) {
                                 return !takesSlot(jobs_[index]) || !running(jobs_[index]);
                               }),
                indices.end());
  return indices;
}

int JobStore::runningOn(int user, const std::optional<std::string>& account) const {
  const auto of_user = may_run_.find(user);
  if (of_user == may_run_.end()) return 0;
  std::size_t slots = 0;
  if (account) {
    const auto of_account = of_user->second.find(*account);
    if (of_account != of_user->second.end()) slots = pruned(of_account->second).size();
  } else {
    for (auto& entry : of_user->second) slots += pruned(entry.second).size();
  }
  return static_cast<int>(slots);
}

const AccountSlot* JobStore::freeAccount(int user, const std::vector<AccountSlot>& accounts) {
  std::vector<const AccountSlot*> with_room;
  for (const auto& account : accounts) {
    if (runningOn(user, account.email) < account.concurrency) with_room.push_back(&account);
  }
  if (with_room.empty()) return nullptr;
  // Drawn only when there is a choice, so that a single account never consumes the generator.
  if (with_room.size() == 1) return with_room.front();
  return with_room[account_choice_.next() % with_room.size()];
}

std::optional<MockJob> JobStore::createVideo(int user, const std::vector<AccountSlot>& accounts,
                                             const CheckedRequest& request,
                                             const JobExtras& extras) {
  std::lock_guard<std::mutex> lock(mutex_);
  const AccountSlot* account = freeAccount(user, accounts);
  if (!account) {
    ++refusals_;
    return std::nullopt;
  }
  ++submissions_;
  const auto duration = durations_.next("video", request.resolution);
  MockJob job =
      makeJob(user, account->email, request, "video", beginCreation('v'), extras, duration);
  track(job);
  return job;
}

std::optional<MockJob> JobStore::createImageBatch(int user,
                                                  const std::vector<AccountSlot>& accounts,
                                                  const CheckedRequest& request,
                                                  const JobExtras& extras) {
  std::lock_guard<std::mutex> lock(mutex_);
  const AccountSlot* account = freeAccount(user, accounts);
  if (!account) {
    ++refusals_;
    return std::nullopt;
  }
  ++submissions_;
  const auto duration = durations_.next("image", request.resolution);
  return makeBatch(user, account->email, request, extras, duration, /*scripted=*/true);
}

std::vector<MockJob> JobStore::createForeign(int user, const AccountSlot& account,
                                             const std::string& type, int count,
                                             std::chrono::milliseconds duration,
                                             const CheckedRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<MockJob> created;
  const int room = std::max(0, account.concurrency - runningOn(user, account.email));
  for (int i = 0; i < std::min(count, room); ++i) {
    MockJob job = type == "image"
                      ? makeBatch(user, account.email, request, {}, duration, /*scripted=*/false)
                      : makeJob(user, account.email, request, "video",
                                beginCreation('v', /*scripted=*/false), {}, duration,
                                /*scripted=*/false);
    if (type != "image") track(job);  // a batch is tracked by makeBatch
    job.foreign = true;
    jobs_[job.index].foreign = true;
    for (const auto& child : job.children) jobs_[by_id_.at(child)].foreign = true;
    created.push_back(std::move(job));
  }
  return created;
}

std::optional<MockJob> JobStore::find(const std::string& jobid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = by_id_.find(jobid);
  if (it == by_id_.end()) return std::nullopt;
  return jobs_[it->second];
}

std::optional<MockJob> JobStore::findByIndex(std::size_t index) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (index >= jobs_.size() || deleted_[index]) return std::nullopt;
  return jobs_[index];
}

std::vector<MockJob> JobStore::runningJobs(int user) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<MockJob> result;
  const auto of_user = may_run_.find(user);
  if (of_user == may_run_.end()) return result;
  std::vector<std::size_t> indices;
  for (auto& entry : of_user->second) {
    const auto& running = pruned(entry.second);
    indices.insert(indices.end(), running.begin(), running.end());
  }
  std::sort(indices.begin(), indices.end());  // oldest first
  for (const std::size_t index : indices) result.push_back(jobs_[index]);
  return result;
}

int JobStore::executing(int user, const std::optional<std::string>& account) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return runningOn(user, account);
}

int JobStore::creditsUsed(int user, const std::string& account) const {
  std::lock_guard<std::mutex> lock(mutex_);
  int used = 0;
  for (const auto& job : jobs_) {
    if (job.user != user || job.account != account || job.batch_parent || job.will_fail ||
        running(job)) {
      continue;
    }
    used += job.type == "video" ? 2 : 1;
  }
  return used;
}

bool JobStore::erase(const std::string& jobid) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = by_id_.find(jobid);
  if (it == by_id_.end()) return false;
  const std::size_t index = it->second;
  by_id_.erase(it);
  deleted_[index] = true;
  for (const auto& child : jobs_[index].children) {
    const auto child_it = by_id_.find(child);
    if (child_it == by_id_.end()) continue;
    deleted_[child_it->second] = true;
    by_id_.erase(child_it);
  }
  return true;
}

std::size_t JobStore::submissions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return submissions_;
}

std::size_t JobStore::refusals() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refusals_;
}

MockClock::time_point JobStore::finalAt(const MockJob& job) const {
  return job.created_at + job.duration;
}

std::string JobStore::statusOf(const MockJob& job) const {
  const auto elapsed = MockClock::now() - job.created_at;
  if (elapsed >= job.duration) return job.will_fail ? "failed" : "completed";
  if (elapsed < job.duration / 10) return "created";
  if (elapsed < job.duration * 3 / 10) return "pending";
  return "processing";
}

}  // namespace useapi::luma::mock
