// Case 3, in its own process: Client::download of URL into DEST, printing one line of key=value
// figures (bytes, seconds, MB/s, peak RSS). The file is left for the caller to check and delete.
//
//   luma-bench-download URL DEST

#include <chrono>
#include <iostream>
#include <string>

#include "process_stats.hpp"
#include "useapi/luma.hpp"

int main(int argc, char** argv) {
  namespace luma = useapi::luma;
  if (argc != 3) {
    std::cerr << "usage: luma-bench-download URL DEST\n";
    return 2;
  }
  try {
    luma::Client client;  // USEAPI_TOKEN and USEAPI_LUMA_BASE_URL from the environment
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t bytes = client.download(argv[1], argv[2]);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "bytes=" << bytes << " seconds=" << seconds
              << " mb_per_s=" << static_cast<double>(bytes) / 1e6 / seconds
              << " peak_rss_kib=" << luma::bench::peakResidentKib() << std::endl;
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "luma-bench-download: " << error.what() << '\n';
    return 1;
  }
}
