// Client: downloading what jobs produced.

#include "useapi/luma/client.hpp"
#include "useapi/luma/connection.hpp"

namespace useapi::luma {

namespace fs = std::filesystem;

std::uint64_t Client::download(const std::string& url, const fs::path& dest, ProgressFn progress) {
  DownloadOptions options;
  options.progress = std::move(progress);
  return download(url, dest, options);
}

std::uint64_t Client::download(const std::string& url, const fs::path& dest,
                               const DownloadOptions& options) {
  return connection_->download(url, dest, options);
}

// performance-unnecessary-value-param: `progress` is by value in the public signature.
std::vector<fs::path> Client::downloadMedia(const Job& job, const fs::path& folder,
                                            // NOLINTNEXTLINE(performance-unnecessary-value-param)
                                            ProgressFn progress) {
  DownloadOptions options;
  options.progress = std::move(progress);
  return downloadMedia(job, folder, options);
}

std::vector<fs::path> Client::downloadMedia(const Job& job, const fs::path& folder,
                                            const DownloadOptions& options) {
  return connection_->downloadMedia(job, folder, options);
}

}  // namespace useapi::luma
