// Hostile callers: the Client called from its own callbacks (awaitJobAsync's on_update, which runs
// on the I/O thread; the logger; a blocking wait's on_update; a download's progress), and the
// Client destroyed from a callback or with everything in flight against a stalled server. Each
// test runs under a watchdog: a hang aborts the program with a message instead of hanging ctest.

#include <gmock/gmock.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/hostile_server.hpp"
#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// Runs `body`; if it has not returned within `bound`, says so and aborts the whole program (a
// hang must fail the test, and a thread stuck for ever cannot be stopped any other way).
template <class Body>
void withinBound(std::chrono::seconds bound, const std::string& what, Body&& body) {
  std::promise<void> finished;
  std::thread watchdog([done = finished.get_future(), bound, what]() {
    if (done.wait_for(bound) != std::future_status::ready) {
      std::fprintf(stderr, "HANG: %s did not finish within %lld s\n", what.c_str(),
                   static_cast<long long>(bound.count()));
      std::fflush(stderr);
      std::abort();
    }
  });
  struct Finish {
    std::promise<void>& finished;
    std::thread& watchdog;
    ~Finish() {
      finished.set_value();
      watchdog.join();
    }
  } finish{finished, watchdog};
  body();
}

// What a call made from a callback did: returned, or threw with this message.
struct Attempt {
  std::string call;
  bool threw = false;
  std::string message;
  std::chrono::milliseconds took{0};
};

template <class Call>
Attempt attempt(const std::string& name, Call&& call) {
  Attempt result;
  result.call = name;
  const auto started = Clock::now();
  try {
    call();
  } catch (const Error& error) {
    result.threw = true;
    result.message = error.what();
  } catch (const std::exception& error) {
    result.threw = true;
    result.message = std::string("not a luma::Error: ") + error.what();
  }
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  return result;
}

class Reentrance : public MockApiTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return 300ms; }
};

TEST_F(Reentrance, BlockingCallsFromAnAsyncWaitsOnUpdateThrowAtOnceAndAwaitJobAsyncWorks) {
  withinBound(60s, "calls from awaitJobAsync's on_update", [&] {
    Client client(clientOptions());
    const std::string jobid = client.generateVideo(videoRequest()).jobid;
    const std::string other = client.generateVideo(videoRequest("another")).jobid;
    const fs::path dest = fs::temp_directory_path() / "luma-reentrance.bin";
    std::vector<Attempt> attempts;
    std::future<Job> nested;
    std::once_flag once;
    PollOptions options = fastPolling();
    options.on_update = [&](const Job&) {
      std::call_once(once, [&] {
        attempts.push_back(attempt("getJob", [&] { client.getJob(other); }));
        attempts.push_back(attempt("awaitJob", [&] { client.awaitJob(other, fastPolling()); }));
        attempts.push_back(attempt("awaitJobs", [&] { client.awaitJobs({other}, fastPolling()); }));
        attempts.push_back(attempt("awaitEach", [&] {
          client.awaitEach(
              {other}, [](const Job&) {}, fastPolling());
        }));
        attempts.push_back(attempt("generateVideo", [&] { client.generateVideo(videoRequest()); }));
        attempts.push_back(attempt("listJobs", [&] { client.listJobs(); }));
        attempts.push_back(attempt("deleteJob", [&] { client.deleteJob(other); }));
        attempts.push_back(attempt("listAccounts", [&] { client.listAccounts(); }));
        attempts.push_back(
            attempt("download", [&] { client.download(origin() + "/media/x.png", dest); }));
        // Not blocking: works from here.
        nested = client.awaitJobAsync(other, fastPolling());
      });
    };
    std::future<Job> outer = client.awaitJobAsync(jobid, options);
    ASSERT_EQ(outer.wait_for(20s), std::future_status::ready);
    EXPECT_EQ(outer.get().status, JobStatus::Completed);
    ASSERT_EQ(attempts.size(), 9u);
    for (const Attempt& a : attempts) {
      EXPECT_TRUE(a.threw) << a.call << " returned instead of throwing";
      EXPECT_THAT(a.message, HasSubstr("Client::" + a.call)) << a.call;
      EXPECT_THAT(a.message, HasSubstr("I/O thread")) << a.call;
      EXPECT_LT(a.took, 100ms) << a.call << " did not throw at once";
    }
    ASSERT_TRUE(nested.valid());
    ASSERT_EQ(nested.wait_for(20s), std::future_status::ready);
    EXPECT_EQ(nested.get().status, JobStatus::Completed);
    // The client is not frozen afterwards.
    EXPECT_EQ(client.getJob(other).jobid, other);
  });
}

