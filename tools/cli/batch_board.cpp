#include "batch_board.hpp"

#include <unistd.h>

#include <sstream>

#include "terminal_screen.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {
namespace {

constexpr const char* kBoardClearBelow = "\r\x1b[J";

std::string boardDuration(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  std::ostringstream text;
  if (seconds >= 3600) text << seconds / 3600 << "h";
  if (seconds >= 60) text << (seconds % 3600) / 60 << "m";
  text << seconds % 60 << "s";
  return text.str();
}

std::int64_t boardNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool sameCounts(const BatchProgress& a, const BatchProgress& b) {
  return a.queued == b.queued && a.running == b.running && a.saving == b.saving &&
         a.completed == b.completed && a.failed == b.failed;
}

}  // namespace

BatchBoard::BatchBoard(Mode mode, std::ostream& out, std::filesystem::path state_file,
                       std::size_t total)
    : mode_(mode), out_(out), state_file_(std::move(state_file)) {
  progress_.total = total;
  progress_.queued = total;
  if (mode_ != Mode::Live) return;
  watchTerminalResizes();
  const TerminalSize size = terminalSize();
  width_ = size.columns;
  height_ = size.rows;
  std::lock_guard<std::mutex> lock(mutex_);
  drawLocked();
  ticker_ = std::thread([this] { tick(); });
}

BatchBoard::~BatchBoard() { finish(); }

std::string BatchBoard::summary(const BatchProgress& progress, std::size_t width) {
  std::ostringstream counts;
  counts << "batch: " << progress.completed << "/" << progress.total << " done, "
         << progress.running << " running";
  if (progress.saving > 0) counts << ", " << progress.saving << " saving";
  counts << ", " << progress.queued << " queued, " << progress.failed << " failed";
  std::string line = counts.str();
  // What is left of the line on a narrow terminal: whole fields, never a number cut.
  std::vector<std::string> fields = {
      "batch: " + std::to_string(progress.completed) + "/" + std::to_string(progress.total) +
          " done",
      std::to_string(progress.running) + " running", std::to_string(progress.saving) + " saving",
      std::to_string(progress.queued) + " queued", std::to_string(progress.failed) + " failed"};

  std::ostringstream slots;
  int ours = 0;
  int capacity = 0;
  for (const BatchAccountSlots& account : progress.accounts) {
    ours += account.ours;
    capacity += account.capacity;
    slots << "  " << printable(account.email) << " " << account.ours << "/" << account.capacity;
    if (account.foreign > 0) slots << " (+" << account.foreign << " other)";
    if (account.quarantined) {
      slots << " quarantined";
    } else if (account.full) {
      slots << " full";
    }
  }
  std::string eta;
  if (progress.eta) eta = "  ETA " + boardDuration(progress.eta->count());
  // Every account's slots when they fit, else their sum, else none: the ETA is kept.
  const std::string total_slots = progress.accounts.empty()
                                      ? std::string()
                                      : "  slots " + std::to_string(ours) + "/" +
                                            std::to_string(capacity) + " on " +
                                            std::to_string(progress.accounts.size()) + " account" +
                                            (progress.accounts.size() == 1 ? "" : "s");
  for (const std::string& slots_text : {slots.str(), total_slots, std::string()}) {
    if (width == 0 || line.size() + slots_text.size() + eta.size() < width) {
      return line.append(slots_text).append(eta);
    }
  }
  if (progress.saving == 0) fields.erase(fields.begin() + 2);
  if (progress.eta) fields.push_back("ETA " + boardDuration(progress.eta->count()));
  return fitFields(fields, width);
}

std::string BatchBoard::resultText(const BatchItemResult& item) {
  std::string line = printable(item.id) + "  " + std::string(toString(item.state));
  if (!item.error.empty()) line += ": " + printable(item.error);
  for (const auto& file : item.files) line += "  " + printable(file.string());
  return line;
}

std::vector<std::string> BatchBoard::runningLines(std::size_t room) const {
  std::vector<std::string> lines;
  const std::int64_t now = boardNowMs();
  for (std::size_t i = 0; i < running_.size(); ++i) {
    if (lines.size() + 1 == room && running_.size() > room) {
      lines.push_back("  ... and " + std::to_string(running_.size() - i) + " more");
      break;
    }
    const BatchItemResult& item = running_[i];
    // Whole fields as far as they fit: an id, an account or a duration is never cut.
    std::vector<std::string> fields = {" ", printable(item.id), std::string(toString(item.state)),
                                       printable(item.account)};
    if (item.submitted_ms) fields.push_back(boardDuration((now - *item.submitted_ms) / 1000));
    std::string line = fitFields(fields, width_ + 1);  // " " + "  " is the two-space indent
    lines.push_back(line.size() > 1 ? line.substr(1) : std::string());
  }
  return lines;
}

void BatchBoard::eraseLocked() {
  if (drawn_ > 1) out_ << "\x1b[" << drawn_ - 1 << "A";
  if (drawn_ > 0) out_ << kBoardClearBelow;
  drawn_ = 0;
}

void BatchBoard::drawLocked() {
  eraseLocked();
  if (terminalWasResized()) {  // redrawn whole, from the board's top, at the new size
    const TerminalSize size = terminalSize();
    width_ = size.columns;
    height_ = size.rows;
  }
  std::vector<std::string> lines = {summary(progress_, width_)};
  const std::size_t room = height_ > 2 ? height_ - 2 : 0;
  for (auto& line : runningLines(room)) lines.push_back(std::move(line));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out_ << lines[i];
    if (i + 1 < lines.size()) out_ << '\n';  // the cursor stays on the last line
  }
  out_.flush();
  drawn_ = lines.size();
}

void BatchBoard::progress(const BatchProgress& progress) {
  std::lock_guard<std::mutex> lock(mutex_);
  progress_ = progress;
  if (mode_ == Mode::Live && !stopping_) drawLocked();
  if (mode_ == Mode::Plain && (!printed_ || !sameCounts(*printed_, progress))) {
    out_ << summary(progress, 0) << std::endl;
    printed_ = progress;
  }
}

void BatchBoard::result(const BatchItemResult& item) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto row = running_.begin(); row != running_.end(); ++row) {
      if (row->id == item.id) {
        running_.erase(row);  // final: no longer a running line, whatever the last read said
        break;
      }
    }
  }
  note(resultText(item));
}

void BatchBoard::note(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_ == Mode::Quiet) return;
  if (mode_ == Mode::Plain || stopping_) {
    out_ << text << std::endl;
    return;
  }
  eraseLocked();
  out_ << text << '\n';  // stays in the scrollback whole (its paths and ids), wrapped if need be
  drawLocked();
}

void BatchBoard::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    if (mode_ == Mode::Live) {
      running_.clear();
      drawLocked();
      out_ << '\n';
      out_.flush();
      drawn_ = 0;
    }
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void BatchBoard::tick() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(1000));
    if (stopping_) break;
    lock.unlock();
    std::vector<BatchItemResult> running;
    try {
      // The state file is readable while the batch writes it (batch.hpp): the running items.
      for (auto& item : readBatchState(state_file_).items) {
        if (item.state == BatchItemState::Submitting || item.state == BatchItemState::Running ||
            item.state == BatchItemState::Saving) {
          running.push_back(std::move(item));
        }
      }
    } catch (const std::exception&) {
      // Not created yet, or busy: the summary line alone this time.
    }
    lock.lock();
    if (stopping_) break;
    running_ = std::move(running);
    drawLocked();
  }
}

}  // namespace useapi::luma::cli
