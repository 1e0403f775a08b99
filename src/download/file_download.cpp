#include "download/file_download.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>

#include "client/cancel_state.hpp"
#include "connection/status_errors.hpp"
#include "download/part_file.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

namespace fs = std::filesystem;

// Wake the waiting thread for progress at most once per this many bytes.
constexpr std::uint64_t kProgressStep = std::uint64_t{256} * 1024;

// Hand the written bytes to the disk every this many bytes, while the transfer goes on, so that
// the fsync before the rename finds little left to write (it was ~1.3 s of a 1 GiB download).
constexpr std::uint64_t kWritebackStep = std::uint64_t{8} << 20;

// The bytes of a file's start that decide its extension (downloadMedia).
constexpr std::size_t kHeadBytes = 16;

std::string systemError(const std::string& what, const fs::path& path) {
  const int number = errno;
  const bool full = number == ENOSPC || number == EDQUOT;
  return what + " " + path.string() + ": " + (full ? "the disk is full (" : "(") +
         std::strerror(number) + ")";
}

// Why the waiting thread ended a transfer before it finished.
enum class Interruption { None, Cancelled, TimedOut, ProgressThrew };

// How the wait for a transfer ended.
struct Ending {
  HttpOutcome outcome;
  Interruption interruption = Interruption::None;
  std::exception_ptr progress_error;
};

// The temporary file, written on the I/O thread; progress, a cancel and the end are reported to
// the waiting thread (which runs `progress`) through a mutex and condition variable.
class FileSink final : public BodySink {
 public:
  FileSink(std::FILE* file, fs::path temp, Durability durability)
      : temp_(std::move(temp)), durability_(durability), file_(file) {}
  ~FileSink() override { closeFile(); }

  void begin(std::optional<std::uint64_t> total) override {
    if (started_ && (std::fflush(file_) != 0 || ::ftruncate(::fileno(file_), 0) != 0 ||
                     std::fseek(file_, 0, SEEK_SET) != 0)) {
      failure_ = systemError("could not restart", temp_);
    }
    started_ = true;
    written_ = 0;
    written_back_ = 0;
#ifdef __linux__
    // A disk too small for the announced size fails here, before its first byte is written.
    if (total && *total > 0 &&
        ::fallocate(::fileno(file_), FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(*total)) != 0 &&
        (errno == ENOSPC || errno == EDQUOT)) {
      failure_ = systemError("no room for the " + std::to_string(*total) + " bytes of", temp_);
    }
#endif
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = 0;
    total_ = total;
    reported_step_ = 0;
  }

