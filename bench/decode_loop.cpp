// The decode of one job record as a plain program, for counting its instructions under valgrind
// (callgrind): scripts/bench-instructions runs it with two counts and takes the difference.
//   luma-bench-decode record N   decodes a completed video job's record (the one luma-mock
//                                answers GET /jobs/{jobid} with) N times, as getJob does
//   luma-bench-decode copy N     only makes the N copies of the body that `record` decodes
// The body is copied the way the transport hands it over (with room for the parser's padding),
// so `record` minus `copy` is the decoder's own cost.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "codec/json_text.hpp"
#include "codec/response_decoder.hpp"

namespace {

// A GET /jobs/{jobid} answer of luma-mock for a completed video job (575 bytes).
constexpr std::string_view kVideoRecord =
    R"({"created":"2026-12-05T12:51:20.147Z","credits":{"dm_relaxed_usage":null,"dm_usage":2},)"
    R"("jobid":"j1205125120147733147v-u12345-email:mock@example.com:)"
    R"(9ae41060-1588-4b2b-9c60-34763df8264c-bot:luma","response":{"last_frame":{"height":144,)"
    R"("media_type":"image","url":"http://127.0.0.1:33097/media/0/last_frame.png","width":256},)"
    R"("thumbnail":{"height":144,"media_type":"image",)"
    R"("url":"http://127.0.0.1:33097/media/0/thumbnail.png","width":256},)"
    R"("video":{"duration":2.0,"height":144,"media_type":"video",)"
    R"("url":"http://127.0.0.1:33097/media/0/video.mp4","width":256},"video_hdr_exr":null},)"
    R"("status":"completed","type":"video","updated":"2026-12-05T12:51:20.147Z"})";

// The body as the transport hands it over: room for the padding after it.
std::string received() {
  std::string body;
  body.reserve(kVideoRecord.size() + useapi::luma::detail::kJsonPadding);
  body.assign(kVideoRecord);
  return body;
}

int usage() {
  std::fprintf(stderr, "usage: luma-bench-decode record|copy COUNT\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return usage();
  const std::string mode = argv[1];
  const long count = std::strtol(argv[2], nullptr, 10);
  const std::string endpoint = "GET /jobs/{jobid}";
  try {
    std::size_t sum = 0;  // keeps the work from being optimised away
    if (mode == "record") {
      for (long i = 0; i < count; ++i) {
        sum += useapi::luma::detail::decodeJob(received(), endpoint).raw.size();
      }
    } else if (mode == "copy") {
      for (long i = 0; i < count; ++i) sum += received().size();
    } else {
      return usage();
    }
    return sum == static_cast<std::size_t>(count) * kVideoRecord.size() ? 0 : 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "luma-bench-decode: %s\n", error.what());
    return 1;
  }
}
