// Decoding is bounded in memory, not only in bytes: for hostile bodies of several MiB (a
// decompression bomb of `[{},{},...]`, deep nesting, long strings of escapes, bad UTF-8, a gzip
// bomb through the real Client) the peak memory of the decode stays within 4 times the
// decompressed body, and every failure is a useapi::luma::Error.
//
// What is measured: the growth of the peak resident size (VmHWM, reset through
// /proc/self/clear_refs) over the resident size before the call, in a child process of its own
// per case, divided by the body's decompressed size. Pages reserved but never touched are not
// memory used: simdjson reserves about 5.7 bytes of address space per byte of text but touches
// only 4 bytes per structural character and what it unescapes. The bytes allocated (the peak of
// live operator new bytes) are printed beside it. Its own executable: a peak resident size means
// nothing under a sanitizer (labelled `memory`, which scripts/test leaves out there).

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "codec/response_decoder.hpp"
#include "support/loopback_listener.hpp"
#include "support/memory_meter.hpp"
#include "useapi/luma.hpp"
#include "useapi/luma/webhook.hpp"

namespace useapi::luma::testing {
namespace {

constexpr double kMaxGrowthPerBodyByte = 4.0;

using memory_meter::Measure;

// Measures `call` on a body of `body_bytes` and checks the bound; returns whether it was refused.
bool expectBounded(const std::string& name, std::size_t body_bytes,
                   const std::function<void()>& call) {
  const Measure m = memory_meter::measureInChild(call);
  if (!m.ok) {
    ADD_FAILURE() << name << ": could not measure (no /proc/self/clear_refs?)";
    return false;
  }
  const double growth = static_cast<double>(m.growth_kib) * 1024 / static_cast<double>(body_bytes);
  const double allocated = static_cast<double>(m.allocated_peak) / static_cast<double>(body_bytes);
  std::printf("%-44s body %6.2f MiB  resident peak %5.2fx  allocated peak %5.2fx  %s\n",
              name.c_str(), static_cast<double>(body_bytes) / (1 << 20), growth, allocated,
              m.refused ? "refused" : "decoded");
  EXPECT_FALSE(m.escaped) << name << ": " << m.message;
  EXPECT_LE(growth, kMaxGrowthPerBodyByte) << name;
  return m.refused;
}

constexpr std::size_t kBig = std::size_t{16} << 20;  // the transport's cap on an answer
const std::string kEndpoint = "GET /jobs";

std::string repeated(const std::string& head, const std::string& item, const std::string& tail,
                     std::size_t size) {
  std::string body = head;
  body.reserve(size + item.size() + tail.size());
  while (body.size() + item.size() + 1 + tail.size() < size) {
    if (body.size() > head.size()) body += ',';
    body += item;
  }
  return body + tail;
}

TEST(DecodeMemory, EmptyObjectsInAJobListAreRefusedWithinBounds) {
  const std::string body = repeated(R"({"executing":0,"jobs":[)", "{}", "]}", kBig);
  EXPECT_TRUE(expectBounded("GET /jobs of [{},{},...]", body.size(),
                            [&] { detail::decodeJobList(body, kEndpoint); }));
}

TEST(DecodeMemory, ShortEntriesInAJobListAreRefusedWithinBounds) {
  const std::string body =
      repeated(R"({"executing":0,"jobs":[)", R"({"jobid":"j0123456789abcdef"})", "]}", kBig);
  EXPECT_TRUE(expectBounded("GET /jobs of short entries", body.size(),
                            [&] { detail::decodeJobList(body, kEndpoint); }));
}

TEST(DecodeMemory, EmptyObjectsInAnAccountListAreRefusedWithinBounds) {
  std::string body = "{";
  for (int i = 0; body.size() < kBig; ++i) body += "\"a" + std::to_string(i) + "\":{},";
  body.back() = '}';
  EXPECT_TRUE(expectBounded("GET /accounts of {\"a1\":{},...}", body.size(),
                            [&] { detail::decodeAccountList(body, "GET /accounts"); }));
}

TEST(DecodeMemory, DeepNestingIsRefusedWithinBounds) {
  const std::string arrays = R"({"jobid":"j1","extra":)" + std::string(kBig, '[');
  EXPECT_TRUE(expectBounded("a job nested 16 Mi arrays deep", arrays.size(),
                            [&] { detail::decodeJob(arrays, "GET /jobs/j1"); }));
  std::string objects = R"({"jobid":"j1","extra":)";
  while (objects.size() < kBig) objects += R"({"a":)";
  EXPECT_TRUE(expectBounded("a job nested 3 Mi objects deep", objects.size(),
                            [&] { detail::decodeJob(objects, "GET /jobs/j1"); }));
}

TEST(DecodeMemory, LongStringsOfEscapesAreDecodedWithinBounds) {
  std::string escapes;
  while (escapes.size() < (std::size_t{4} << 20) - 2048) escapes += R"(\n\"\u00e9\\)";
  const std::string webhook = R"({"jobid":"j1","status":"failed","error":")" + escapes +
                              R"(","note":")" + escapes.substr(0, 1 << 10) + "\"}";
  ASSERT_LE(webhook.size(), kMaxWebhookBytes);
  EXPECT_FALSE(expectBounded("a 4 MiB webhook error of escapes", webhook.size(),
                             [&] { parseWebhook(webhook); }));
  std::string unknown;
  while (unknown.size() < kBig - 100) unknown += R"(\n\"\u00e9\\)";
  const std::string record = R"({"jobid":"j1","status":"completed","note":")" + unknown + "\"}";
  EXPECT_FALSE(expectBounded("a 16 MiB job with an unknown field of escapes", record.size(),
                             [&] { detail::decodeJob(record, "GET /jobs/j1"); }));
}

