// luma-mock's webhooks (POSTed to an in-test receiver) and large media: blobs with
// Content-Length and Range, and answers cut short by a fault.

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mock/mock_server.hpp"
#include "mock_harness.hpp"
#include "support/webhook_receiver.hpp"

namespace useapi::luma::mock::test_support {
namespace {

using Receiver = useapi::luma::testing::WebhookReceiver;

// The mock's record of its deliveries once it holds `count` (waiting at most 5 s): a receiver may
// see a callback before the mock has recorded its answer.
std::vector<WebhookDelivery> deliveriesOf(Harness& mock, std::size_t count) {
  std::vector<WebhookDelivery> deliveries = mock.server().webhookDeliveries();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (deliveries.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
    deliveries = mock.server().webhookDeliveries();
  }
  return deliveries;
}

// A record without its `updated` time, which differs between two reads of a final job.
json withoutUpdated(json record) {
  record.erase("updated");
  return record;
}

// The bytes [from, from + count) of every blob.
std::string blobBytes(std::uint64_t from, std::uint64_t count) {
  std::string bytes(count, '\0');
  for (std::uint64_t i = 0; i < count; ++i) bytes[i] = static_cast<char>(blobByte(from + i));
  return bytes;
}

// ------------------------------------------------------------------------------------ webhooks

TEST(LumaMockWebhooks, VideoJobsCallBackOnSubmissionAndWhenFinalWithTheirRecord) {
  const struct {
    const char* prompt;
    const char* final_status;
  } cases[] = {{"a fox", "completed"}, {"a fox [mock:fail]", "failed"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.prompt);
    Harness mock(200ms);
    Receiver receiver;
    const std::string jobid = mock.submitJobid(
        "/videos", {{"prompt", c.prompt}, {"replyUrl", receiver.url()}, {"replyRef", "order-7"}});

    const auto callbacks = receiver.waitFor(2);
    ASSERT_EQ(callbacks.size(), 2U);
    const json submitted = json::parse(callbacks[0].body);
    EXPECT_EQ(submitted.value("jobid", ""), jobid);
    EXPECT_EQ(submitted.value("type", ""), "video");
    EXPECT_EQ(submitted.value("status", ""), "created");
    EXPECT_EQ(submitted.value("replyRef", ""), "order-7");
    EXPECT_TRUE(at(submitted, "/response").is_null()) << submitted.dump();

    const json final = json::parse(callbacks[1].body);
    EXPECT_EQ(final.value("status", ""), c.final_status);
    EXPECT_EQ(final.value("replyRef", ""), "order-7");
    EXPECT_EQ(withoutUpdated(final), withoutUpdated(mock.job(jobid)))
        << "the payload is the job record";
    for (const auto& callback : callbacks) {
      EXPECT_EQ(callback.content_type, "application/json");
    }

    const auto deliveries = deliveriesOf(mock, 2);
    ASSERT_EQ(deliveries.size(), 2U);
    for (const auto& delivery : deliveries) {
      EXPECT_EQ(delivery.url, receiver.url());
      EXPECT_EQ(delivery.status, 204);
      EXPECT_TRUE(delivery.error.empty()) << delivery.error;
    }
    EXPECT_EQ(json::parse(deliveries[1].body), final);
  }
}

TEST(LumaMockWebhooks, ImageBatchSendsOnePayloadWrappingItsFourImages) {
  const struct {
    const char* prompt;
    const char* final_status;
  } cases[] = {{"a fox", "completed"}, {"a fox [mock:fail]", "failed"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.prompt);
    Harness mock(200ms);
    Receiver receiver;
    const json batch = mock.submit(
        "/images", {{"prompt", c.prompt}, {"replyUrl", receiver.url()}, {"replyRef", "batch-3"}});

    const auto callbacks = receiver.waitFor(2);
    ASSERT_EQ(callbacks.size(), 2U);
    const struct {
      const json& payload;
      const char* status;
    } expected[] = {{json::parse(callbacks[0].body), "created"},
                    {json::parse(callbacks[1].body), c.final_status}};
    for (const auto& e : expected) {
      EXPECT_EQ(e.payload.value("jobid", ""), textAt(batch, "/jobid"));
      EXPECT_EQ(e.payload.value("type", ""), "image");
      EXPECT_EQ(e.payload.value("status", ""), e.status);
      EXPECT_EQ(e.payload.value("replyRef", ""), "batch-3");
      const json images = at(e.payload, "/images");
      ASSERT_TRUE(images.is_array() && images.size() == 4U) << e.payload.dump();
      for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(images[i].value("jobid", ""), batch["jobids"][i]);
        EXPECT_EQ(images[i].value("status", ""), e.status);
      }
    }
    const json final_images = at(json::parse(callbacks[1].body), "/images");
    for (const auto& image : final_images) {
      const bool completed = std::string(c.final_status) == "completed";
      EXPECT_EQ(at(image, "/response/image/url").is_string(), completed) << image.dump();
      EXPECT_EQ(at(image, "/error").is_string(), !completed) << image.dump();
    }
    EXPECT_EQ(deliveriesOf(mock, 2).size(), 2U) << "one payload per batch event";
  }
}

TEST(LumaMockWebhooks, UnreachableReceiversAreRecordedAndJobsWithoutReplyUrlSendNothing) {
  Harness mock(100ms);
  const std::string unreachable = "http://127.0.0.1:9/hook";  // the discard port: refused
  const std::string jobid =
      mock.submitJobid("/videos", {{"prompt", "a fox"}, {"replyUrl", unreachable}});
  mock.submit("/images", {{"prompt", "no callback"}});
  const json final = mock.waitUntilFinal(jobid);
  EXPECT_EQ(final.value("status", ""), "completed") << "a failed delivery is not fatal";
  EXPECT_FALSE(final.contains("replyRef")) << "none was given";

  const std::vector<WebhookDelivery> deliveries = deliveriesOf(mock, 2);
  ASSERT_EQ(deliveries.size(), 2U) << "only the job with a replyUrl calls back, twice";
  for (const auto& delivery : deliveries) {
    EXPECT_EQ(delivery.url, unreachable);
    EXPECT_EQ(delivery.status, 0);
    EXPECT_FALSE(delivery.error.empty());
    EXPECT_EQ(json::parse(delivery.body).value("jobid", ""), jobid);
  }
  EXPECT_EQ(mock.post(kApi + "/videos", R"({"prompt":"still serving"})").status, 200);
}

// The submission callback is a switch (the docs disagree): on, a job's first callback is its
// record as created, before the final one; off, the final callback is the only one.
TEST(LumaMockWebhooks, TheSubmissionCallbackIsASwitchOfTheMock) {
  for (const bool on_submission : {true, false}) {
    for (const char* route : {"/videos", "/images"}) {
      SCOPED_TRACE(std::string(route) + (on_submission ? ", on submission too" : ", final only"));
      MockOptions options = Harness::optionsFor(150ms);
      options.webhook_on_submission = on_submission;
      Harness mock(options);
      Receiver receiver;
      const std::string jobid =
          mock.submitJobid(route, {{"prompt", "a fox"}, {"replyUrl", receiver.url()}});
      mock.waitUntilFinal(jobid);
      const std::size_t expected = on_submission ? 2 : 1;
      auto callbacks = receiver.waitFor(expected);
      std::this_thread::sleep_for(150ms);  // time for a callback too many to arrive
      callbacks = receiver.waitFor(expected);
      ASSERT_EQ(callbacks.size(), expected);
      if (on_submission) {
        const json first = json::parse(callbacks.front().body);
        EXPECT_EQ(first.value("jobid", ""), jobid);
        EXPECT_TRUE(first.value("status", "") == "created" ||
                    first.value("status", "") == "pending")
            << first.dump();
      }
      const json last = json::parse(callbacks.back().body);
      EXPECT_EQ(last.value("jobid", ""), jobid);
      EXPECT_EQ(last.value("status", ""), "completed") << last.dump();
      EXPECT_EQ(deliveriesOf(mock, expected).size(), expected);
    }
  }
}

// --------------------------------------------------------------------------------------- blobs

TEST(LumaMockBlobs, BlobsHaveTheirContentLengthAndDeterministicBytes) {
  Harness mock;
  for (const std::uint64_t size :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{100000}, std::uint64_t{3} << 20}) {
    SCOPED_TRACE(size);
    const Reply reply = mock.get("/media/blob/" + std::to_string(size) + ".bin", std::nullopt);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.content_type, "application/octet-stream");
    EXPECT_EQ(reply.content_length, std::to_string(size));
    EXPECT_TRUE(reply.body == blobBytes(0, size)) << "content differs";
  }
  const Reply too_big =
      mock.get("/media/blob/" + std::to_string(kMaxBlobBytes + 1) + ".bin", std::nullopt);
  EXPECT_EQ(too_big.status, 404);
}

