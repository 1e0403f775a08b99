#include "media_saver.hpp"

#include <utility>

#include "exit_codes.hpp"
#include "output.hpp"

namespace useapi::luma::cli {
namespace {

// Saves the one medium `job` carries; Ctrl-C (`cancel`) stops the transfer at once, even while no
// byte arrives, and removes its temporary file.
std::vector<std::filesystem::path> downloadMedium(Client& client, const Job& job,
                                                  const std::filesystem::path& folder,
                                                  const CancelToken& cancel, ProgressFn progress) {
  DownloadOptions options;
  options.progress = std::move(progress);
  options.cancel = cancel;
  // A job's files are named from its whole id: a file already there under that name is this
  // job's own, saved by an earlier run (`luma job wait ID --out DIR` again).
  options.overwrite = true;
  return client.downloadMedia(job, folder, options);
}

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
    // A progress callback that throws stops the transfer and removes its temporary file.
    const ProgressFn progress = [&board, &job, cancel](std::uint64_t done,
                                                       std::optional<std::uint64_t> total) {
      if (cancel.cancelled()) throw CancelledError("interrupted while downloading");
      board.setProgress(job.jobid, done, total);
    };
    const auto failed = [&](const std::exception& error, int code) {
      results.failures.push_back({job.jobid, medium->url, error.what(), code});
      board.saveFailed(job.jobid, medium->url, error.what());
    };
    try {
      const auto files =
          downloadMedium(session.client, withOnlyMedium(job, kind), folder, cancel, progress);
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
