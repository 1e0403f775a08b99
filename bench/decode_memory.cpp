// The peak memory of decoding the largest answers the library accepts: a GET /jobs answer at the
// transport's 16 MiB cap and a webhook at parseWebhook's 4 MiB cap, honest in shape (they decode)
// and as large as allowed. Each case runs in a child process of its own and prints a Markdown
// row: the body's size, the growth of the peak resident size (VmHWM, reset through
// /proc/self/clear_refs, over VmRSS before the call) and the peak of live operator new bytes over
// those before the call, each also as a multiple of the body. The decoded result is alive at the
// end of the call, so it counts. Run by scripts/bench-instructions (no network needed).

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "codec/json_limits.hpp"
#include "codec/response_decoder.hpp"
#include "support/memory_meter.hpp"
#include "useapi/luma/webhook.hpp"

namespace {

using useapi::luma::kMaxWebhookBytes;
using useapi::luma::detail::kMaxListedJobs;

constexpr std::size_t kLargestAnswer = std::size_t{16} << 20;  // the transport's cap

// Filler bytes that make a body `size` bytes long around `rest` bytes of its own.
std::string filled(std::size_t size, std::size_t rest) {
  std::string text(size > rest ? size - rest : 0, 'x');
  return text;
}

// A GET /jobs answer of kMaxListedJobs entries, each with `field` holding a string that makes the
// body `size` bytes (none when size is 0: an ordinary list).
std::string jobList(std::size_t size, const std::string& field) {
  const std::string head = R"({"jobid":"j0326140530123456789v-u12345-email:someone@example.com:)"
                           R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma","type":"video",)"
                           R"("account":"someone@example.com","model":"ray-v3-flash",)"
                           R"("created":"2026-03-26T14:05:30.123Z","replyUrl":"configured")";
  std::string entry = head + "}";
  if (size != 0) {
    const std::size_t per_entry = (size - 64) / kMaxListedJobs;
    const std::string start = head + ",\"" + field + "\":\"";
    entry = start + filled(per_entry, start.size() + 3) + "\"}";
  }
  std::string body = R"({"executing":4,"jobs":[)";
  body.reserve(size + 64);
  for (std::size_t i = 0; i < kMaxListedJobs; ++i) body += (i ? "," : "") + entry;
  return body + "]}";
}

// A failed job's callback whose error text makes it kMaxWebhookBytes.
std::string webhookWithLongError() {
  const std::string head =
      R"({"jobid":"j0326140530123456789v-u12345-email:someone@example.com:)"
      R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma","type":"video","status":"failed",)"
      R"("created":"2026-03-26T14:05:30.123Z","replyRef":"ref-1","error":")";
  return head + filled(kMaxWebhookBytes, head.size() + 2) + "\"}";
}

// An image batch's callback of 64 images (the most read), each with an unknown field that makes
// the body kMaxWebhookBytes: every image keeps its own text in Job::raw.
std::string webhookOfImages() {
  const std::size_t kImages = 64;
  const std::string image_head =
      R"({"jobid":"j0326140530123456789i-u12345-email:someone@example.com:)"
      R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma","status":"completed",)"
      R"("response":{"image":{"url":"https://example.com/media/image.png","width":1024,)"
      R"("height":1024}},"note":")";
  const std::size_t per_image = (kMaxWebhookBytes - 512) / kImages;
  const std::string image = image_head + filled(per_image, image_head.size() + 3) + "\"}";
  std::string body =
      R"({"jobid":"j0326140530123456789b-u12345-email:someone@example.com:)"
      R"(a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma","type":"image","status":"completed",)"
      R"("images":[)";
  for (std::size_t i = 0; i < kImages; ++i) body += (i ? "," : "") + image;
  return body + "]}";
}

struct Case {
  const char* name;
  std::string body;
  std::function<void(const std::string&)> decode;
};

}  // namespace

int main() {
  const std::string endpoint = "GET /jobs";
  const auto list = [&](const std::string& body) {
    if (useapi::luma::detail::decodeJobList(body, endpoint).jobs.size() != kMaxListedJobs) {
      throw std::runtime_error("the list lost jobs");
    }
  };
  const auto webhook = [](const std::string& body) { useapi::luma::parseWebhook(body); };
  std::vector<Case> cases;
  cases.push_back({"GET /jobs: 4000 running jobs (the most read)", jobList(0, ""), list});
  cases.push_back({"GET /jobs at the 16 MiB cap: 4000 jobs, each with a 4 KiB unknown field",
                   jobList(kLargestAnswer, "note"), list});
  cases.push_back({"GET /jobs at the 16 MiB cap: 4000 jobs, each with a 4 KiB model name",
                   jobList(kLargestAnswer, "model"), list});
  cases.push_back({"webhook at the 4 MiB cap: a failed job with a 4 MiB error",
                   webhookWithLongError(), webhook});
  cases.push_back({"webhook at the 4 MiB cap: an image batch of 64 images of 64 KiB each",
                   webhookOfImages(), webhook});
  std::printf(
      "| decode | body (MiB) | peak RSS growth (MiB) | × body | peak heap (MiB) | × body |\n");
  std::printf("|---|---|---|---|---|---|\n");
  int failures = 0;
  for (const Case& c : cases) {
    const useapi::luma::memory_meter::Measure m =
        useapi::luma::memory_meter::measureInChild([&] { c.decode(c.body); });
    const double body_mib = static_cast<double>(c.body.size()) / (1 << 20);
    if (!m.ok || m.refused || m.escaped) {
      std::printf("| %s | %.2f | not measured: %s | | | |\n", c.name, body_mib,
                  m.message[0] ? m.message : "no /proc/self/clear_refs");
      ++failures;
      continue;
    }
    const double rss_mib = static_cast<double>(m.growth_kib) / 1024;
    const double heap_mib = static_cast<double>(m.allocated_peak) / (1 << 20);
    std::printf("| %s | %.2f | %.1f | %.2f | %.1f | %.2f |\n", c.name, body_mib, rss_mib,
                rss_mib / body_mib, heap_mib, heap_mib / body_mib);
  }
  return failures == 0 ? 0 : 1;
}
