// Case 3, in its own process: Client::download of URL into DEST, printing one line of key=value
// figures (bytes, seconds, MB/s, peak RSS). The file is left for the caller to check and delete.
// With --cache-only, ClientOptions::durable_downloads is false (no fsync, as the curl program).
//
//   luma-bench-download [--cache-only] URL DEST

#include <chrono>
#include <iostream>
#include <string>

#include "process_stats.hpp"
#include "useapi/luma.hpp"

int main(int argc, char** argv) {
  namespace luma = useapi::luma;
  luma::ClientOptions options;  // USEAPI_TOKEN and USEAPI_LUMA_BASE_URL from the environment
  int first = 1;
  if (argc == 4 && std::string(argv[1]) == "--cache-only") {
    options.durable_downloads = false;
    first = 2;
  }
  if (argc - first != 2) {
    std::cerr << "usage: luma-bench-download [--cache-only] URL DEST\n";
    return 2;
  }
  try {
    luma::Client client(options);
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t bytes = client.download(argv[first], argv[first + 1]);
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
