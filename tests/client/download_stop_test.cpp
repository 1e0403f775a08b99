// A download is stopped at once by a progress callback that throws, a cancel or its timeout,
// even while the server sends nothing: it returns promptly, leaves no file, and the server sees
// the connection closed (no byte keeps flowing into a deleted file).

#include <gmock/gmock.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/scripted_server.hpp"
#include "support/temp_folder.hpp"
#include "useapi/luma.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using ::testing::HasSubstr;

// 64 KiB every 40 ms: 4 MiB take 2.6 s, and progress (reported every 256 KiB) comes within
// 200 ms.
constexpr std::size_t kTotal = std::size_t{4} << 20;
constexpr std::size_t kChunk = std::size_t{64} << 10;
constexpr auto kPause = 40ms;

// What the progress callback of a case throws: rethrown as itself.
struct EnoughProgress {};

class DownloadStop : public ::testing::Test {
 protected:
  DownloadStop()
      : server_([this](httplib::Server& http) {
          http.Get("/drip.bin", [this](const httplib::Request&, httplib::Response& res) {
            dripAnswer(res, kTotal, kChunk, kPause, 0ms, drip());
          });
          // Headers, then silence for 1 s before the first byte.
          http.Get("/stall.bin", [this](const httplib::Request&, httplib::Response& res) {
            dripAnswer(res, kTotal, kChunk, kPause, 1000ms, drip());
          });
          http.Get("/file.bin", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(1000, 'f'), "application/octet-stream");
          });
        }) {}

  ClientOptions options() const {
    ClientOptions options;
    options.api_token = "stop-test-token";
    options.base_url = "http://127.0.0.1:9/v1/luma";  // never called
    return options;
  }

  // The log of the answers from now on (each case starts a new one).
  std::shared_ptr<DripLog> drip(std::shared_ptr<DripLog> fresh = nullptr) {
    std::lock_guard<std::mutex> lock(drip_mutex_);
    if (fresh) drip_ = std::move(fresh);
    return drip_;
  }

  std::mutex drip_mutex_;
  std::shared_ptr<DripLog> drip_ = std::make_shared<DripLog>();
  ScriptedServer server_;
  TempFolder temp_{"luma-download-stop"};
  const fs::path& folder_ = temp_.path();
};

// One way of stopping a download: the options that stop it, and a check of what it threw.
struct StopCase {
  const char* what;
  const char* path;
  // Fills in the options; may start `stopper` (joined by the test), which returns when it
  // stopped the download and sets `stopped_at`.
  std::function<void(DownloadOptions&, std::thread& stopper, Clock::time_point& stopped_at)> arm;
  std::function<void(const std::exception_ptr&)> check;
};

std::vector<StopCase> stopCases() {
  const auto cancelAfter = [](std::chrono::milliseconds delay) {
    return [delay](DownloadOptions& options, std::thread& stopper, Clock::time_point& at) {
      stopper = std::thread([token = options.cancel, delay, &at]() mutable {
        std::this_thread::sleep_for(delay);
        at = Clock::now();
        token.cancel();
      });
    };
  };
  const auto timeoutOf = [](std::chrono::milliseconds limit) {
    return [limit](DownloadOptions& options, std::thread&, Clock::time_point& at) {
      options.timeout = limit;
      at = Clock::now() + limit;
    };
  };
  const auto throwsFromProgress = [](DownloadOptions& options, std::thread&,
                                     Clock::time_point& at) {
    options.progress = [&at](std::uint64_t, std::optional<std::uint64_t>) {
      at = Clock::now();
      throw EnoughProgress{};
    };
  };
  const auto cancelled = [](const std::exception_ptr& error) {
    EXPECT_THROW(std::rethrow_exception(error), CancelledError);
  };
  const auto timedOut = [](const std::exception_ptr& error) {
    try {
      std::rethrow_exception(error);
    } catch (const TransportError& e) {
      EXPECT_THAT(e.what(), HasSubstr("took longer than the timeout of 300 ms"));
    } catch (...) {
      ADD_FAILURE() << "expected TransportError";
    }
  };
  const auto progressError = [](const std::exception_ptr& error) {
    EXPECT_THROW(std::rethrow_exception(error), EnoughProgress);
  };
  return {
      {"cancel while bytes flow", "/drip.bin", cancelAfter(300ms), cancelled},
      {"cancel while the server stalls", "/stall.bin", cancelAfter(300ms), cancelled},
      {"timeout while bytes flow", "/drip.bin", timeoutOf(300ms), timedOut},
      {"timeout while the server stalls", "/stall.bin", timeoutOf(300ms), timedOut},
      {"progress throws", "/drip.bin", throwsFromProgress, progressError},
  };
}

