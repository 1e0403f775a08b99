#include "batch/result_saver.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>

#include "download/media_file_name.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

namespace fs = std::filesystem;

const Media* mediumOf(const Job& job) {
  if (job.video) return &*job.video;
  if (job.image) return &*job.image;
  return nullptr;
}

}  // namespace

std::string resultFileName(const std::string& id, const Job& job, std::size_t index,
                           const std::string& head) {
  if (job.type == JobType::Video || job.video) return id + ".mp4";
  return id + "-" + std::to_string(index + 1) + "." + mediaExtension("image", head);
}

ResultSaver::ResultSaver(Client& client, fs::path folder, int workers, CancelToken cancel,
                         std::function<void(SaveOutcome)> on_saved)
    : client_(client),
      folder_(std::move(folder)),
      cancel_(std::move(cancel)),
      on_saved_(std::move(on_saved)) {
  const int count = std::max(workers, 1);
  workers_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { work(); });
}

ResultSaver::~ResultSaver() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    tasks_.clear();
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ResultSaver::enqueue(SaveTask task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_all();  // a worker pausing between tries must not swallow the wake-up
}

void ResultSaver::work() {
  for (;;) {
    SaveTask task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    on_saved_(save(task));
  }
}

SaveOutcome ResultSaver::save(const SaveTask& task) {
  SaveOutcome outcome;
  outcome.position = task.position;
  try {
    for (std::size_t i = 0; i < task.jobs.size(); ++i) outcome.files.push_back(saveFile(task, i));
    // A client with a journal (ClientOptions::journal_path) counts the jobs as done.
    for (const Job& job : task.jobs) {
      try {
        client_.acknowledgeJob(job.jobid);
      } catch (const Error&) {  // the files are saved: the journal only lists the job longer
      }
    }
  } catch (const CancelledError& error) {
    outcome.cancelled = true;
    outcome.error = error.what();
  } catch (const std::exception& error) {
    outcome.error = std::string("could not be saved: ") + error.what();
  }
  if (!outcome.error.empty()) outcome.files.clear();
  return outcome;
}

fs::path ResultSaver::saveFile(const SaveTask& task, std::size_t index) {
  Job job = task.jobs[index];
  std::string last_error;
  for (int attempt = 1; attempt <= kTries; ++attempt) {
    if (cancel_.cancelled()) throw CancelledError("the batch was cancelled");
    try {
      if (attempt > 1 || !mediumOf(job)) job = client_.getJob(job.jobid);  // a fresh URL
      const Media* medium = mediumOf(job);
      if (!medium) throw Error("job " + job.jobid + " has no medium to save");
      const fs::path fetched =
          folder_ / ("." + task.id + "-" + std::to_string(index + 1) + ".download");
      DownloadOptions options;
      options.cancel = cancel_;
      client_.download(medium->url, fetched, options);
      const fs::path saved = folder_ / resultFileName(task.id, job, index, fileHead(fetched));
      std::error_code error;
      fs::rename(fetched, saved, error);
      if (error) {
        fs::remove(fetched, error);
        throw Error("cannot name " + saved.string() + ": " + error.message());
      }
      return saved;
    } catch (const CancelledError&) {
      throw;
    } catch (const std::exception& error) {
      last_error = error.what();
      if (cancel_.cancelled()) throw CancelledError("the batch was cancelled");
      if (attempt < kTries) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait_for(lock, std::chrono::milliseconds(200 * attempt),
                       [this] { return stopping_; });
      }
    }
  }
  throw Error(last_error);
}

}  // namespace useapi::luma::detail