  bool write(const char* data, std::size_t size) override {
    if (!failure_.empty()) return false;
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

  // I/O thread: the exchange has ended.
  void finish(HttpOutcome outcome) {
    std::lock_guard<std::mutex> lock(mutex_);
    outcome_ = std::move(outcome);
    changed_.notify_all();
  }

  // Any thread (a CancelToken's): wakes the waiting thread to stop the transfer.
  void cancel() {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }

  // Waiting thread: reports progress until the exchange ends. A cancel, the deadline or an
  // exception from `progress` calls `stop` once and waits on for the end, so that the I/O
  // thread is done with the file when this returns.
  Ending waitForEnd(const ProgressFn& progress, std::optional<Clock::time_point> deadline,
                    TimeSource& time, const std::function<void()>& stop) {
    Ending ending;
    std::unique_lock<std::mutex> lock(mutex_);
    std::uint64_t reported = 0;
    const auto woken = [&] {
      return outcome_ ||
             (ending.interruption == Interruption::None && (cancelled_ || done_ != reported));
    };
    while (!outcome_) {
      if (ending.interruption == Interruption::None) {
        if (cancelled_) {
          ending.interruption = Interruption::Cancelled;
        } else if (deadline && time.now() >= *deadline) {
          ending.interruption = Interruption::TimedOut;
        } else if (done_ != reported) {
          reported = done_;
          if (progress) report(progress, lock, reported, ending);
        }
        if (ending.interruption != Interruption::None) {
          lock.unlock();
          stop();
          lock.lock();
          continue;
        }
      }
      const bool timed = ending.interruption == Interruption::None && deadline;
      time.waitUntil(lock, changed_, timed ? *deadline : Clock::time_point::max(), woken);
    }
    // The last bytes of a finished transfer are reported too.
    if (ending.interruption == Interruption::None && progress && outcome_->response &&
        done_ != reported) {
      report(progress, lock, done_, ending);
    }
    ending.outcome = std::move(*outcome_);
    return ending;
  }

  // Waiting thread, after a 200: flushes the file (to disk, when Synced) and closes it.
  void commit() {
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
  // Runs `progress` unlocked; keeps what it throws in `ending`.
  void report(const ProgressFn& progress, std::unique_lock<std::mutex>& lock, std::uint64_t done,
              Ending& ending) {
    const auto total = total_;
    lock.unlock();
    try {
      progress(done, total);
    } catch (...) {
      ending.progress_error = std::current_exception();
      ending.interruption = Interruption::ProgressThrew;
    }
    lock.lock();
  }

  const fs::path temp_;
  const Durability durability_;
  std::FILE* file_ = nullptr;  // I/O thread during the transfer, then the waiting thread
  bool started_ = false;       // I/O thread: a body has begun (a retry restarts the file)
  std::string failure_;
  std::uint64_t written_ = 0;       // bytes of this attempt written to file_ (I/O thread)
  std::uint64_t written_back_ = 0;  // of which the disk has been asked to write (I/O thread)

  std::mutex mutex_;  // guards what follows
  std::condition_variable changed_;
  std::uint64_t done_ = 0;
  std::optional<std::uint64_t> total_;
  std::uint64_t reported_step_ = 0;
  bool cancelled_ = false;
  std::optional<HttpOutcome> outcome_;
};

// The first bytes of `path` (fewer when it is shorter).
std::string headOf(const fs::path& path) {
  std::string head(kHeadBytes, '\0');
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw Error(systemError("could not read back", path));
  head.resize(std::fread(head.data(), 1, head.size(), file));
  std::fclose(file);
  return head;
}

// Makes a rename into `folder` survive a power loss; where that cannot be done, the rename
// itself still stands.
void syncFolder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Throws what ended `ending` when it did not end with the whole file: nothing is saved then.
void throwUnlessComplete(Ending ending, const std::string& endpoint, const fs::path& dest,
                         const FileDownloadSettings& settings) {
  switch (ending.interruption) {
    case Interruption::ProgressThrew:
      std::rethrow_exception(ending.progress_error);
    case Interruption::Cancelled:
      throw CancelledError(endpoint + ": the download to " + dest.string() +
                           " was cancelled; nothing was saved");
    case Interruption::TimedOut:
      throw TransportError(endpoint + ": the download took longer than the timeout of " +
                           std::to_string(settings.timeout.count()) + " ms; nothing was saved");
    case Interruption::None:
      break;
  }
  const HttpOutcome& outcome = ending.outcome;
  if (outcome.failure && outcome.failure->kind == FailureKind::Sink) {
    throw Error(outcome.failure->message + "; nothing was saved at " + dest.string());
  }
  const int status = successOrThrow(std::move(ending.outcome), endpoint).status;
  if (status != 200) {
    throw TransportError(endpoint + ": the server answered " + std::to_string(status) +
                         (status == 206   ? " (a part of the file)"
                          : status == 204 ? " (no content)"
                                          : "") +
                         " where the whole file (200) was expected; nothing was saved");
  }
}

}  // namespace

SavedFile downloadToFile(Transport& transport, HttpRequest request, const fs::path& dest,
                         const FileDownloadSettings& settings) {
  if (dest.empty() || dest.filename().empty() || dest.filename() == "." ||
      dest.filename() == "..") {
    throw Error("download destination \"" + dest.string() + "\" names no file");
  }
  std::error_code error;
  if (fs::is_directory(dest, error)) {
    throw Error("cannot download to " + dest.string() + ": it is a folder, not a file");
  }
  if (settings.cancel.cancelled()) {
    throw CancelledError(request.endpoint + ": the download to " + dest.string() +
                         " was cancelled before it started");
  }
  removeOrphanedParts(dest);
  PartFile part(dest);  // the folder's problems show here, before anything is sent
  auto sink = std::make_shared<FileSink>(part.openStream(), part.path(), settings.durability);
  const auto signal = std::make_shared<StopSignal>();
  request.sink = sink;
  request.stop_signal = signal;
  if (settings.deadline) request.deadline = settings.deadline;  // no retry is scheduled past it
  const std::string endpoint = request.endpoint;

  Ending ending;
  {
    CancelSubscription on_cancel(settings.cancel, [&sink] { sink->cancel(); });
    transport.send(std::move(request),
                   [sink](HttpOutcome outcome) { sink->finish(std::move(outcome)); });
    ending = sink->waitForEnd(settings.progress, settings.deadline,
                              settings.time ? *settings.time : *systemTime(),
                              [&transport, &signal] { transport.stop(signal); });
  }
  // The I/O thread is done with the file: keep it only for a whole 200 answer.
  const bool whole = ending.interruption == Interruption::None && ending.outcome.response &&
                     ending.outcome.response->status == 200;
  if (!whole) sink->closeFile();
  throwUnlessComplete(std::move(ending), endpoint, dest, settings);
  sink->commit();

  const auto size = fs::file_size(part.path(), error);
  if (error) throw Error("could not read back " + part.path().string() + ": " + error.message());
  if (size == 0) {
    throw TransportError(endpoint +
                         ": the server answered 200 with an empty body; nothing was "
                         "saved");
  }
  fs::path final_path = dest;
  if (settings.extension_of) {
    final_path += "." + settings.extension_of(headOf(part.path()));
  }
  part.moveTo(final_path, settings.replace);
  if (settings.durability == Durability::Synced) syncFolder(final_path.parent_path());
  return {final_path, size};
}

}  // namespace useapi::luma::detail
