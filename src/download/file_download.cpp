#include "download/file_download.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <vector>

#include "client/cancel_state.hpp"
#include "connection/status_errors.hpp"
#include "download/part_file.hpp"
#include "download/resume_point.hpp"
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

// The temporary file, written on the I/O thread; progress, a resumption, a cancel and the end
// are reported to the waiting thread (which runs the callbacks) through a mutex and condition
// variable. A retry after a cut asks for the rest of the file when the server allows it.
class FileSink final : public BodySink {
 public:
  using Log = std::function<void(LogLevel, const std::string&)>;

  FileSink(std::FILE* file, fs::path temp, Durability durability, std::string endpoint, Log log)
      : temp_(std::move(temp)),
        durability_(durability),
        endpoint_(std::move(endpoint)),
        log_(std::move(log)),
        file_(file) {}
  ~FileSink() override { closeFile(); }

  void header(std::string_view line) override { resume_.header(line); }

  // I/O thread, before each attempt: a retry after some bytes were saved asks for the rest.
  std::vector<std::string> attemptHeaders() override {
    resumed_ = false;
    if (!started_ || !failure_.empty()) return {};
    return resume_.askForRest(written_);
  }

  // I/O thread: a 206 to this attempt; true when it continues the file.
  bool resume() override {
    if (!resume_.continues()) {
      partial_problem_ = resume_.problem();
      return false;
    }
    resumed_ = true;
    const std::uint64_t offset = written_;
    const std::optional<std::uint64_t> total = resume_.total();
    log(LogLevel::Info, endpoint_ + ": the transfer was cut; resumed at byte " +
                            std::to_string(offset) +
                            (total ? " of " + std::to_string(*total) : std::string()) +
                            " (Range), the bytes already saved kept");
    std::lock_guard<std::mutex> lock(mutex_);
    total_ = total;
    resumed_at_.push_back(offset);
    changed_.notify_all();
    return true;
  }

  void begin(std::optional<std::uint64_t> total) override {
    if (const auto asked = resume_.askedFrom()) {
      log(LogLevel::Info, endpoint_ + ": asked for the rest from byte " + std::to_string(*asked) +
                              ", the server sent the whole file again: starting over");
    }
    resume_.startWhole(total);
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

  // Waiting thread: reports resumptions and progress until the exchange ends. A cancel, the
  // deadline or an exception from a callback calls `stop` once and waits on for the end, so
  // that the I/O thread is done with the file when this returns.
  Ending waitForEnd(const FileDownloadSettings& settings, TimeSource& time,
                    const std::function<void()>& stop) {
    const ProgressFn& progress = settings.progress;
    const std::optional<Clock::time_point>& deadline = settings.deadline;
    Ending ending;
    std::unique_lock<std::mutex> lock(mutex_);
    std::uint64_t reported = 0;
    const auto woken = [&] {
      return outcome_ || (ending.interruption == Interruption::None &&
                          (cancelled_ || done_ != reported || !resumed_at_.empty()));
    };
    while (!outcome_) {
      if (ending.interruption == Interruption::None) {
        if (cancelled_) {
          ending.interruption = Interruption::Cancelled;
        } else if (deadline && time.now() >= *deadline) {
          ending.interruption = Interruption::TimedOut;
        } else {
          reportResumptions(settings.on_resume, lock, ending);
          if (ending.interruption == Interruption::None && done_ != reported) {
            reported = done_;
            if (progress) report(progress, lock, reported, ending);
          }
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
    if (ending.interruption == Interruption::None && outcome_->response) {
      reportResumptions(settings.on_resume, lock, ending);
    }
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

  // Waiting thread, once the exchange has ended: whether its last answer continued the file.
  bool resumedLastAttempt() const { return resumed_; }
  // Why a 206 was refused, if one was.
  const std::string& partialProblem() const { return partial_problem_; }
  // The whole file's size as the server announced it.
  std::optional<std::uint64_t> announcedTotal() const { return resume_.total(); }

 private:
  void log(LogLevel level, const std::string& line) const {
    if (log_) log_(level, line);
  }

  // Runs `on_resume` unlocked for each resumption not yet reported; keeps what it throws.
  void reportResumptions(
      const std::function<void(std::uint64_t, std::optional<std::uint64_t>)>& on_resume,
      std::unique_lock<std::mutex>& lock, Ending& ending) {
    while (!resumed_at_.empty() && ending.interruption == Interruption::None) {
      const std::uint64_t offset = resumed_at_.front();
      resumed_at_.erase(resumed_at_.begin());
      if (!on_resume) continue;
      const auto total = total_;
      lock.unlock();
      try {
        on_resume(offset, total);
      } catch (...) {
        ending.progress_error = std::current_exception();
        ending.interruption = Interruption::ProgressThrew;
      }
      lock.lock();
    }
  }

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
  const std::string endpoint_;
  const Log log_;
  std::FILE* file_ = nullptr;    // I/O thread during the transfer, then the waiting thread
  ResumePoint resume_;           // I/O thread during the transfer, then the waiting thread
  bool resumed_ = false;         // the current attempt's 206 continues the file (likewise)
  std::string partial_problem_;  // why a 206 did not (likewise)
  bool started_ = false;         // I/O thread: a body has begun (a retry restarts the file)
  std::string failure_;
  std::uint64_t written_ = 0;       // bytes of this attempt written to file_ (I/O thread)
  std::uint64_t written_back_ = 0;  // of which the disk has been asked to write (I/O thread)

  std::mutex mutex_;  // guards what follows
  std::condition_variable changed_;
  std::uint64_t done_ = 0;
  std::optional<std::uint64_t> total_;
  std::uint64_t reported_step_ = 0;
  std::vector<std::uint64_t> resumed_at_;  // offsets of resumptions not yet reported
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
                         const FileDownloadSettings& settings, const FileSink& sink) {
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
  if (status == 206 && sink.resumedLastAttempt()) return;  // the rest of a cut transfer
  if (status != 200) {
    const std::string& problem = sink.partialProblem();
    throw TransportError(
        endpoint + ": the server answered " + std::to_string(status) +
        (status == 206   ? " (a part of the file" + (problem.empty() ? "" : ": " + problem) + ")"
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
  auto sink = std::make_shared<FileSink>(part.openStream(), part.path(), settings.durability,
                                         request.endpoint, settings.log);
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
    ending = sink->waitForEnd(settings, settings.time ? *settings.time : *systemTime(),
                              [&transport, &signal] { transport.stop(signal); });
  }
  // The I/O thread is done with the file: keep it only for a whole 200 answer, or a 206 that
  // brought the rest of it.
  const int status = ending.outcome.response ? ending.outcome.response->status : 0;
  const bool whole = ending.interruption == Interruption::None &&
                     (status == 200 || (status == 206 && sink->resumedLastAttempt()));
  if (!whole) sink->closeFile();
  throwUnlessComplete(std::move(ending), endpoint, dest, settings, *sink);
  sink->commit();

  const auto size = fs::file_size(part.path(), error);
  if (error) throw Error("could not read back " + part.path().string() + ": " + error.message());
  if (size == 0) {
    throw TransportError(endpoint +
                         ": the server answered 200 with an empty body; nothing was "
                         "saved");
  }
  if (const auto announced = sink->announcedTotal(); announced && size != *announced) {
    throw TransportError(endpoint + ": the server announced a file of " +
                         std::to_string(*announced) + " bytes but " + std::to_string(size) +
                         " arrived; nothing was saved");
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
