#pragma once
// A status line per job while the CLI waits and downloads: redrawn in place with escape codes on
// a terminal, plain lines (no escape codes) when stdout is a pipe or file, nothing with --json.
// Server text on a line (statuses, URLs, ids) is escaped with printable(). The live board keeps to
// the screen: a summary line plus as many job lines as the rows allow, each shortened at a field
// boundary to the width, redrawn whole from its top after a resize.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace useapi::luma::cli {

/// The status lines of a set of jobs. Thread-safe.
class StatusBoard {
 public:
  /// How the lines are shown.
  enum class Mode {
    Live,   ///< Redrawn in place on a terminal, elapsed seconds ticking.
    Plain,  ///< One plain line per change, each with the whole job id.
    Quiet   ///< Nothing (--json).
  };

  /// A board for `jobids`, all starting now as "submitted"; draws them at once. On a terminal too
  /// narrow for whole ids, the rows are labelled #1, #2, ... and a legend giving each label's
  /// whole id is printed first (it stays in the scrollback).
  StatusBoard(std::vector<std::string> jobids, Mode mode, std::ostream& out);
  /// Stops redrawing (as finish() does).
  ~StatusBoard();
  StatusBoard(const StatusBoard&) = delete;
  StatusBoard& operator=(const StatusBoard&) = delete;

  /// The job's status changed; a final status stops its clock.
  void setStatus(const std::string& jobid, const std::string& status, bool final);
  /// Polls of the job are failing ("retrying: could not connect, 3rd try"), or, with an empty
  /// note, answer again.
  void setRetrying(const std::string& jobid, const std::string& note);
  /// A download of the job's `kind` of media (video, thumbnail, ...) from `url` starts.
  void downloading(const std::string& jobid, const std::string& kind, const std::string& url);
  /// A download of the job's media progressed.
  void setProgress(const std::string& jobid, std::uint64_t done,
                   std::optional<std::uint64_t> total);
  /// A file of the job was saved.
  void saved(const std::string& jobid, const std::filesystem::path& file, std::uint64_t bytes);
  /// A file of the job could not be saved.
  void saveFailed(const std::string& jobid, const std::string& url, const std::string& reason);
  /// Draws the last state and stops redrawing.
  void finish();

 private:
  struct Row {
    std::string jobid;
    std::string label;  // what the live board shows: the whole id, or #n
    std::string status = "submitted";
    std::string retrying;
    std::string detail;
    std::chrono::steady_clock::time_point started;
    std::optional<std::chrono::steady_clock::time_point> ended;
  };

  Row* find(const std::string& jobid);
  std::string render(const Row& row) const;
  std::vector<std::string> liveFields(const Row& row) const;
  std::string summaryLocked(std::size_t hidden) const;
  bool labelsFitLocked() const;
  void printLegendLocked();
  void drawAllLocked();
  void printLocked(const Row& row);
  void tick();

  Mode mode_;
  std::ostream& out_;
  std::size_t width_ = 80;
  std::size_t height_ = 24;
  std::vector<Row> rows_;
  std::chrono::steady_clock::time_point started_;
  bool legend_printed_ = false;
  std::size_t drawn_lines_ = 0;  // lines of the last frame, the cursor below them
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
};

}  // namespace useapi::luma::cli
