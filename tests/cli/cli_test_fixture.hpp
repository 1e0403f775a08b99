#pragma once
// A fixture that starts luma-mock in-process and runs the built `luma` binary against it.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_process.hpp"
#include "mock/mock_server.hpp"

namespace useapi::luma::testing {

/// The token the fixture's mock accepts.
inline const std::string kCliToken = "cli-test-token";

/// Starts a fresh mock per test and runs the CLI with its token and base URL in the environment.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mock::MockOptions options;
    options.tokens = {kCliToken};
    options.job_duration = jobDuration();
    options.concurrency = 100;
    server_ = std::make_unique<mock::MockServer>(options);
    server_->start();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    folder_ = std::filesystem::temp_directory_path() /
              ("luma-cli-" + std::to_string(getpid()) + "-" + info->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
    // The CLI's default journal: beside the test's folder (which tests expect empty), never in
    // the real home.
    state_home_ = folder_.string() + "-state";
    std::filesystem::remove_all(state_home_);
    setenv("XDG_STATE_HOME", state_home_.c_str(), 1);
  }

  void TearDown() override {
    server_->stop();
    std::filesystem::remove_all(folder_);
    std::filesystem::remove_all(state_home_);
  }

  /// How long the mock's jobs run.
  virtual std::chrono::milliseconds jobDuration() const { return std::chrono::milliseconds(300); }

  /// The environment of a run: the mock's URL and `token`.
  std::map<std::string, std::string> environment(const std::string& token = kCliToken) const {
    return {{"USEAPI_TOKEN", token}, {"USEAPI_LUMA_BASE_URL", server_->baseUrl()}};
  }

  /// The environment of a run against another server at `base_url`.
  static std::map<std::string, std::string> environmentAt(const std::string& base_url) {
    return {{"USEAPI_TOKEN", kCliToken}, {"USEAPI_LUMA_BASE_URL", base_url}};
  }

  /// Starts `luma --poll-interval 50 args...`.
  std::unique_ptr<CliProcess> start(std::vector<std::string> args,
                                    const std::map<std::string, std::string>& env) const {
    args.insert(args.begin(), {"--poll-interval", "50"});
    return std::make_unique<CliProcess>(LUMA_CLI_PATH, args, env);
  }

  /// Runs `luma --poll-interval 50 args...` to its end.
  CliResult run(std::vector<std::string> args) const {
    return start(std::move(args), environment())->finish();
  }

  /// Runs with another environment.
  CliResult run(std::vector<std::string> args,
                const std::map<std::string, std::string>& env) const {
    return start(std::move(args), env)->finish();
  }

  /// Runs `luma --poll-interval 50 args...` with `input` on its stdin (through /bin/sh and a
  /// file, as a user's `luma ... < FILE`).
  CliResult runWithStdin(const std::vector<std::string>& args, const std::string& input,
                         const std::map<std::string, std::string>& env) const {
    const std::filesystem::path stdin_file = folder_ / ".stdin";
    std::ofstream(stdin_file, std::ios::binary) << input;
    std::string command = std::string("exec '") + LUMA_CLI_PATH + "' --poll-interval 50";
    for (const auto& arg : args) command += " '" + arg + "'";  // the tests' args hold no quote
    command += " < '" + stdin_file.string() + "'";
    return CliProcess("/bin/sh", {"-c", command}, env).finish();
  }

  /// The files in `folder` ending with `extension`.
  static std::vector<std::filesystem::path> filesWith(const std::filesystem::path& folder,
                                                      const std::string& extension) {
    std::vector<std::filesystem::path> found;
    if (!std::filesystem::exists(folder)) return found;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() == extension) found.push_back(entry.path());
    }
    return found;
  }

  /// Every entry in `folder`, hidden ones (temporary files) included.
  static std::vector<std::filesystem::path> entriesOf(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> found;
    if (!std::filesystem::exists(folder)) return found;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      found.push_back(entry.path());
    }
    return found;
  }

  /// The image files in `folder`, whatever their names: .png, .jpg, .jpeg or .webp.
  static std::vector<std::filesystem::path> imageFilesIn(const std::filesystem::path& folder) {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : entriesOf(folder)) {
      const auto extension = entry.extension().string();
      if (std::filesystem::is_regular_file(entry) && entry.filename().string()[0] != '.' &&
          (extension == ".png" || extension == ".jpg" || extension == ".jpeg" ||
           extension == ".webp")) {
        found.push_back(entry);
      }
    }
    return found;
  }

  /// The job ids the CLI polled, in the order first polled (GET /jobs/{jobid}).
  std::vector<std::string> polledJobIds() const {
    const std::string prefix = "/v1/luma/jobs/";
    std::vector<std::string> ids;
    for (const auto& request : server_->requests()) {
      if (request.method != "GET" || request.path.rfind(prefix, 0) != 0) continue;
      const std::string id = request.path.substr(prefix.size());
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
  }

  /// Makes the mock answer the next `times` reads of a job (GET /jobs/{jobid}) with `status` and
  /// `body` (else the mock's own error body).
  void failJobReads(int status, int times, const std::optional<std::string>& body = {}) const {
    mock::Fault fault;
    fault.route = "GET /jobs/";
    fault.status = status;
    if (body) fault.body = *body;
    fault.times = times;
    server_->queueFault(fault);
  }

  /// A job id submitted with `luma video PROMPT --no-wait`.
  std::string submitVideo(const std::string& prompt = "a red fox in the snow") const {
    const CliResult submitted = run({"video", prompt, "--no-wait"});
    EXPECT_EQ(submitted.exit_code, 0) << submitted.err;
    std::string id = submitted.out.substr(0, submitted.out.find('\n'));
    return id;
  }

  std::unique_ptr<mock::MockServer> server_;
  std::filesystem::path folder_;
  std::filesystem::path state_home_;  ///< XDG_STATE_HOME of every run: where luma's journal goes.
};

/// A mock whose jobs take a minute: for timeouts and interrupts.
class SlowJobCliTest : public CliTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return std::chrono::minutes(1); }
};

}  // namespace useapi::luma::testing
