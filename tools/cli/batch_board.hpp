#pragma once
// What `luma batch` shows while it runs: on a terminal, one summary line (done, running, queued,
// failed, slots per account, ETA) redrawn in place with a line per running item below it as far
// as the screen allows; otherwise a plain line per change; nothing with --json.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <useapi/luma.hpp>
#include <useapi/luma/batch.hpp>
#include <vector>

namespace useapi::luma::cli {

/// The live display of a batch. Thread-safe.
class BatchBoard {
 public:
  /// How it is shown.
  enum class Mode {
    Live,   ///< Redrawn in place on a terminal.
    Plain,  ///< A plain line per change (no escape codes).
    Quiet   ///< Nothing (--json).
  };

  /// A board for a batch of `total` items whose state file is `state_file` (read while live to
  /// list the running items).
  BatchBoard(Mode mode, std::ostream& out, std::filesystem::path state_file, std::size_t total);
  /// Stops redrawing (as finish() does).
  ~BatchBoard();
  BatchBoard(const BatchBoard&) = delete;
  BatchBoard& operator=(const BatchBoard&) = delete;

  /// The batch's counts or slots changed.
  void progress(const BatchProgress& progress);
  /// An item reached a final state: a line that stays (above the live lines).
  void result(const BatchItemResult& item);
  /// A line that stays (above the live lines), e.g. that Ctrl-C was seen.
  void note(const std::string& text);
  /// Draws the last state and stops redrawing.
  void finish();

  /// The summary line of `progress` (done, running, queued, failed, slots, ETA), at most `width`
  /// characters when width is not zero.
  static std::string summary(const BatchProgress& progress, std::size_t width);
  /// "id  completed  files" or "id  failed: error", escaped.
  static std::string resultText(const BatchItemResult& item);

 private:
  void drawLocked();
  void eraseLocked();
  void tick();
  std::vector<std::string> runningLines(std::size_t room) const;

  Mode mode_;
  std::ostream& out_;
  std::filesystem::path state_file_;
  BatchProgress progress_;
  std::optional<BatchProgress> printed_;  // the counts last printed (plain mode)
  std::vector<BatchItemResult> running_;  // from the state file, refreshed while live
  std::size_t width_ = 80;
  std::size_t height_ = 24;
  std::size_t drawn_ = 0;  // live lines on screen
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
};

}  // namespace useapi::luma::cli