TEST(LumaMockBlobs, RangeRequestsAnswer206WithExactlyTheRequestedBytes) {
  Harness mock;
  const std::uint64_t mib = 1 << 20;
  const struct {
    std::uint64_t size;
    const char* range;
    std::uint64_t first;
    std::uint64_t count;
  } cases[] = {
      {1000, "bytes=100-199", 100, 100},
      {1000, "bytes=990-", 990, 10},
      {1000, "bytes=-10", 990, 10},
      {2 * mib, "bytes=1048570-1048585", mib - 6, 16},  // across the 1 MiB step in the pattern
      {kMaxBlobBytes, "bytes=8589934582-8589934591", kMaxBlobBytes - 10, 10},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.range);
    const Reply reply =
        mock.getWith("/media/blob/" + std::to_string(c.size) + ".bin", {{"Range", c.range}});
    EXPECT_EQ(reply.status, 206);
    EXPECT_EQ(reply.content_length, std::to_string(c.count));
    EXPECT_EQ(reply.content_range, "bytes " + std::to_string(c.first) + "-" +
                                       std::to_string(c.first + c.count - 1) + "/" +
                                       std::to_string(c.size));
    EXPECT_TRUE(reply.body == blobBytes(c.first, c.count)) << "content differs";
  }
}

TEST(LumaMockBlobs, AHundredMegabyteBlobStreamsWhole) {
  Harness mock;
  httplib::Client http("127.0.0.1", mock.server().port());
  http.set_tcp_nodelay(true);
  const std::uint64_t size = std::uint64_t{100} << 20;
  std::uint64_t received = 0;
  std::uint64_t wrong = 0;
  const auto result = http.Get(
      "/media/blob/" + std::to_string(size) + ".bin", [&](const char* data, std::size_t length) {
        for (std::size_t i = 0; i < length; i += 4093) {
          wrong += static_cast<unsigned char>(data[i]) != blobByte(received + i);
        }
        received += length;
        return true;
      });
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->get_header_value("Content-Length"), std::to_string(size));
  EXPECT_EQ(received, size);
  EXPECT_EQ(wrong, 0U);
}

