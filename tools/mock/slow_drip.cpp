#include "mock/slow_drip.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>

namespace useapi::luma::mock {
namespace {

using Clock = std::chrono::steady_clock;

// The longest sleep between checks that the server is not stopping.
constexpr auto kCheckEvery = std::chrono::milliseconds(50);
constexpr std::size_t kMaxPieceBytes = std::size_t{64} * 1024;

// When each piece of one answer is due. The first piece is due at once after the time its bytes
// take, so the last byte leaves size/rate seconds after the sending began.
class Pace {
 public:
  Pace(int bytes_per_second, const std::atomic<bool>& stopping)
      : bytes_per_second_(std::max(bytes_per_second, 1)), stopping_(stopping) {}

  // Bytes per piece: about 1/20 s worth.
  std::size_t pieceBytes() const {
    return std::clamp<std::size_t>(static_cast<std::size_t>(bytes_per_second_) / 20, 1,
                                   kMaxPieceBytes);
  }

  // Waits until the piece of `count` bytes at `offset` is due; false once the server stops.
  bool waitFor(std::size_t offset, std::size_t count) {
    if (!started_) {
      started_ = true;
      start_ = Clock::now();
      first_offset_ = offset;
    }
    const double seconds = static_cast<double>(offset - first_offset_ + count) / bytes_per_second_;
    const auto due = start_ + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(seconds));
    for (auto now = Clock::now(); now < due; now = Clock::now()) {
      if (stopping_) return false;
      std::this_thread::sleep_for(std::min<Clock::duration>(due - now, kCheckEvery));
    }
    return !stopping_;
  }

 private:
  int bytes_per_second_;
  const std::atomic<bool>& stopping_;
  bool started_ = false;
  Clock::time_point start_;
  std::size_t first_offset_ = 0;
};

// Moves the body set on `res` into a content provider of the same length and type.
void bodyToProvider(httplib::Response& res) {
  auto body = std::make_shared<const std::string>(std::move(res.body));
  res.body.clear();
  std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");
  if (type.empty()) type = "application/octet-stream";
  res.set_content_provider(body->size(), type,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(body->data() + offset, length);
                           });
}

}  // namespace

void dripAnswer(httplib::Response& res, int bytes_per_second, const std::atomic<bool>& stopping) {
  if (res.is_chunked_content_provider_) return;
  if (!res.content_provider_) {
    if (res.body.empty()) return;
    bodyToProvider(res);
  }
  // cpp-httplib keeps the provider in a public member (marked private by comment only); wrapping
  // it keeps its length, type and releaser.
  httplib::ContentProvider inner = std::move(res.content_provider_);
  auto pace = std::make_shared<Pace>(bytes_per_second, stopping);
  res.content_provider_ = [inner, pace](std::size_t offset, std::size_t length,
                                        httplib::DataSink& sink) {
    const std::size_t count = std::min(length, pace->pieceBytes());
    // A failed write (the client gone) ends the answer: cpp-httplib closes the connection.
    return pace->waitFor(offset, count) && sink.is_writable() && inner(offset, count, sink);
  };
}

}  // namespace useapi::luma::mock
