#include "mock/blob_media.hpp"

#include <httplib.h>

#include <algorithm>
#include <memory>
#include <string>

namespace useapi::luma::mock {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;

// Counts the body bytes of one answer against an optional cut.
class BodyBudget {
 public:
  explicit BodyBudget(std::optional<std::uint64_t> cut_after) : cut_after_(cut_after) {}

  // How many of `wanted` bytes may still be sent (zero once the cut is reached).
  std::size_t allow(std::size_t wanted) {
    if (!cut_after_) return wanted;
    const std::uint64_t left = *cut_after_ > sent_ ? *cut_after_ - sent_ : 0;
    const auto allowed = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, left));
    sent_ += allowed;
    return allowed;
  }

 private:
  std::optional<std::uint64_t> cut_after_;
  std::uint64_t sent_ = 0;
};

}  // namespace

void serveBlob(httplib::Response& res, std::uint64_t size, std::optional<std::uint64_t> cut_after) {
  const char* type = "application/octet-stream";
  if (size == 0) return res.set_content("", type);
  auto budget = std::make_shared<BodyBudget>(cut_after);
  res.set_content_provider(
      static_cast<std::size_t>(size), type,
      [budget](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        const std::size_t count = budget->allow(std::min(length, kChunkBytes));
        if (count == 0) return false;  // cut: httplib closes the connection
        std::string chunk(count, '\0');
        for (std::size_t i = 0; i < count; ++i) chunk[i] = static_cast<char>(blobByte(offset + i));
        return sink.write(chunk.data(), chunk.size());
      });
}

void cutBodyAfter(httplib::Response& res, std::uint64_t cut_after) {
  auto body = std::make_shared<const std::string>(std::move(res.body));
  res.body.clear();
  std::string type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");
  if (type.empty()) type = "application/octet-stream";
  if (body->empty()) return res.set_content("", type);
  auto budget = std::make_shared<BodyBudget>(cut_after);
  res.set_content_provider(
      body->size(), type,
      [body, budget](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        const std::size_t count = budget->allow(std::min(length, kChunkBytes));
        if (count == 0) return false;
        return sink.write(body->data() + offset, count);
      });
}

}  // namespace useapi::luma::mock
