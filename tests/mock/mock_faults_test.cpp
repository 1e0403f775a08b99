// luma-mock's scripted faults over real loopback HTTP: connection resets before and after the
// route acts, slow drips, other content types, listing and clearing faults, and the 400 answers
// to fault fields of the wrong type.

#include <dirent.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mock/blob_content.hpp"
#include "mock/mock_server.hpp"
#include "mock_harness.hpp"

namespace useapi::luma::mock::test_support {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string kVideoBody = R"({"prompt":"a fox"})";

// The Fault a fault's JSON (as README.md names the fields) describes, for MockServer::queueFault.
Fault faultOf(const json& body) {
  Fault fault;
  fault.route = body.at("route").get<std::string>();
  fault.status = body.value("status", fault.status);
  if (body.contains("body")) fault.body = body["body"].get<std::string>();
  fault.times = body.value("times", fault.times);
  fault.after_acting = body.value("after_acting", false);
  fault.reset = body.value("reset", false);
  if (body.contains("drip_bytes_per_second")) {
    fault.drip_bytes_per_second = body["drip_bytes_per_second"].get<int>();
  }
  fault.content_type = body.value("content_type", fault.content_type);
  return fault;
}

// Queues `fault` over POST /__mock/faults or with MockServer::queueFault.
void queue(Harness& mock, bool over_http, const json& fault) {
  if (over_http) {
    const Reply reply = mock.post("/__mock/faults", fault.dump(), std::nullopt);
    ASSERT_EQ(reply.status, 200) << reply.body;
  } else {
    mock.server().queueFault(faultOf(fault));
  }
}

// A fresh connection to the mock, closed after one request.
std::unique_ptr<httplib::Client> freshClient(Harness& mock) {
  auto http = std::make_unique<httplib::Client>("127.0.0.1", mock.server().port());
  http->set_keep_alive(false);
  http->set_tcp_nodelay(true);
  http->set_read_timeout(10, 0);
  return http;
}

// How many accepted connections of the server listening on `port` this process holds open.
std::size_t acceptedConnections(int port) {
  std::size_t count = 0;
  DIR* directory = opendir("/proc/self/fd");
  if (directory == nullptr) {
    ADD_FAILURE() << "no /proc/self/fd";
    return 0;
  }
  while (const dirent* entry = readdir(directory)) {
    const int fd = std::atoi(entry->d_name);
    struct stat status {};
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9' || fstat(fd, &status) != 0 ||
        !S_ISSOCK(status.st_mode)) {
      continue;
    }
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t local_length = sizeof local;
    socklen_t peer_length = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
      continue;  // not connected, e.g. the listening socket
    }
    if (local.ss_family == AF_INET &&
        ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port) == port) {
      ++count;
    }
  }
  closedir(directory);
  return count;
}

// ----------------------------------------------------------------------------- connection reset

TEST(LumaMockFaultReset, ClosesTheConnectionWithNoAnswerBeforeOrAfterTheRouteActs) {
  const struct {
    const char* name;
    std::string route;       // the fault's route
    std::string path;        // what is requested
    bool post;               // POST kVideoBody, else GET
    int status;              // the fault's status, unused by a reset (0 must not make it act)
    bool after_acting;       // the fault's after_acting
    std::size_t jobs_after;  // jobsCreated() after the reset request
  } cases[] = {
      {"before acting", "POST /videos", kApi + "/videos", true, 500, false, 0},
      {"after acting", "POST /videos", kApi + "/videos", true, 500, true, 1},
      {"status 0, before acting", "POST /videos", kApi + "/videos", true, 0, false, 0},
      {"media", "GET /media/", "/media/blob/1000.bin", false, 500, false, 0},
  };
  for (const bool over_http : {true, false}) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(c.name) + (over_http ? " (POST /__mock/faults)" : " (C++)"));
      Harness mock;
      queue(mock, over_http,
            {{"route", c.route},
             {"status", c.status},
             {"reset", true},
             {"after_acting", c.after_acting}});

      auto http = freshClient(mock);
      const httplib::Headers auth{{"Authorization", "Bearer " + kToken}};
      const httplib::Result result = c.post
                                         ? http->Post(c.path, auth, kVideoBody, "application/json")
                                         : http->Get(c.path, auth);
      EXPECT_FALSE(result) << "an HTTP answer came: " << result->status << " " << result->body;
      EXPECT_NE(result.error(), httplib::Error::Connection) << "the request was sent";
      EXPECT_EQ(mock.server().firedFaults(), std::vector<std::string>{c.route});
      EXPECT_EQ(mock.server().jobsCreated(), c.jobs_after);
      EXPECT_EQ(mock.statsJobsCreated(), c.jobs_after);
      EXPECT_TRUE(mock.server().pendingFaults().empty());

      // The fault is used up: the next request (on a new connection) is answered normally.
      const Reply next = c.post ? mock.post(c.path, kVideoBody) : mock.get(c.path);
      EXPECT_EQ(next.status, 200) << next.body;
    }
  }
}

