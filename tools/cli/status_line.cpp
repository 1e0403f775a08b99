#include "status_line.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <sstream>

namespace useapi::luma::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kCursorUp = "\x1b[A";
constexpr const char* kClearLine = "\r\x1b[2K";

std::size_t terminalWidth() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10) return size.ws_col;
  return 80;
}

}  // namespace

StatusBoard::StatusBoard(std::vector<std::string> jobids, Mode mode, std::ostream& out)
    : mode_(mode), out_(out) {
  const auto now = Clock::now();
  for (auto& jobid : jobids) {
    Row row;
    row.jobid = std::move(jobid);
    row.started = now;
    rows_.push_back(std::move(row));
  }
  if (mode_ == Mode::Quiet) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_ == Mode::Plain) {
    for (const Row& row : rows_) printLocked(row);
    return;
  }
  width_ = terminalWidth();
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
  // On a terminal the id's first part ("j1000000001i", as in the saved file names) keeps the
  // line short enough not to wrap; plain lines keep the whole id for scripts.
  const std::string label =
      mode_ == Mode::Live ? row.jobid.substr(0, row.jobid.find('-')) : row.jobid;
  line << label << "  " << row.status << "  " << seconds << "s";
  if (!row.detail.empty()) line << "  " << row.detail;
  return line.str();
}

void StatusBoard::printLocked(const Row& row) { out_ << render(row) << std::endl; }

void StatusBoard::drawAllLocked() {
  if (drawn_) {
    for (std::size_t i = 0; i < rows_.size(); ++i) out_ << kCursorUp;
  }
  for (const Row& row : rows_) {
    std::string line = render(row);
    if (line.size() >= width_) line = line.substr(0, width_ - 1);  // a wrapped line breaks redraw
    out_ << kClearLine << line << '\n';
  }
  out_.flush();
  drawn_ = true;
}

void StatusBoard::setStatus(const std::string& jobid, const std::string& status, bool final) {
  std::lock_guard<std::mutex> lock(mutex_);
  Row* row = find(jobid);
  if (row == nullptr || row->status == status) return;
  row->status = status;
  if (final && !row->ended) row->ended = Clock::now();
  if (mode_ == Mode::Live) drawAllLocked();
  if (mode_ == Mode::Plain) printLocked(*row);
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
    out_ << row->jobid << "  saved " << file.string() << " (" << bytes << " bytes)" << std::endl;
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
