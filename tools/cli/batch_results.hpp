#pragma once
// DIR/results.jsonl of `luma batch`: one JSON line per item in input order, rewritten
// atomically (a temporary file renamed over it) as items finish.

#include <chrono>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <useapi/luma.hpp>
#include <useapi/luma/batch.hpp>
#include <vector>

namespace useapi::luma::cli {

/// The results document's status of an item: "completed", "failed", "rejected", "uncertain", or
/// "pending" for an item on its way (queued, submitting, running, saving).
std::string resultStatus(BatchItemState state);

/// One line of the results document: {"id", "type", "status", "jobids", "files", "error"}
/// (error null when there is none).
nlohmann::ordered_json resultLine(const BatchItemResult& item);

/// The line as written: compact, every non-ASCII character escaped, invalid UTF-8 replaced.
std::string resultText(const nlohmann::ordered_json& line);

/// The results of one batch, kept in input order and written to `file`. Thread-safe.
class BatchResults {
 public:
  /// Every item pending.
  BatchResults(std::filesystem::path file, const std::vector<BatchItem>& items);

  /// Takes the state of every item `report` knows (a state file a previous run left).
  void merge(const BatchReport& report);
  /// An item reached a final state.
  void update(const BatchItemResult& item);
  /// Writes the file when something changed since the last write and `min_interval` has passed
  /// since it (a batch of thousands of items is not rewritten thousands of times a second).
  /// Never throws: a failure is kept for writeNow() to report and said once on stderr.
  void writeIfDue(std::chrono::milliseconds min_interval = std::chrono::milliseconds(250));
  /// Writes the file now. Throws LocalIoError when it cannot be written.
  void writeNow();
  /// The document's text: one line per item.
  std::string text() const;

 private:
  std::string textLocked() const;
  void writeLocked();

  std::filesystem::path file_;
  mutable std::mutex mutex_;
  std::vector<BatchItemResult> items_;
  bool dirty_ = true;
  bool warned_ = false;
  std::chrono::steady_clock::time_point last_write_{};
};

/// Writes `text` to `file` through a temporary file in the same folder, synced and renamed over
/// it, so that a reader sees the old or the new content, never a part. Throws LocalIoError.
void writeFileAtomically(const std::filesystem::path& file, const std::string& text);

}  // namespace useapi::luma::cli