// ---------------------------------------------------------------------------------- slow drip

// What a GET received, and when.
struct Timed {
  std::optional<int> status;
  std::string content_length;
  std::string content_type;
  std::string body;
  std::size_t pieces = 0;  // receive callbacks
  Clock::duration first_bytes_after{};
  Clock::duration all_bytes_after{};
};

Timed timedGet(Harness& mock, const std::string& path) {
  auto http = freshClient(mock);
  Timed timed;
  const auto started = Clock::now();
  const auto result = http->Get(
      path, {{"Authorization", "Bearer " + kToken}},
      [&](const httplib::Response& response) {
        timed.content_length = response.get_header_value("Content-Length");
        timed.content_type = response.get_header_value("Content-Type");
        return true;
      },
      [&](const char* data, std::size_t length) {
        if (timed.pieces++ == 0) timed.first_bytes_after = Clock::now() - started;
        timed.body.append(data, length);
        return true;
      });
  timed.all_bytes_after = Clock::now() - started;
  if (result) timed.status = result->status;
  return timed;
}

TEST(LumaMockFaultDrip, SendsTheFaultsBodyInPiecesOverSizeOverRateSeconds) {
  const std::string body(200, 'x');
  constexpr int kRate = 250;  // 200 bytes at 250 B/s: 0.8 s
  for (const bool over_http : {true, false}) {
    SCOPED_TRACE(over_http ? "POST /__mock/faults" : "C++");
    Harness mock;
    const std::string jobid = mock.submitJobid("/videos", {{"prompt", "a fox"}});
    queue(mock, over_http,
          {{"route", "GET /jobs"},
           {"status", 200},
           {"body", body},
           {"content_type", "text/plain"},
           {"drip_bytes_per_second", kRate}});
    const std::string path = kApi + "/jobs/";
    const Timed got = timedGet(mock, path + jobid);
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(got.content_length, "200") << "Content-Length is the full size from the start";
    EXPECT_EQ(got.content_type, "text/plain");
    EXPECT_EQ(got.body, body);
    EXPECT_GE(got.all_bytes_after, 780ms) << "200 bytes at 250 B/s take 0.8 s";
    EXPECT_LT(got.all_bytes_after, 3s);
    EXPECT_LT(got.first_bytes_after, 500ms) << "the first piece is not held back";
    EXPECT_GE(got.pieces, 5U) << "the body came in one go";
  }
}

TEST(LumaMockFaultDrip, DripsTheRoutesOwnAnswerWithStatusZeroMediaIncluded) {
  Harness mock;
  constexpr std::size_t kSize = 1600;
  constexpr int kRate = 2000;  // 0.8 s
  queue(mock, true,
        {{"route", "GET /media/blob"}, {"status", 0}, {"drip_bytes_per_second", kRate}});
  const Timed got = timedGet(mock, "/media/blob/" + std::to_string(kSize) + ".bin");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.content_length, std::to_string(kSize));
  ASSERT_EQ(got.body.size(), kSize);
  for (std::size_t i = 0; i < kSize; ++i) {
    ASSERT_EQ(static_cast<unsigned char>(got.body[i]), blobByte(i)) << "byte " << i;
  }
  EXPECT_GE(got.all_bytes_after, 780ms);
  EXPECT_LT(got.first_bytes_after, 500ms);
  EXPECT_GE(got.pieces, 5U);

  // A route's JSON answer (a job created after acting) drips whole too.
  queue(mock, true,
        {{"route", "POST /videos"},
         {"status", 0},
         {"after_acting", true},
         {"drip_bytes_per_second", 100000}});
  const Reply created = mock.post(kApi + "/videos", kVideoBody);
  EXPECT_EQ(created.status, 200);
  EXPECT_FALSE(textAt(created.json_body, "/jobid").empty()) << created.body;
  EXPECT_EQ(mock.server().jobsCreated(), 1U);
}

