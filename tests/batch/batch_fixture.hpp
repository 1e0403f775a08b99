#pragma once
// A fixture for batch tests: luma-mock in-process with short jobs and few slots per account, a
// folder of its own for the state file and the results, and items to run.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/mock_api_test.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"
#include "useapi/luma/batch.hpp"

namespace useapi::luma::testing {

/// The account every mock user starts with.
inline const std::string kFirstAccount = "mock@example.com";
/// A second account, added by addSecondAccount(); it sorts before the first.
inline const std::string kSecondAccount = "b@example.com";

class BatchTest : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return std::chrono::milliseconds(300); }
  int concurrency() const override { return 2; }

  void SetUp() override {
    MockApiTest::SetUp();
    folder_ = std::make_unique<TempFolder>("luma-batch");
  }

  /// Options writing into this test's folder, polling fast, re-reading accounts often.
  BatchOptions batchOptions() const {
    BatchOptions options;
    options.state_file = folder_->path() / "batch.state";
    options.output_dir = folder_->path() / "out";
    options.poll = fastPolling();
    options.accounts_refresh = std::chrono::milliseconds(100);
    return options;
  }

  /// A video item; `email` pins it to an account.
  static BatchItem video(const std::string& id, const std::string& prompt = "a red fox",
                         std::optional<std::string> email = std::nullopt) {
    VideoRequest request;
    request.prompt = prompt;
    request.email = std::move(email);
    return BatchItem{id, request};
  }

  /// An image batch item.
  static BatchItem image(const std::string& id, const std::string& prompt = "a blue bird") {
    ImageRequest request;
    request.prompt = prompt;
    return BatchItem{id, request};
  }

  /// `count` video items "<prefix>-1"... with distinct prompts.
  static std::vector<BatchItem> videos(int count, const std::string& prefix = "clip") {
    std::vector<BatchItem> items;
    for (int i = 1; i <= count; ++i) {
      items.push_back(video(prefix + "-" + std::to_string(i), "scene " + std::to_string(i)));
    }
    return items;
  }

  /// Adds kSecondAccount to the test user.
  void addSecondAccount() const {
    Client client(clientOptions());
    client.addAccount("email=" + kSecondAccount);
  }

  /// Generation requests the mock received (answered or not).
  std::size_t generationPosts() const {
    return received("POST", "/videos").size() + received("POST", "/images").size();
  }

  /// Options of the client runBatch builds for itself.
  ClientOptions batchClientOptions() const { return clientOptions(); }

  std::unique_ptr<TempFolder> folder_;
};

}  // namespace useapi::luma::testing