TEST_F(Reentrance, ALoggerThatCallsTheClientGetsAnErrorAtOnceOnEveryThread) {
  withinBound(60s, "calls from the logger", [&] {
    std::mutex mutex;
    std::vector<Attempt> attempts;
    Client* self = nullptr;
    thread_local bool inside = false;  // the logger's own calls log too
    ClientOptions options = clientOptions();
    options.logger = [&](LogLevel, std::string_view) {
      if (inside || self == nullptr) return;
      inside = true;
      Attempt a = attempt("getJob", [&] { self->getJob("j-any"); });
      inside = false;
      std::lock_guard<std::mutex> lock(mutex);
      attempts.push_back(std::move(a));
    };
    Client client(options);
    self = &client;
    const std::string jobid = client.generateVideo(videoRequest()).jobid;  // caller's thread
    client.awaitJobAsync(jobid, fastPolling()).get();                      // the I/O thread
    std::lock_guard<std::mutex> lock(mutex);
    ASSERT_GE(attempts.size(), 2u);
    for (const Attempt& a : attempts) {
      EXPECT_TRUE(a.threw);
      EXPECT_THAT(a.message, HasSubstr("logger"));
      EXPECT_LT(a.took, 100ms);
    }
  });
}

TEST_F(Reentrance, CallsFromABlockingWaitsOnUpdateAndFromDownloadProgressWork) {
  withinBound(60s, "calls from a blocking wait's on_update and a download's progress", [&] {
    Client client(clientOptions());
    const std::string jobid = client.generateVideo(videoRequest()).jobid;
    const std::string other = client.generateVideo(videoRequest("another")).jobid;
    std::vector<Attempt> attempts;
    std::once_flag once;
    PollOptions options = fastPolling();
    options.on_update = [&](const Job&) {
      std::call_once(once, [&] {
        attempts.push_back(attempt("getJob", [&] { client.getJob(other); }));
        attempts.push_back(attempt("awaitJob", [&] { client.awaitJob(other, fastPolling()); }));
      });
    };
    const Job done = client.awaitJob(jobid, options);
    ASSERT_EQ(attempts.size(), 2u);
    for (const Attempt& a : attempts) EXPECT_FALSE(a.threw) << a.call << ": " << a.message;

    const fs::path dest = fs::temp_directory_path() / "luma-reentrance-progress.bin";
    std::optional<Attempt> from_progress;
    client.download(origin() + "/media/blob/1048576.bin", dest,
                    [&](std::uint64_t, std::optional<std::uint64_t>) {
                      if (!from_progress) {
                        from_progress = attempt("getJob", [&] { client.getJob(other); });
                      }
                    });
    fs::remove(dest);
    ASSERT_TRUE(from_progress);
    EXPECT_FALSE(from_progress->threw) << from_progress->message;
    EXPECT_EQ(done.status, JobStatus::Completed);
  });
}

TEST_F(Reentrance, DestroyingTheClientFromAnAsyncWaitsOnUpdateReturnsAndEndsTheWait) {
  withinBound(30s, "~Client from awaitJobAsync's on_update", [&] {
    auto client = std::make_unique<Client>(clientOptions());
    const std::string jobid = client->generateVideo(videoRequest()).jobid;
    std::promise<std::chrono::milliseconds> destroyed;
    PollOptions options = fastPolling();
    options.initial_interval = 10s;  // the first record is the only one before the end
    options.on_update = [&](const Job&) {
      if (!client) return;
      const auto started = Clock::now();
      client.reset();
      destroyed.set_value(
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started));
    };
    std::future<Job> pending = client->awaitJobAsync(jobid, options);
    auto took = destroyed.get_future();
    ASSERT_EQ(took.wait_for(10s), std::future_status::ready);
    EXPECT_LT(took.get(), 500ms);
    ASSERT_EQ(pending.wait_for(10s), std::future_status::ready);
    try {
      pending.get();
      FAIL() << "the wait outlived its client";
    } catch (const Error& error) {
      EXPECT_THAT(error.what(), HasSubstr("destroyed"));
    }
    std::this_thread::sleep_for(200ms);  // the teardown's own thread ends
  });
}