TEST(LumaMockFaultDrip, StopsSendingOnceTheClientHasGone) {
  Harness mock;
  const int port = mock.server().port();
  // 100000 bytes at 1000 B/s would take 100 s. (Queued in-process: no other connection is open.)
  queue(mock, false,
        {{"route", "GET /media/blob"}, {"status", 0}, {"drip_bytes_per_second", 1000}});
  {
    auto http = freshClient(mock);
    std::size_t received = 0;
    const auto result = http->Get("/media/blob/100000.bin", [&](const char*, std::size_t length) {
      received += length;
      return false;  // give up after the first piece
    });
    EXPECT_FALSE(result);
    EXPECT_GT(received, 0U);
  }
  const auto deadline = Clock::now() + 3s;
  while (acceptedConnections(port) > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(acceptedConnections(port), 0U) << "the mock still drips to a client that has gone";
}

TEST(LumaMockFaultDrip, StopEndsADripInProgress) {
  Harness mock;
  queue(mock, false,
        {{"route", "GET /media/blob"}, {"status", 0}, {"drip_bytes_per_second", 1000}});
  std::size_t received = 0;
  std::thread client([&] {
    auto http = freshClient(mock);
    const auto result = http->Get("/media/blob/100000.bin", [&](const char*, std::size_t length) {
      received += length;
      return true;
    });
    EXPECT_FALSE(result) << "the transfer cannot have completed";
  });
  std::this_thread::sleep_for(200ms);
  const auto stopping = Clock::now();
  mock.server().stop();
  const auto stop_took = Clock::now() - stopping;
  client.join();
  EXPECT_LT(stop_took, 1500ms) << "stop() waited for the drip";
  EXPECT_GT(received, 0U);
  EXPECT_LT(received, 100000U);
}

// ------------------------------------------------------------------------------- content type

TEST(LumaMockFaultContentType, SendsTheBodyAsGivenWithItsContentType) {
  const struct {
    const char* name;
    json fault;  // without "route"
    std::string expected_type;
  } cases[] = {
      {"an HTML page",
       {{"status", 200}, {"body", "<html>busy</html>"}, {"content_type", "text/html"}},
       "text/html"},
      {"JSON of the wrong types",
       {{"status", 200}, {"body", R"({"jobid":42,"status":["x"]})"}},
       "application/json"},
  };
  for (const bool over_http : {true, false}) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(c.name) + (over_http ? " (POST /__mock/faults)" : " (C++)"));
      Harness mock;
      json fault = c.fault;
      fault["route"] = "POST /videos";
      queue(mock, over_http, fault);
      const Reply reply = mock.post(kApi + "/videos", kVideoBody);
      EXPECT_EQ(reply.status, 200);
      EXPECT_EQ(reply.content_type, c.expected_type);
      EXPECT_EQ(reply.body, c.fault["body"].get<std::string>());
      EXPECT_EQ(mock.server().jobsCreated(), 0U) << "the route did not act";
    }
  }
}

// --------------------------------------------------------------------- pending faults, clearing

