#include "media_saver.hpp"

#include "exit_codes.hpp"
#include "output.hpp"

namespace useapi::luma::cli {
namespace {

// `job` with no media but its `kind`: downloadMedia then saves that one file, named as it would
// name it among the others.
Job withOnlyMedium(const Job& job, const MediaKind& kind) {
  Job single = job;
  for (const MediaKind& other : mediaKinds()) {
    if (other.member != kind.member) (single.*other.member).reset();
  }
  return single;
}

}  // namespace

void saveJobMedia(Session& session, const Job& job, const std::filesystem::path& folder,
                  StatusBoard& board, SaveResults& results) {
  const CancelToken cancel = session.cancel;
  for (const MediaKind& kind : mediaKinds()) {
    const std::optional<Media>& medium = job.*kind.member;
    if (!medium || medium->url.empty()) continue;
    if (cancel.cancelled()) throw CancelledError("interrupted before saving " + medium->url);
    board.downloading(job.jobid, kind.name, medium->url);
    // Client::downloadMedia takes no DownloadOptions (and so no CancelToken) yet: a progress
    // callback that throws stops its transfer and removes the temporary file.
    const auto progress = [&board, &job, cancel](std::uint64_t done,
                                                 std::optional<std::uint64_t> total) {
      if (cancel.cancelled()) throw CancelledError("interrupted while downloading");
      board.setProgress(job.jobid, done, total);
    };
    const auto failed = [&](const std::exception& error, int code) {
      results.failures.push_back({job.jobid, medium->url, error.what(), code});
      board.saveFailed(job.jobid, medium->url, error.what());
    };
    try {
      const auto files = session.client.downloadMedia(withOnlyMedium(job, kind), folder, progress);
      for (const auto& file : files) {
        std::error_code error;
        const auto bytes = std::filesystem::file_size(file, error);
        results.saved.push_back({job.jobid, file, error ? 0 : bytes});
        board.saved(job.jobid, file, error ? 0 : bytes);
      }
    } catch (const CancelledError&) {
      throw;
    } catch (const ApiError& error) {
      failed(error, ExitApiError);
    } catch (const TransportError& error) {
      failed(error, ExitNetwork);
    } catch (const Error& error) {  // the library's word for a local file problem
      failed(error, ExitLocalIo);
    } catch (const std::filesystem::filesystem_error& error) {
      failed(error, ExitLocalIo);
    }
  }
}

}  // namespace useapi::luma::cli