// ---------------------------------------------------------------------------------- truncation

TEST(LumaMockTruncation, CutAnswersKeepTheirContentLengthButEndEarly) {
  Harness mock(50ms);
  const json batch = mock.submit("/images", {{"prompt", "a fox"}});
  const json image = mock.waitUntilFinal(textAt(batch, "/jobids/0"));
  const std::string png_path = mock.pathOf(textAt(image, "/response/image/url"));
  const std::uint64_t png_size = mock.get(png_path, std::nullopt).body.size();
  const struct {
    const char* name;
    std::string path;
    std::string fault_route;
    std::uint64_t full_size;
    std::uint64_t cut;
    std::optional<std::string> range;
  } cases[] = {
      {"blob", "/media/blob/1000000.bin", "GET /media/blob", 1000000, 100000, std::nullopt},
      {"blob, nothing at all", "/media/blob/1000000.bin", "GET /media/", 1000000, 0, std::nullopt},
      {"blob range", "/media/blob/1000000.bin", "GET /media/", 5000, 1000,
       std::string("bytes=1000-5999")},
      {"generated picture", png_path, "GET /media/", png_size, 100, std::nullopt},
  };
  for (const bool over_http : {false, true}) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(c.name) + (over_http ? " (POST /__mock/faults)" : ""));
      if (over_http) {
        const json fault = {
            {"route", c.fault_route}, {"status", 0}, {"truncate_after_bytes", c.cut}};
        ASSERT_EQ(mock.post("/__mock/faults", fault.dump(), std::nullopt).status, 200);
      } else {
        Fault fault;
        fault.route = c.fault_route;
        fault.status = 0;
        fault.truncate_after_bytes = c.cut;
        mock.server().queueFault(fault);
      }
      httplib::Client http("127.0.0.1", mock.server().port());
      http.set_tcp_nodelay(true);
      httplib::Headers headers;
      if (c.range) headers.emplace("Range", *c.range);
      std::string content_length;
      std::string body;
      const auto result = http.Get(
          c.path, headers,
          [&](const httplib::Response& response) {
            content_length = response.get_header_value("Content-Length");
            return true;
          },
          [&](const char* data, std::size_t length) {
            body.append(data, length);
            return true;
          });
      EXPECT_FALSE(result) << "the transfer must fail midway";
      EXPECT_EQ(content_length, std::to_string(c.full_size));
      EXPECT_EQ(body.size(), c.cut);
      // The next request is answered whole.
      const Reply whole = mock.getWith(c.path, headers);
      EXPECT_EQ(whole.body.size(), c.full_size);
    }
  }
  EXPECT_EQ(mock.server().firedFaults().size(), 8U);
}

}  // namespace
}  // namespace useapi::luma::mock::test_support