TEST(LumaMockFaultList, ListsPendingFaultsWithTheirTimesLeftAndClearsThem) {
  for (const bool clear_over_http : {true, false}) {
    SCOPED_TRACE(clear_over_http ? "DELETE /__mock/faults" : "MockServer::clearFaults");
    Harness mock;
    queue(mock, true, {{"route", "GET /jobs"}, {"status", 503}, {"times", 3}});
    queue(mock, false, {{"route", "POST /videos"}, {"status", 500}, {"times", 1}});
    EXPECT_EQ(mock.get(kApi + "/jobs").status, 503);  // one of the three used

    const Reply listed = mock.get("/__mock/faults", std::nullopt);
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.json_body.value("fired", json()), json({"GET /jobs"})) << listed.body;
    const json pending = listed.json_body.value("pending", json());
    ASSERT_TRUE(pending.is_array()) << listed.body;
    ASSERT_EQ(pending.size(), 2U) << listed.body;
    EXPECT_EQ(pending[0].value("route", ""), "GET /jobs");
    EXPECT_EQ(pending[0].value("times", 0), 2);
    EXPECT_EQ(pending[1].value("route", ""), "POST /videos");
    EXPECT_EQ(pending[1].value("times", 0), 1);

    const std::vector<Fault> in_process = mock.server().pendingFaults();
    ASSERT_EQ(in_process.size(), 2U);
    EXPECT_EQ(in_process[0].route, "GET /jobs");
    EXPECT_EQ(in_process[0].times, 2);
    EXPECT_EQ(in_process[0].status, 503);
    EXPECT_EQ(in_process[1].route, "POST /videos");
    EXPECT_EQ(in_process[1].times, 1);

    if (clear_over_http) {
      EXPECT_EQ(mock.del("/__mock/faults", std::nullopt).status, 200);
    } else {
      mock.server().clearFaults();
    }
    EXPECT_TRUE(mock.server().pendingFaults().empty());
    EXPECT_TRUE(mock.server().firedFaults().empty());
    const Reply after = mock.get("/__mock/faults", std::nullopt);
    EXPECT_EQ(after.json_body, json({{"fired", json::array()}, {"pending", json::array()}}))
        << after.body;
    EXPECT_EQ(mock.get(kApi + "/jobs").status, 200) << "a cleared fault still answered";
    EXPECT_EQ(mock.post(kApi + "/videos", kVideoBody).status, 200);
  }
}

// ------------------------------------------------------------------------ fault fields checked

TEST(LumaMockFaultFields, FieldsOfTheWrongTypeOrValueAreAnswered400AndNotQueued) {
  const json bad_fields[] = {
      {{"reset", "yes"}},
      {{"drip_bytes_per_second", "fast"}},
      {{"drip_bytes_per_second", 0}},
      {{"drip_bytes_per_second", -5}},
      {{"drip_bytes_per_second", 2.5}},
      {{"drip_bytes_per_second", true}},
      {{"content_type", 5}},
      {{"content_type", ""}},
      {{"status", "500"}},
      {{"times", "2"}},
      {{"after_acting", 1}},
      {{"truncate_after_bytes", "10"}},
  };
  Harness mock;
  for (const json& fields : bad_fields) {
    SCOPED_TRACE(fields.dump());
    json fault = fields;
    fault["route"] = "POST /videos";
    const Reply reply = mock.post("/__mock/faults", fault.dump(), std::nullopt);
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_FALSE(errorOf(reply).empty()) << reply.body;
  }
  EXPECT_TRUE(mock.server().pendingFaults().empty());
  Fault zero_rate;
  zero_rate.route = "POST /videos";
  zero_rate.drip_bytes_per_second = 0;
  EXPECT_THROW(mock.server().queueFault(zero_rate), std::invalid_argument);
  EXPECT_TRUE(mock.server().pendingFaults().empty());

  // Every field at once, of the right types, is queued.
  const json all = {{"route", "POST /videos"},
                    {"status", 503},
                    {"body", "x"},
                    {"retry_after", 2},
                    {"times", 2},
                    {"stall_ms", 0},
                    {"after_acting", false},
                    {"reset", false},
                    {"truncate_after_bytes", 1},
                    {"drip_bytes_per_second", 10},
                    {"content_type", "text/plain"}};
  EXPECT_EQ(mock.post("/__mock/faults", all.dump(), std::nullopt).status, 200);
  const std::vector<Fault> pending = mock.server().pendingFaults();
  ASSERT_EQ(pending.size(), 1U);
  EXPECT_EQ(pending[0].drip_bytes_per_second, 10);
  EXPECT_EQ(pending[0].content_type, "text/plain");
  EXPECT_FALSE(pending[0].reset);
  EXPECT_EQ(pending[0].times, 2);
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
