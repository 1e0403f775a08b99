#include "client/file_download.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>

#include "transport/status_errors.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

namespace fs = std::filesystem;

// Wake the waiting thread for progress at most once per this many bytes.
constexpr std::uint64_t kProgressStep = std::uint64_t{256} * 1024;

// Hand the written bytes to the disk every this many bytes, while the transfer goes on, so that
// the fsync before the rename finds little left to write (it was ~1.3 s of a 1 GiB download).
constexpr std::uint64_t kWritebackStep = std::uint64_t{8} << 20;

fs::path temporaryPathFor(const fs::path& dest) {
  std::random_device random;
  const auto suffix = std::to_string(random()) + std::to_string(random());
  return dest.parent_path() / ("." + dest.filename().string() + ".part-" + suffix);
}

std::string systemError(const std::string& what, const fs::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

// The temporary file, written on the I/O thread; progress and the end are reported to the
// waiting thread (which runs `progress`) through a mutex and condition variable.
class FileSink final : public BodySink {
 public:
  FileSink(fs::path temp, ProgressFn progress, Durability durability)
      : temp_(std::move(temp)), progress_(std::move(progress)), durability_(durability) {}
  ~FileSink() override { closeFile(); }

  void begin(std::optional<std::uint64_t> total) override {
    if (file_ == nullptr) {
      file_ = std::fopen(temp_.c_str(), "wb");
    } else if (std::fflush(file_) != 0 || ::ftruncate(::fileno(file_), 0) != 0 ||
               std::fseek(file_, 0, SEEK_SET) != 0) {
      failure_ = systemError("could not restart", temp_);
    }
    if (file_ == nullptr) failure_ = systemError("could not create", temp_);
    written_ = 0;
    written_back_ = 0;
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = 0;
    total_ = total;
    reported_step_ = 0;
  }

  bool write(const char* data, std::size_t size) override {
    if (file_ == nullptr || !failure_.empty()) return false;
    if (std::fwrite(data, 1, size, file_) != size) {
      failure_ = systemError("could not write", temp_);
      return false;
    }
    written_ += size;
    if (durability_ == Durability::Synced && written_ - written_back_ >= kWritebackStep &&
        !startWriteback()) {
      return false;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    done_ += size;
    if (done_ / kProgressStep != reported_step_) {
      reported_step_ = done_ / kProgressStep;
      changed_.notify_all();
    }
    return true;
  }

  std::string failureMessage() const override { return failure_; }

  void finish(HttpOutcome outcome) {
    std::lock_guard<std::mutex> lock(mutex_);
    outcome_ = std::move(outcome);
    changed_.notify_all();
  }

  // Waiting thread: reports progress until the outcome arrives, then returns it. The callback
  // is released here, on the waiting thread, however this ends (the I/O thread may hold the sink
  // longer).
  HttpOutcome waitForOutcome() {
    const ProgressFn progress = std::move(progress_);
    std::unique_lock<std::mutex> lock(mutex_);
    std::uint64_t reported = 0;
    while (true) {
      changed_.wait(lock, [&] { return outcome_ || done_ != reported; });
      if (progress && done_ != reported && (!outcome_ || outcome_->response)) {
        reported = done_;
        const auto total = total_;
        lock.unlock();
        progress(reported, total);
        lock.lock();
      }
      reported = done_;
      if (outcome_) return std::move(*outcome_);
    }
  }

  // Waiting thread, after the outcome: flushes the file (to disk, when Synced) and closes it.
  void commit() {
    if (file_ == nullptr) file_ = std::fopen(temp_.c_str(), "wb");  // an empty body
    if (file_ == nullptr) throw Error(systemError("could not create", temp_));
    const bool flushed = std::fflush(file_) == 0 &&
                         (durability_ == Durability::CacheOnly || ::fsync(::fileno(file_)) == 0);
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!flushed || !closed) throw Error(systemError("could not write", temp_));
  }

  // I/O thread: starts writing the bytes not yet handed to the disk, without waiting for them.
  bool startWriteback() {
    if (std::fflush(file_) != 0) {
      failure_ = systemError("could not write", temp_);
      return false;
    }
#ifdef __linux__
    // Advisory: where it is not supported, the final fsync does all the work as before.
    ::sync_file_range(::fileno(file_), static_cast<off_t>(written_back_),
                      static_cast<off_t>(written_ - written_back_), SYNC_FILE_RANGE_WRITE);
#endif
    written_back_ = written_;
    return true;
  }

  void closeFile() {
    if (file_ != nullptr) std::fclose(file_);
    file_ = nullptr;
  }

 private:
  const fs::path temp_;
  ProgressFn progress_;  // the waiting thread's, handed over by the constructor
  const Durability durability_;
  std::FILE* file_ = nullptr;  // I/O thread during the transfer, then the waiting thread
  std::string failure_;
  std::uint64_t written_ = 0;       // bytes of this attempt written to file_ (I/O thread)
  std::uint64_t written_back_ = 0;  // of which the disk has been asked to write (I/O thread)

  std::mutex mutex_;  // guards what follows
  std::condition_variable changed_;
  std::uint64_t done_ = 0;
  std::optional<std::uint64_t> total_;
  std::uint64_t reported_step_ = 0;
  std::optional<HttpOutcome> outcome_;
};

// Removes the temporary file unless the download was committed.
struct TemporaryFile {
  fs::path path;
  bool keep = false;
  ~TemporaryFile() {
    if (keep) return;
    std::error_code ignored;
    fs::remove(path, ignored);
  }
};

}  // namespace

std::uint64_t downloadToFile(Transport& transport, HttpRequest request, const fs::path& dest,
                             ProgressFn progress, Durability durability) {
  if (dest.empty() || dest.filename().empty()) {
    throw Error("download destination \"" + dest.string() + "\" names no file");
  }
  TemporaryFile temp{temporaryPathFor(dest)};
  auto sink = std::make_shared<FileSink>(temp.path, std::move(progress), durability);
  request.sink = sink;
  const std::string endpoint = request.endpoint;
  transport.send(std::move(request),
                 [sink](HttpOutcome outcome) { sink->finish(std::move(outcome)); });

  HttpOutcome outcome = sink->waitForOutcome();
  // The I/O thread is done with the file: keep it only for a 2xx answer.
  if (outcome.response && outcome.response->status >= 200 && outcome.response->status <= 299) {
    sink->commit();
  } else {
    sink->closeFile();
  }
  successOrThrow(std::move(outcome), endpoint);
  std::error_code error;
  const auto size = fs::file_size(temp.path, error);
  if (error) throw Error("could not read back " + temp.path.string() + ": " + error.message());
  fs::rename(temp.path, dest, error);
  if (error) {
    throw Error("could not move the download to " + dest.string() + ": " + error.message());
  }
  temp.keep = true;
  return size;
}

}  // namespace useapi::luma::detail
