#include "status_line.hpp"

#include <algorithm>
#include <sstream>

#include "terminal_screen.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kClearLine = "\r\x1b[2K";
constexpr const char* kClearBelow = "\x1b[J";
// Room a live line needs beside its label: status, seconds, a retry note or download detail.
constexpr std::size_t kRoomBesideLabel = 48;

}  // namespace

StatusBoard::StatusBoard(std::vector<std::string> jobids, Mode mode, std::ostream& out)
    : mode_(mode), out_(out) {
  const auto now = Clock::now();
  started_ = now;
  for (auto& jobid : jobids) {
    Row row;
    row.jobid = std::move(jobid);
    row.label = printable(row.jobid);
    row.started = now;
    rows_.push_back(std::move(row));
  }
  if (mode_ == Mode::Quiet) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_ == Mode::Plain) {
    for (const Row& row : rows_) printLocked(row);
    return;
  }
  watchTerminalResizes();
  const TerminalSize size = terminalSize();
  width_ = size.columns;
  height_ = size.rows;
  // A label is never a piece of the id (the 4 images of a batch share all but their uuid): the
  // whole id, or a number whose whole id the legend gives, and the summary at the end repeats.
  if (!labelsFitLocked()) printLegendLocked();
  drawAllLocked();
  ticker_ = std::thread([this] { tick(); });
}

StatusBoard::~StatusBoard() { finish(); }

StatusBoard::Row* StatusBoard::find(const std::string& jobid) {
  for (Row& row : rows_) {
    if (row.jobid == jobid) return &row;
  }
  return nullptr;
}

std::string StatusBoard::render(const Row& row) const {
  const auto end = row.ended.value_or(Clock::now());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(end - row.started).count();
  std::ostringstream line;
  line << (mode_ == Mode::Live ? row.label : printable(row.jobid)) << "  " << printable(row.status)
       << "  " << seconds << "s";
  if (!row.retrying.empty()) line << "  " << printable(row.retrying);
  if (!row.detail.empty()) line << "  " << printable(row.detail);
  return line.str();
}

void StatusBoard::printLocked(const Row& row) { out_ << render(row) << std::endl; }

std::vector<std::string> StatusBoard::liveFields(const Row& row) const {
  const auto end = row.ended.value_or(Clock::now());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(end - row.started).count();
  return {row.label, printable(row.status), std::to_string(seconds) + "s", printable(row.retrying),
          printable(row.detail)};
}

std::string StatusBoard::summaryLocked(std::size_t hidden) const {
  const auto ended = static_cast<std::size_t>(
      std::count_if(rows_.begin(), rows_.end(), [](const Row& row) { return row.ended; }));
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_).count();
  // The counts first: on a narrow terminal the fields at the end are left out.
  std::vector<std::string> fields = {
      std::to_string(ended) + "/" + std::to_string(rows_.size()) + " done",
      std::to_string(rows_.size() - ended) + " waiting"};
  if (hidden > 0) fields.push_back("... and " + std::to_string(hidden) + " more");
  fields.push_back(std::to_string(seconds) + "s");
  return fitFields(fields, width_);
}

bool StatusBoard::labelsFitLocked() const {
  return std::all_of(rows_.begin(), rows_.end(), [this](const Row& row) {
    return displayWidth(row.label) + kRoomBesideLabel <= width_;
  });
}

void StatusBoard::printLegendLocked() {
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    rows_[i].label = "#" + std::to_string(i + 1);
    out_ << kClearLine << rows_[i].label << "  " << printable(rows_[i].jobid) << '\n';
  }
  legend_printed_ = true;
}

