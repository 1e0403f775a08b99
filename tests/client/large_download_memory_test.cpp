// A download of hundreds of megabytes keeps memory flat. Its own executable, so that the peak
// resident size it reads belongs to this download alone.

#include <sys/resource.h>

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "support/mock_api_test.hpp"

namespace useapi::luma::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kBytes = std::uint64_t{256} << 20;  // 256 MiB
constexpr long kMaxPeakKib = long{64} * 1024;               // 64 MiB

long peakResidentKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

class LargeDownload : public MockApiTest {};

TEST_F(LargeDownload, Of256MiBStaysUnder64MiBPeakAndIsExact) {
  Client client(clientOptions());
  const fs::path dest =
      fs::temp_directory_path() / ("luma-large-" + std::to_string(::getpid()) + ".bin");
  std::uint64_t reports = 0;
  const std::uint64_t written =
      client.download(origin() + "/media/blob/" + std::to_string(kBytes) + ".bin", dest,
                      [&](std::uint64_t, std::optional<std::uint64_t> total) {
                        ++reports;
                        EXPECT_EQ(total, kBytes);
                      });

  EXPECT_EQ(written, kBytes);
  EXPECT_EQ(fs::file_size(dest), kBytes);
  EXPECT_GT(reports, 100u) << "progress is reported as the bytes arrive";
  EXPECT_LT(peakResidentKib(), kMaxPeakKib) << "peak RSS in KiB";

  // The content is the mock's deterministic pattern, byte for byte.
  std::ifstream in(dest, std::ios::binary);
  std::vector<char> chunk(1 << 20);
  std::uint64_t offset = 0;
  std::uint64_t mismatches = 0;
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i, ++offset) {
      if (static_cast<unsigned char>(chunk[static_cast<std::size_t>(i)]) !=
          mock::blobByte(offset)) {
        ++mismatches;
      }
    }
  }
  EXPECT_EQ(offset, kBytes);
  EXPECT_EQ(mismatches, 0u);
  fs::remove(dest);
}

}  // namespace
}  // namespace useapi::luma::testing
