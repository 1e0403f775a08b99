#include "batch_results.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <variant>

#include "local_files.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {

std::string resultStatus(BatchItemState state) {
  switch (state) {
    case BatchItemState::Completed:
    case BatchItemState::Failed:
    case BatchItemState::Rejected:
    case BatchItemState::Uncertain:
      return std::string(toString(state));
    default:
      return "pending";
  }
}

nlohmann::ordered_json resultLine(const BatchItemResult& item) {
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& file : item.files) files.push_back(file.string());
  return {{"id", item.id},
          {"type", item.type},
          {"status", resultStatus(item.state)},
          {"jobids", item.jobids},
          {"files", files},
          {"error", item.error.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(item.error)}};
}

std::string resultText(const nlohmann::ordered_json& line) {
  return line.dump(-1, ' ', /*ensure_ascii=*/true,
                   nlohmann::ordered_json::error_handler_t::replace);
}

BatchResults::BatchResults(std::filesystem::path file, const std::vector<BatchItem>& items)
    : file_(std::move(file)) {
  for (const BatchItem& item : items) {
    BatchItemResult result;
    result.id = item.id;
    result.type = std::holds_alternative<ImageRequest>(item.request) ? "image" : "video";
    items_.push_back(std::move(result));
  }
}

void BatchResults::merge(const BatchReport& report) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const BatchItemResult& known : report.items) {
    for (BatchItemResult& item : items_) {
      if (item.id == known.id && item.type == known.type) item = known;
    }
  }
  dirty_ = true;
}

void BatchResults::update(const BatchItemResult& known) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (BatchItemResult& item : items_) {
    if (item.id == known.id) item = known;
  }
  dirty_ = true;
}

std::string BatchResults::textLocked() const {
  std::string text;
  for (const BatchItemResult& item : items_) text += resultText(resultLine(item)) + '\n';
  return text;
}

std::string BatchResults::text() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return textLocked();
}

void BatchResults::writeLocked() {
  writeFileAtomically(file_, textLocked());
  dirty_ = false;
  last_write_ = std::chrono::steady_clock::now();
}

void BatchResults::writeIfDue(std::chrono::milliseconds min_interval) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!dirty_ || std::chrono::steady_clock::now() - last_write_ < min_interval) return;
  try {
    writeLocked();
  } catch (const std::exception& error) {
    last_write_ = std::chrono::steady_clock::now();  // not again at once
    if (!warned_) std::cerr << "luma: " << printable(error.what()) << " (will try again)\n";
    warned_ = true;
  }
}

void BatchResults::writeNow() {
  std::lock_guard<std::mutex> lock(mutex_);
  writeLocked();
}

void writeFileAtomically(const std::filesystem::path& file, const std::string& text) {
  const std::filesystem::path temporary =
      file.parent_path() / ("." + file.filename().string() + ".tmp-" + std::to_string(getpid()));
  const auto fail = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    unlink(temporary.c_str());
    throw LocalIoError("cannot write " + file.string() + ": " + what + ": " + reason);
  };
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create " + temporary.string());
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t count = write(fd, text.data() + written, text.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      close(fd);
      fail("write failed");
    }
    written += static_cast<std::size_t>(count);
  }
  if (fsync(fd) != 0) {
    close(fd);
    fail("fsync failed");
  }
  if (close(fd) != 0) fail("close failed");
  if (rename(temporary.c_str(), file.c_str()) != 0) fail("rename failed");
}

}  // namespace useapi::luma::cli
