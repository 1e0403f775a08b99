#pragma once
// The body sink of one download: the temporary file, written on the I/O thread, and what the
// waiting thread learns of the transfer (its progress, resumptions, a cancel, its end).

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "download/file_download.hpp"
#include "download/resume_point.hpp"
#include "transport/http_types.hpp"

namespace useapi::luma::detail {

/// "<what> <path>: (<the system's reason>)" for the errno of a failed file operation, saying
/// when the disk is full.
std::string systemError(const std::string& what, const std::filesystem::path& path);

/// Why the waiting thread ended a transfer before it finished.
enum class Interruption { None, Cancelled, TimedOut, ProgressThrew };

/// How the wait for a transfer ended.
struct Ending {
  HttpOutcome outcome;
  Interruption interruption = Interruption::None;
  std::exception_ptr progress_error;
};

/// The temporary file, written on the I/O thread; progress, a resumption, a cancel and the end
/// are reported to the waiting thread (which runs the callbacks) through a mutex and condition
/// variable. A retry after a cut asks for the rest of the file when the server allows it.
class FileSink final : public BodySink {
 public:
  using Log = std::function<void(LogLevel, const std::string&)>;

  FileSink(std::FILE* file, std::filesystem::path temp, Durability durability, std::string endpoint,
           Log log)
      : temp_(std::move(temp)),
        durability_(durability),
        endpoint_(std::move(endpoint)),
        log_(std::move(log)),
        file_(file) {}
  ~FileSink() override { closeFile(); }

  void header(std::string_view line) override { resume_.header(line); }

  /// I/O thread, before each attempt: a retry after some bytes were saved asks for the rest.
  std::vector<std::string> attemptHeaders() override;

  /// I/O thread: a 206 to this attempt; true when it continues the file.
  bool resume() override;

  void begin(std::optional<std::uint64_t> total) override;

  bool write(const char* data, std::size_t size) override;

  std::string failureMessage() const override { return failure_; }

  /// I/O thread: the exchange has ended.
  void finish(HttpOutcome outcome);

  /// Any thread (a CancelToken's): wakes the waiting thread to stop the transfer.
  void cancel();

  /// Waiting thread: reports resumptions and progress until the exchange ends. A cancel, the
  /// deadline or an exception from a callback calls `stop` once and waits on for the end, so
  /// that the I/O thread is done with the file when this returns.
  Ending waitForEnd(const FileDownloadSettings& settings, TimeSource& time,
                    const std::function<void()>& stop);

  /// Waiting thread, after a 200: flushes the file (to disk, when Synced) and closes it.
  void commit();

  /// I/O thread: starts writing the bytes not yet handed to the disk, without waiting for them.
  bool startWriteback();

  /// Closes the file, unless already closed; the transfer has ended.
  void closeFile();

  /// Waiting thread, once the exchange has ended: whether its last answer continued the file.
  bool resumedLastAttempt() const { return resumed_; }
  /// Why a 206 was refused, if one was.
  const std::string& partialProblem() const { return partial_problem_; }
  /// The whole file's size as the server announced it.
  std::optional<std::uint64_t> announcedTotal() const { return resume_.total(); }

 private:
  void log(LogLevel level, const std::string& line) const;

  /// Runs `on_resume` unlocked for each resumption not yet reported; keeps what it throws.
  void reportResumptions(
      const std::function<void(std::uint64_t, std::optional<std::uint64_t>)>& on_resume,
      std::unique_lock<std::mutex>& lock, Ending& ending);

  /// Runs `progress` unlocked; keeps what it throws in `ending`.
  void report(const ProgressFn& progress, std::unique_lock<std::mutex>& lock, std::uint64_t done,
              Ending& ending);

  const std::filesystem::path temp_;
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

}  // namespace useapi::luma::detail