TEST_F(DownloadStop, AStoppedDownloadEndsAtOnceLeavesNothingAndClosesTheConnection) {
  for (const StopCase& c : stopCases()) {
    SCOPED_TRACE(c.what);
    const std::shared_ptr<DripLog> log = drip(std::make_shared<DripLog>());
    Client client(options());
    DownloadOptions download;
    std::thread stopper;
    Clock::time_point stopped_at{};
    c.arm(download, stopper, stopped_at);

    std::exception_ptr error;
    const auto started = Clock::now();
    try {
      client.download(server_.origin() + c.path, folder_ / "file.bin", download);
    } catch (...) {
      error = std::current_exception();
    }
    const auto ended = Clock::now();
    if (stopper.joinable()) stopper.join();
    ASSERT_TRUE(error) << "the download was not stopped";
    c.check(error);
    ASSERT_NE(stopped_at, Clock::time_point{}) << "the stop never came";
    EXPECT_LT(ended - std::max(stopped_at, started), 100ms) << "it did not end at once";
    EXPECT_TRUE(fs::is_empty(folder_)) << "a file remains";
    EXPECT_TRUE(log->waitForClose(3s)) << "the server never saw the connection closed";
    EXPECT_LT(log->bytesSent(), kTotal) << "the whole file was sent after the stop";
  }
}

// Between attempts (a 503 asked for a retry in 2 s), a cancel ends the download at once and no
// later attempt goes out; a timeout that the retry would pass ends it with the 503 at once.
TEST_F(DownloadStop, AStopBetweenAttemptsEndsAtOnceAndNoAttemptFollows) {
  ScriptedServer busy([](httplib::Server& http) {
    http.Get("/busy.bin", [](const httplib::Request&, httplib::Response& res) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      res.set_content("busy", "text/plain");
    });
  });
  const std::string url = busy.origin() + "/busy.bin";
  Client client(options());

  DownloadOptions cancelled;
  auto started = Clock::now();  // before the canceller starts its 300 ms
  std::thread canceller([token = cancelled.cancel]() mutable {
    std::this_thread::sleep_for(300ms);
    token.cancel();
  });
  EXPECT_THROW(client.download(url, folder_ / "f.bin", cancelled), CancelledError);
  auto took = Clock::now() - started;
  canceller.join();
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 400ms) << "the cancel waited for the retry";
  std::this_thread::sleep_for(1200ms);  // when the retry would have gone out
  EXPECT_EQ(busy.requests().size(), 1u) << "an attempt went out after the cancel";

  DownloadOptions bounded;
  bounded.timeout = 300ms;
  started = Clock::now();
  EXPECT_THROW(client.download(url, folder_ / "f.bin", bounded), ServerError);
  EXPECT_LT(Clock::now() - started, 100ms) << "it waited for a retry past its timeout";
  EXPECT_TRUE(fs::is_empty(folder_));
}

TEST_F(DownloadStop, TheClientDownloadsAgainAfterAStop) {
  Client client(options());
  DownloadOptions quick;
  quick.timeout = 100ms;
  EXPECT_THROW(client.download(server_.origin() + "/stall.bin", folder_ / "a.bin", quick),
               TransportError);
  DownloadOptions cancelled;
  cancelled.cancel.cancel();
  EXPECT_THROW(client.download(server_.origin() + "/drip.bin", folder_ / "b.bin", cancelled),
               CancelledError);
  EXPECT_EQ(client.download(server_.origin() + "/file.bin", folder_ / "c.bin"), 1000u);
  EXPECT_EQ(std::distance(fs::directory_iterator(folder_), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace useapi::luma::testing
