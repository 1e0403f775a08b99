// The CLI's journal of created jobs: `luma jobs --all` lists what this machine created and has
// not saved yet, `luma job wait --resume` picks it up; --no-journal keeps none, and a journal
// held by another luma gives a warning, not a failure.

#include <chrono>
#include <csignal>
#include <thread>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

bool holds(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CliJournalTest : public CliTest {
 protected:
  std::filesystem::path defaultJournal() const { return state_home_ / "luma" / "journal.db"; }
};

TEST_F(CliJournalTest, JobsAllListsAJobCreatedHereAndNotSaved) {
  const std::string id = submitVideo();
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(std::filesystem::exists(defaultJournal()));
  const CliResult listed = run({"jobs", "--all"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(holds(listed.out, "1 created here and not saved yet")) << listed.out;
  EXPECT_TRUE(holds(listed.out, id + "\n")) << listed.out;
}

TEST_F(CliJournalTest, DefaultJournalFolderIsPrivate) {
  submitVideo();
  const auto permissions = std::filesystem::status(defaultJournal().parent_path()).permissions();
  EXPECT_EQ(permissions & std::filesystem::perms::all, std::filesystem::perms::owner_all);
}

TEST_F(CliJournalTest, JobWaitResumeSavesEveryUnsavedJobAndForgetsThem) {
  const std::string first = submitVideo("a red fox in the snow");
  const std::string second = submitVideo("a grey owl at night");
  const auto out = folder_ / "out";
  std::filesystem::create_directories(out);
  const CliResult resumed = run({"job", "wait", "--resume", "--out", out.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(filesWith(out, ".mp4").size(), 2u) << resumed.out << resumed.err;
  const auto polled = polledJobIds();
  EXPECT_NE(std::find(polled.begin(), polled.end(), first), polled.end());
  EXPECT_NE(std::find(polled.begin(), polled.end(), second), polled.end());

  const CliResult listed = run({"jobs", "--all"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(holds(listed.out, "0 created here and not saved yet")) << listed.out;
  EXPECT_FALSE(holds(listed.out, first)) << listed.out;
  const CliResult again = run({"job", "wait", "--resume", "--out", out.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(holds(again.err, "no job to resume")) << again.err;
}

TEST_F(CliJournalTest, JobWaitResumeReportsAFailedJobOnceThenForgetsIt) {
  const std::string failing = submitVideo("a red fox in the snow [mock:fail]");
  const std::string fine = submitVideo("a grey owl at night");
  ASSERT_FALSE(failing.empty());
  const auto out = folder_ / "out";
  const CliResult resumed = run({"job", "wait", "--resume", "--out", out.string()});
  EXPECT_EQ(resumed.exit_code, 3) << resumed.err;  // a job ended failed
  EXPECT_TRUE(holds(resumed.err, failing + " failed")) << resumed.err;
  EXPECT_EQ(filesWith(out, ".mp4").size(), 1u) << resumed.out << resumed.err;

  const CliResult listed = run({"jobs", "--all"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(holds(listed.out, "0 created here and not saved yet")) << listed.out;
  EXPECT_FALSE(holds(listed.out, failing)) << listed.out;
  const CliResult again = run({"job", "wait", "--resume", "--out", out.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(holds(again.err, "no job to resume")) << again.err;
  EXPECT_FALSE(holds(again.err, failing)) << again.err;
}

TEST_F(CliJournalTest, JournalOptionChoosesTheFile) {
  const auto journal = folder_ / "mine.db";
  const CliResult submitted =
      run({"--journal", journal.string(), "video", "a red fox in the snow", "--no-wait"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const std::string id = submitted.out.substr(0, submitted.out.find('\n'));
  EXPECT_TRUE(std::filesystem::exists(journal));
  EXPECT_FALSE(std::filesystem::exists(defaultJournal()));
  const CliResult listed = run({"--journal", journal.string(), "jobs", "--all"});
  EXPECT_TRUE(holds(listed.out, id + "\n")) << listed.out;
}

TEST_F(CliJournalTest, NoJournalWritesNoFile) {
  const CliResult submitted = run({"--no-journal", "video", "a red fox in the snow", "--no-wait"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  EXPECT_FALSE(std::filesystem::exists(state_home_)) << "a journal was kept";
}

TEST_F(CliJournalTest, CommandsThatCreateNoJobOpenNoJournal) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"models"}, {"--version"}, {"--help"}, {"jobs", "--help"}}) {
    const CliResult result = run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(state_home_)) << "a journal was opened";
}

class CliLockedJournalTest : public SlowJobCliTest {};

TEST_F(CliLockedJournalTest, AJournalHeldByAnotherLumaGivesAWarningNotAFailure) {
  const std::string id = submitVideo();
  ASSERT_FALSE(id.empty());
  auto waiting = start({"job", "wait", id}, environment());  // holds the journal while it waits
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (polledJobIds().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(polledJobIds().empty()) << "the background wait never polled";

  const CliResult submitted = run({"video", "a grey owl at night", "--no-wait"});
  EXPECT_EQ(submitted.exit_code, 0) << submitted.err;
  EXPECT_TRUE(holds(submitted.err, "warning")) << submitted.err;
  EXPECT_TRUE(holds(submitted.err, "will not be listed by `luma jobs --all`")) << submitted.err;
  EXPECT_EQ(submitted.out.find('\n'), submitted.out.size() - 1) << submitted.out;  // one id
  waiting->signal(SIGKILL);
  waiting->finish();

  const CliResult listed = run({"jobs", "--all"});  // the journal is free again
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(holds(listed.out, id + "\n")) << listed.out;
  EXPECT_TRUE(holds(listed.out, "1 created here and not saved yet")) << listed.out;
  EXPECT_TRUE(listed.err.empty()) << listed.err;
}

}  // namespace
}  // namespace useapi::luma::testing
