// The peak memory of decoding the largest answers the library accepts: a GET /jobs answer at the
// transport's 16 MiB cap and a webhook at parseWebhook's 4 MiB cap, honest in shape (they decode)
// and as large as allowed. Each case runs in a child process of its own and prints a Markdown
// row: the body's size, the growth of the peak resident size (VmHWM, reset through
// /proc/self/clear_refs, over VmRSS before the call) and the peak of live operator new bytes over
// those before the call, each also as a multiple of the body. The decoded result is alive at the
// end of the call, so it counts. Run by scripts/bench-instructions (no network needed).

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "codec/json_limits.hpp"
#include "codec/response_decoder.hpp"
#include "useapi/luma/webhook.hpp"

// --- live bytes of operator new ------------------------------------------------------------------

namespace {
std::atomic<long long> g_live_bytes{0};
std::atomic<long long> g_peak_bytes{0};

void* counted(std::size_t size) {
  void* block = std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) return nullptr;
  const long long live = g_live_bytes += static_cast<long long>(malloc_usable_size(block));
  long long peak = g_peak_bytes.load();
  while (live > peak && !g_peak_bytes.compare_exchange_weak(peak, live)) {
  }
  return block;
}

void uncounted(void* block) {
  if (block == nullptr) return;
  g_live_bytes -= static_cast<long long>(malloc_usable_size(block));
  std::free(block);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* block = counted(size)) return block;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted(size); }
void operator delete(void* block) noexcept { uncounted(block); }
void operator delete[](void* block) noexcept { uncounted(block); }
void operator delete(void* block, std::size_t) noexcept { uncounted(block); }
void operator delete[](void* block, std::size_t) noexcept { uncounted(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { uncounted(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { uncounted(block); }

namespace {

using useapi::luma::kMaxWebhookBytes;
using useapi::luma::detail::kMaxListedJobs;

constexpr std::size_t kLargestAnswer = std::size_t{16} << 20;  // the transport's cap

// A line of /proc/self/status in KiB ("VmRSS:", "VmHWM:").
long statusKib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  }
  return -1;
}

struct Measure {
  bool ok = false;
  long growth_kib = 0;
  long long allocated_peak = 0;
  char error[200] = {};
};

// Runs `decode` in a child process and measures it.
Measure measure(const std::function<void()>& decode) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    Measure out;
    ::malloc_trim(0);  // free pages the parent left in the heap must not hide new ones
    std::FILE* clear = std::fopen("/proc/self/clear_refs", "w");
    out.ok = clear != nullptr && std::fputs("5", clear) >= 0;
    if (clear != nullptr) std::fclose(clear);
    const long before = statusKib("VmRSS:");
    const long long live_before = g_live_bytes.load();
    g_peak_bytes = live_before;
    try {
      decode();
    } catch (const std::exception& error) {
      out.ok = false;
      std::snprintf(out.error, sizeof out.error, "%s", error.what());
    }
    out.growth_kib = statusKib("VmHWM:") - before;
    out.allocated_peak = g_peak_bytes.load() - live_before;
    const ssize_t written = ::write(fds[1], &out, sizeof out);
    ::_exit(written == sizeof out ? 0 : 1);
  }
  ::close(fds[1]);
  Measure result;
  const ssize_t got = ::read(fds[0], &result, sizeof result);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (got != sizeof result) return {};
  return result;
}

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
    const Measure m = measure([&] { c.decode(c.body); });
    const double body_mib = static_cast<double>(c.body.size()) / (1 << 20);
    if (!m.ok) {
      std::printf("| %s | %.2f | not measured: %s | | | |\n", c.name, body_mib,
                  m.error[0] ? m.error : "no /proc/self/clear_refs");
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
