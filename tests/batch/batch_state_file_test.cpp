// The state file as another tool sees it: SQLite with its own application_id, one row per item
// in columns a user can query, and each item's row on the disk before its POST is answered.

#include <gmock/gmock.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "batch/batch_fixture.hpp"

namespace useapi::luma::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class BatchStateFile : public BatchTest {};

// Rows of `sql` on the file, each as its columns' text joined by '|'.
std::vector<std::string> query(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> rows;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    ADD_FAILURE() << "cannot open " << file;
    return rows;
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(db);
  }
  while (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const auto* text = sqlite3_column_text(statement, i);
      row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

TEST_F(BatchStateFile, AnotherToolReadsOneRowPerItemInNamedColumns) {
  const BatchOptions options = batchOptions();
  runBatch(batchClientOptions(), {video("fox", "a red fox"), image("birds")}, options);

  EXPECT_THAT(query(options.state_file, "PRAGMA application_id"),
              ::testing::ElementsAre(std::to_string(0x4C424154)));
  const auto rows = query(options.state_file,
                          "SELECT position, id, type, state, account, json_array_length(jobids), "
                          "json_array_length(files), attempts, submitted_ms IS NOT NULL, "
                          "finished_ms IS NOT NULL, saved_ms IS NOT NULL FROM items "
                          "ORDER BY position");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], "0|fox|video|completed|" + kFirstAccount + "|1|1|1|1|1|1");
  EXPECT_EQ(rows[1], "1|birds|image|completed|" + kFirstAccount + "|4|4|1|1|1|1");
  EXPECT_THAT(query(options.state_file, "SELECT request FROM items WHERE id = 'fox'").at(0),
              HasSubstr("\"prompt\":\"a red fox\""));
}

TEST_F(BatchStateFile, AnItemIsSubmittingOnDiskBeforeItsPostIsAnswered) {
  mock::Fault slow = fault("POST /videos", 0, "");
  slow.stall_ms = 400;  // the answer comes after this pause
  server_->queueFault(slow);
  const BatchOptions options = batchOptions();
  std::atomic<bool> done{false};
  std::string seen;
  std::thread reader([&] {
    while (!done && seen.empty()) {
      if (std::filesystem::exists(options.state_file) && received("POST", "/videos").size() == 1) {
        const auto rows = query(options.state_file,
                                "SELECT state, account, attempts, attempt_started_ms IS NOT NULL "
                                "FROM items");
        if (!rows.empty()) seen = rows[0];
      }
      std::this_thread::sleep_for(5ms);
    }
  });
  const BatchReport report = runBatch(batchClientOptions(), {video("fox")}, options);
  done = true;
  reader.join();
  EXPECT_EQ(seen, "submitting|" + kFirstAccount + "|1|1") << "the row, as the POST was on its way";
  EXPECT_EQ(report.items[0].state, BatchItemState::Completed);
}

}  // namespace
}  // namespace useapi::luma::testing