void StatusBoard::drawAllLocked() {
  // Back to the top of the last frame: every frame is redrawn whole from there.
  out_ << '\r';
  for (std::size_t i = 0; i < drawn_lines_; ++i) out_ << "\x1b[A";
  if (terminalWasResized()) {
    const TerminalSize size = terminalSize();
    width_ = size.columns;
    height_ = size.rows;
    out_ << '\r' << kClearBelow;  // lines the terminal rewrapped go too
    if (!legend_printed_ && !labelsFitLocked()) printLegendLocked();
  }
  // A summary line and as many job lines as leave the cursor on the screen below them (rows - 1
  // lines in all): jobs still waiting first, in their order, then finished ones.
  const std::size_t job_lines = std::min(rows_.size(), height_ > 2 ? height_ - 2 : 0);
  std::vector<const Row*> shown;
  for (const Row& row : rows_) {
    if (!row.ended) shown.push_back(&row);
  }
  for (const Row& row : rows_) {
    if (row.ended) shown.push_back(&row);
  }
  shown.resize(job_lines);
  out_ << kClearLine << summaryLocked(rows_.size() - job_lines) << '\n';
  for (const Row* row : shown) out_ << kClearLine << fitFields(liveFields(*row), width_) << '\n';
  out_ << kClearBelow;
  out_.flush();
  drawn_lines_ = 1 + shown.size();
}

void StatusBoard::setStatus(const std::string& jobid, const std::string& status, bool final) {
  std::lock_guard<std::mutex> lock(mutex_);
  Row* row = find(jobid);
  if (row == nullptr) return;
  const bool answered_again = !row->retrying.empty();
  row->retrying.clear();  // a record arrived: the polls work again
  if (row->status == status && !answered_again) return;
  row->status = status;
  if (final && !row->ended) row->ended = Clock::now();
  if (mode_ == Mode::Live) drawAllLocked();
  if (mode_ == Mode::Plain) printLocked(*row);
}

void StatusBoard::setRetrying(const std::string& jobid, const std::string& note) {
  std::lock_guard<std::mutex> lock(mutex_);
  Row* row = find(jobid);
  if (row == nullptr || row->retrying == note) return;
  row->retrying = note;
  if (mode_ == Mode::Live) drawAllLocked();
  if (mode_ == Mode::Plain) printLocked(*row);
}

void StatusBoard::downloading(const std::string& jobid, const std::string& kind,
                              const std::string& url) {
  std::lock_guard<std::mutex> lock(mutex_);
  Row* row = find(jobid);
  if (row == nullptr) return;
  row->detail = "downloading " + kind;
  if (mode_ == Mode::Live) drawAllLocked();
  if (mode_ == Mode::Plain) {
    out_ << printable(row->jobid) << "  downloading " << kind << " " << printable(url) << std::endl;
  }
}

void StatusBoard::setProgress(const std::string& jobid, std::uint64_t done,
                              std::optional<std::uint64_t> total) {
  std::lock_guard<std::mutex> lock(mutex_);
  Row* row = find(jobid);
  if (row == nullptr) return;
  std::ostringstream detail;
  detail << "downloading " << done;
  if (total && *total > 0) {
    detail << "/" << *total << " bytes (" << done * 100 / *total << "%)";
  } else {
    detail << " bytes";
  }
  row->detail = detail.str();  // the ticker redraws it; plain mode reports saved files only
}

void StatusBoard::saved(const std::string& jobid, const std::filesystem::path& file,
                        std::uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  Row* row = find(jobid);
  if (row == nullptr) return;
  row->detail = "saved " + file.filename().string() + " (" + std::to_string(bytes) + " bytes)";
  if (mode_ == Mode::Live) drawAllLocked();
  if (mode_ == Mode::Plain) {
    out_ << printable(row->jobid) << "  saved " << printable(file.string()) << " (" << bytes
         << " bytes)" << std::endl;
  }
}

void StatusBoard::saveFailed(const std::string& jobid, const std::string& url,
                             const std::string& reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  Row* row = find(jobid);
  if (row == nullptr) return;
  row->detail = "could not save a file (listed at the end)";
  if (mode_ == Mode::Live) drawAllLocked();
  if (mode_ == Mode::Plain) {
    out_ << printable(row->jobid) << "  could not save " << printable(url) << ": "
         << printable(reason) << std::endl;
  }
}

void StatusBoard::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    if (mode_ == Mode::Live) drawAllLocked();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

void StatusBoard::tick() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    if (!stopping_) drawAllLocked();
  }
}

}  // namespace useapi::luma::cli
