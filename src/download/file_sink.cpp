#include "download/file_sink.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// Wake the waiting thread for progress at most once per this many bytes.
constexpr std::uint64_t kProgressStep = std::uint64_t{256} * 1024;

// Hand the written bytes to the disk every this many bytes, while the transfer goes on, so that
// the fsync before the rename finds little left to write (it was ~1.3 s of a 1 GiB download).
constexpr std::uint64_t kWritebackStep = std::uint64_t{8} << 20;

}  // namespace

namespace fs = std::filesystem;

std::string systemError(const std::string& what, const fs::path& path) {
  const int number = errno;
  const bool full = number == ENOSPC || number == EDQUOT;
  return what + " " + path.string() + ": " + (full ? "the disk is full (" : "(") +
         std::strerror(number) + ")";
}

std::vector<std::string> FileSink::attemptHeaders() {
  resumed_ = false;
  if (!started_ || !failure_.empty()) return {};
  return resume_.askForRest(written_);
}

bool FileSink::resume() {
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

void FileSink::begin(std::optional<std::uint64_t> total) {
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

bool FileSink::write(const char* data, std::size_t size) {
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

void FileSink::finish(HttpOutcome outcome) {
  std::lock_guard<std::mutex> lock(mutex_);
  outcome_ = std::move(outcome);
  changed_.notify_all();
}

void FileSink::cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_ = true;
  changed_.notify_all();
}

Ending FileSink::waitForEnd(const FileDownloadSettings& settings, TimeSource& time,
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

void FileSink::commit() {
  const bool flushed = std::fflush(file_) == 0 &&
                       (durability_ == Durability::CacheOnly || ::fsync(::fileno(file_)) == 0);
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) throw Error(systemError("could not write", temp_));
}

bool FileSink::startWriteback() {
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

void FileSink::closeFile() {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
}

void FileSink::log(LogLevel level, const std::string& line) const {
  if (log_) log_(level, line);
}

void FileSink::reportResumptions(
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

void FileSink::report(const ProgressFn& progress, std::unique_lock<std::mutex>& lock,
                      std::uint64_t done, Ending& ending) {
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

}  // namespace useapi::luma::detail
