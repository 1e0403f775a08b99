// What the journal does with the file it is given: a file that is not a journal is refused and
// left byte for byte; a journal of the first, text format is converted once, crash-safely.

#include <gmock/gmock.h>
#include <sqlite3.h>

#include "client/journal_fixture.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using JournalFiles = JournalTest;

// Creates an SQLite database at `path` running `sql`.
void makeDatabase(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

struct ForeignFile {
  const char* name;
  std::string bytes;  // empty: made by `sql` instead
  std::string sql;
};

TEST_F(JournalFiles, AFileThatIsNotAJournalIsRefusedAndLeftByteForByte) {
  const ForeignFile files[] = {
      {"notes", "shopping list\nmilk\n", ""},
      {"no newline", "created j1v", ""},
      {"a journal line then prose", "created j1v\nDear diary,\n", ""},
      {"binary",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0",
                   10),
       ""},
      {"someone's database", "",
       "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');"},
      {"a journal of a newer schema", "",
       "PRAGMA application_id = 1279939150; PRAGMA user_version = 99; CREATE TABLE jobs (x);"},
  };
  for (const auto& file : files) {
    SCOPED_TRACE(file.name);
    const fs::path path = folder_ / "file";
    if (file.sql.empty()) {
      write(path, file.bytes);
    } else {
      makeDatabase(path, file.sql);
    }
    const std::string before = contents(path);
    try {
      Client client(journaled(path));
      ADD_FAILURE() << "a client opened it as its journal";
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), HasSubstr(path.string()));
      EXPECT_THAT(error.what(), HasSubstr("left unchanged"));
    }
    EXPECT_EQ(contents(path), before);
    EXPECT_THAT(filesInFolder(), ElementsAre("file"));  // no backup, no log, no temporary file
    fs::remove(path);
  }
  EXPECT_EQ(server_->jobsCreated(), 0u);
}

TEST_F(JournalFiles, ATextJournalIsConvertedOnceAndKeptAsV1) {
  const fs::path journal = folder_ / "jobs.journal";
  // What the text journal could hold: finished jobs, an escaped id, and a torn last line (a
  // write cut by a crash: its job was never returned to anyone).
  const std::string text =
      "created j1v-done\ncreated j2v-open\nfinal j1v-done\ncreated a%0Ab%20c%25\n"
      "created j3v-torn";
  write(journal, text);
  std::string created;
  {
    Client client(journaled(journal));
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre("j2v-open", "a\nb c%"));
    created = client.generateVideo(videoRequest()).jobid;
    EXPECT_THAT(client.unacknowledgedJobs(), ElementsAre("j2v-open", "a\nb c%", created));
  }
  EXPECT_EQ(contents(journal).substr(0, 16), std::string("SQLite format 3\0", 16));
  EXPECT_EQ(contents(journal.string() + ".v1"), text);
  EXPECT_THAT(filesInFolder(), ElementsAre("jobs.journal", "jobs.journal.v1"));

  // Opened again: read as it is, not converted twice.
  fs::remove(journal.string() + ".v1");
  EXPECT_THAT(unfinishedIn(journal), ElementsAre("j2v-open", "a\nb c%", created));
  EXPECT_THAT(filesInFolder(), ElementsAre("jobs.journal"));
}

TEST_F(JournalFiles, AConversionCutShortByACrashIsRedoneFromTheWholeText) {
  // A crash before the rename leaves the text whole at the path, and the database being built
  // (and maybe a backup) beside it: both are replaced, never read.
  const fs::path journal = folder_ / "jobs.journal";
  write(journal, "created j1v-open\n");
  write(journal.string() + ".migrating", "SQLite format 3");
  write(journal.string() + ".migrating-journal", "half a rollback journal");
  write(journal.string() + ".v1", "created j0v-stale\n");
  EXPECT_THAT(unfinishedIn(journal), ElementsAre("j1v-open"));
  EXPECT_EQ(contents(journal.string() + ".v1"), "created j1v-open\n");
  EXPECT_THAT(filesInFolder(), ElementsAre("jobs.journal", "jobs.journal.v1"));
}

TEST_F(JournalFiles, AnEmptyFileBecomesAJournal) {
  const fs::path journal = folder_ / "jobs.journal";
  write(journal, "");
  std::string created;
  {
    Client client(journaled(journal));
    EXPECT_THAT(client.unacknowledgedJobs(), IsEmpty());
    created = client.generateVideo(videoRequest()).jobid;
  }
  EXPECT_THAT(unfinishedIn(journal), ElementsAre(created));
}

}  // namespace
}  // namespace useapi::luma::testing
