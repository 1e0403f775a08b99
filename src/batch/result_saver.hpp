#pragma once
// Saves the files of finished items, a bounded number of downloads at once, each file under a
// name taken from the item's id; a failed download is retried from the job id (a fresh record,
// a fresh URL), never by creating a new job.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "useapi/luma/cancel_token.hpp"
#include "useapi/luma/client.hpp"

namespace useapi::luma::detail {

/// The files of one item to save.
struct SaveTask {
  std::size_t position = 0;  ///< The item's place in the batch.
  std::string id;            ///< The item's id, which names its files.
  /// Its jobs' final records in order (a video's one, an image batch's 4); a record without the
  /// medium's URL (a job resumed by id) is read again first.
  std::vector<Job> jobs;
};

/// How saving an item ended.
struct SaveOutcome {
  std::size_t position = 0;
  std::vector<std::filesystem::path> files;  ///< Every file, when all are on disk.
  std::string error;                         ///< Why they are not; empty on success.
  bool cancelled = false;                    ///< Stopped by the batch's cancel: try again later.
};

/// The name of file `index` (0-based) of an item: "<id>.mp4" for a video, "<id>-<index+1>.<ext>"
/// for an image, the extension from its first bytes `head` ("png", "jpg" or "webp").
std::string resultFileName(const std::string& id, const Job& job, std::size_t index,
                           const std::string& head);

/// Worker threads that save items' files; each outcome goes to `on_saved` from a worker thread.
class ResultSaver {
 public:
  /// How many times a file is tried before the item fails.
  static constexpr int kTries = 3;
  /// Starts `workers` threads (at least 1) saving into `folder` through `client`.
  ResultSaver(Client& client, std::filesystem::path folder, int workers, CancelToken cancel,
              std::function<void(SaveOutcome)> on_saved);
  /// Stops taking tasks, ends the downloads under way (through the cancel token when it is
  /// cancelled), and joins the threads.
  ~ResultSaver();
  ResultSaver(const ResultSaver&) = delete;
  ResultSaver& operator=(const ResultSaver&) = delete;
  /// Queues `task`; a free worker takes it.
  void enqueue(SaveTask task);

 private:
  void work();
  SaveOutcome save(const SaveTask& task);
  std::filesystem::path saveFile(const SaveTask& task, std::size_t index);

  Client& client_;
  const std::filesystem::path folder_;
  CancelToken cancel_;
  std::function<void(SaveOutcome)> on_saved_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<SaveTask> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace useapi::luma::detail