TEST(DecodeMemory, InvalidUtf8IsDecodedWithinBounds) {
  std::string bad;
  while (bad.size() < (std::size_t{4} << 20) - 100) bad += "a\xFF";
  const std::string webhook = R"({"jobid":"j1","status":"failed","error":")" + bad + "\"}";
  ASSERT_LE(webhook.size(), kMaxWebhookBytes);
  EXPECT_FALSE(expectBounded("a 4 MiB webhook error of bad UTF-8", webhook.size(),
                             [&] { parseWebhook(webhook); }));
}

TEST(DecodeMemory, ALargeHonestJobListIsDecodedWithinBounds) {
  const std::string entry = R"({"jobid":"j0326140530123456789v-u12345-email:someone@example.com:)"
                            R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma","type":"video",)"
                            R"("account":"someone@example.com","model":"ray-v3-flash",)"
                            R"("created":"2026-03-26T14:05:30.123Z","replyUrl":"configured"})";
  std::string body = R"({"executing":4000,"jobs":[)";
  for (std::size_t i = 0; i < detail::kMaxListedJobs; ++i) body += (i ? "," : "") + entry;
  body += "]}";
  EXPECT_FALSE(expectBounded("GET /jobs of 4000 running jobs", body.size(),
                             [&] { detail::decodeJobList(body, kEndpoint); }));
}

TEST(DecodeMemory, AnAllocationThatFailsIsAnErrorNeverBadAlloc) {
  // Every decoder, with no block above 64 KiB to be had: simdjson's (nothrow) and the decoder's
  // own (throwing) allocations fail in turn; each call ends in a useapi::luma::Error.
  std::string list = R"({"executing":1,"jobs":[)";
  for (int i = 0; list.size() < (std::size_t{1} << 20); ++i) {
    list += (i ? ",{\"jobid\":\"j" : "{\"jobid\":\"j") + std::to_string(i) + "\"}";
  }
  list += "]}";
  std::string error(std::size_t{1} << 20, 'e');
  const std::string webhook = R"({"jobid":"j1","status":"failed","error":")" + error + "\"}";
  const auto limit = [] { memory_meter::failBlocksLargerThan(std::size_t{64} << 10); };
  const std::vector<std::pair<const char*, std::function<void()>>> calls = {
      {"decodeJobList",
       [&] {
         limit();
         detail::decodeJobList(list, kEndpoint);
       }},
      {"decodeJob",
       [&] {
         std::string body = webhook;  // the caller's copy, made before the limit
         limit();
         detail::decodeJob(std::move(body), "GET /jobs/j1");
       }},
      {"parseWebhook",
       [&] {
         limit();
         parseWebhook(webhook);
       }},
      {"decodeAccount",
       [&] {
         limit();
         detail::decodeAccount(webhook, "GET /accounts/a");
       }},
      {"decodeAsset",
       [&] {
         limit();
         detail::decodeAsset(webhook, "POST /assets/a");
       }},
      {"decodeImageBatch",
       [&] {
         limit();
         detail::decodeImageBatch(webhook, "POST /images");
       }},
  };
  for (const auto& [name, call] : calls) {
    SCOPED_TRACE(name);
    const Measure m = memory_meter::measureInChild(call);
    EXPECT_TRUE(m.refused) << m.message;
    EXPECT_FALSE(m.escaped) << m.message;
  }
  // errorMessageOf never throws: it falls back to the body's own text.
  const Measure m = memory_meter::measureInChild([&] {
    limit();
    if (detail::errorMessageOf(webhook).empty()) throw Error("no message");
  });
  EXPECT_FALSE(m.refused) << m.message;
  EXPECT_FALSE(m.escaped) << m.message;
}

// --- a gzip bomb through the real Client ---------------------------------------------------------

std::string gzipped(const std::string& text) {
  z_stream stream{};
  if (deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// A loopback server answering every GET with `body`, sent as `Content-Encoding: gzip`.
class GzipServer {
 public:
  explicit GzipServer(std::string gzip_body) : body_(std::move(gzip_body)) {
    server_.Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(body_, "application/json");
    });
    listener_ = std::make_unique<LoopbackListener>(server_);
  }
  std::string baseUrl() const {
    return "http://127.0.0.1:" + std::to_string(listener_->port()) + "/v1/luma";
  }

 private:
  std::string body_;
  httplib::Server server_;
  std::unique_ptr<LoopbackListener> listener_;  // last: stopped before what it serves goes
};

TEST(DecodeMemory, AGzipBombToListJobsIsRefusedWithinBounds) {
  struct Case {
    const char* name;
    std::size_t decompressed;
  };
  // Just under the transport's 16 MiB cap (the decoder refuses it), and far over it (the
  // transport stops reading at the cap).
  const std::vector<Case> cases = {{"a 16 KB gzip of 15.9 MiB [{},...]", kBig - 4096},
                                   {"a gzip of 256 MiB [{},...]", std::size_t{256} << 20}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string compressed =
        gzipped(repeated(R"({"executing":0,"jobs":[)", "{}", "]}", c.decompressed));
    ASSERT_FALSE(compressed.empty());
    GzipServer server(compressed);
    ClientOptions options;
    options.api_token = "token";
    options.base_url = server.baseUrl();
    options.retry.max_attempts = 1;
    Client client(options);
    // The measure is over the decompressed size the client handles: at most the cap.
    EXPECT_TRUE(expectBounded(c.name, std::min(c.decompressed, kBig), [&] { client.listJobs(); }));
  }
}

}  // namespace
}  // namespace useapi::luma::testing