TEST(ReentranceDeathTest, DestroyingTheClientInsideOneOfItsOwnBlockingCallsAbortsWithAMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        mock::MockServer server([] {
          mock::MockOptions options;
          options.tokens = {kTestToken};
          options.job_duration = 5s;
          return options;
        }());
        server.start();
        ClientOptions options;
        options.api_token = kTestToken;
        options.base_url = server.baseUrl();
        auto client = std::make_unique<Client>(options);
        VideoRequest request;
        request.prompt = "a red fox";
        const std::string jobid = client->generateVideo(request).jobid;
        PollOptions poll;
        poll.initial_interval = 20ms;
        poll.on_update = [&](const Job&) { client.reset(); };
        client->awaitJob(jobid, poll);
      },
      "destroyed from inside one of its own calls");
}

// A server that answers nothing until released: every request stalls (a download after its
// first kilobyte), as an overloaded or half-dead server does.
class StalledServer {
 public:
  StalledServer()
      : server_([this](const httplib::Request& req, httplib::Response& res) { answer(req, res); }) {
  }
  ~StalledServer() { release(); }

  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    wake_.notify_all();
  }
  std::string origin() const { return server_.origin(); }
  int requests() const { return requests_.load(); }

 private:
  void stall() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, 60s, [this] { return released_; });
  }

  void answer(const httplib::Request& req, httplib::Response& res) {
    ++requests_;
    if (req.path.rfind("/media/", 0) == 0) {
      res.set_content_provider(1 << 20, "application/octet-stream",
                               [this](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset > 0) {
                                   stall();
                                   return false;
                                 }
                                 const std::string first(1024, 'x');
                                 sink.write(first.data(), first.size());
                                 return true;
                               });
      return;
    }
    stall();
    res.status = 503;
    res.set_content(R"({"error":"released"})", "application/json");
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool released_ = false;
  std::atomic<int> requests_{0};
  HostileServer server_;  // last: stopped first, while the rest is still there
};

TEST(ReentranceStalledServer, DestroyingTheClientWithEverythingInFlightEndsEveryCallPromptly) {
  withinBound(60s, "~Client with everything in flight on a stalled server", [] {
    StalledServer server;
    ClientOptions options;
    options.api_token = kTestToken;
    options.base_url = server.origin() + "/v1/luma";
    auto client = std::make_unique<Client>(options);
    PollOptions long_wait;
    long_wait.initial_interval = 20ms;
    long_wait.timeout = 60s;
    const fs::path dest = fs::temp_directory_path() / "luma-stalled-download.bin";

    const std::vector<std::pair<std::string, std::function<void(Client&)>>> calls = {
        {"awaitJob", [&](Client& c) { c.awaitJob("j-stalled-1", long_wait); }},
        {"awaitJobs",
         [&](Client& c) {
           c.awaitJobs({"j-stalled-2", "j-stalled-3"}, long_wait);
         }},
        {"getJob", [](Client& c) { c.getJob("j-stalled-4"); }},
        {"listJobs", [](Client& c) { c.listJobs(); }},
        {"generateVideo",
         [](Client& c) {
           VideoRequest request;
           request.prompt = "a red fox";
           c.generateVideo(request);
         }},
        {"download", [&](Client& c) { c.download(server.origin() + "/media/big.bin", dest); }},
    };
    std::vector<std::future<Attempt>> running;
    running.reserve(calls.size());
    for (const auto& [name, call] : calls) {
      // The Client itself, not the unique_ptr the main thread resets.
      running.push_back(
          std::async(std::launch::async, [raw = client.get(), name = name, call = call] {
            return attempt(name, [&] { call(*raw); });
          }));
    }
    std::vector<std::future<Job>> futures;
    for (int i = 0; i < 3; ++i) {
      futures.push_back(client->awaitJobAsync("j-async-" + std::to_string(i), long_wait));
    }
    // Every call has reached the server and stalls there.
    const auto started = Clock::now();
    while (server.requests() < 10 && Clock::now() - started < 10s) {
      std::this_thread::sleep_for(10ms);
    }
    EXPECT_GE(server.requests(), 10) << "a stalled request held the others back";

    const auto destroying = Clock::now();
    client.reset();
    EXPECT_LT(Clock::now() - destroying, 5s) << "~Client waited for the stalled server";

    for (auto& call : running) {
      ASSERT_EQ(call.wait_for(5s), std::future_status::ready);
      const Attempt a = call.get();
      EXPECT_TRUE(a.threw) << a.call << " returned";
      EXPECT_THAT(a.message, HasSubstr("destroyed")) << a.call;
    }
    for (auto& future : futures) {
      ASSERT_EQ(future.wait_for(1s), std::future_status::ready);
      EXPECT_THROW(future.get(), Error);
    }
    EXPECT_FALSE(fs::exists(dest));
  });
}

}  // namespace
}  // namespace useapi::luma::testing
