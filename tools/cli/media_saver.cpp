#include "media_saver.hpp"

#include <type_traits>
#include <utility>

#include "exit_codes.hpp"
#include "output.hpp"

namespace useapi::luma::cli {
namespace {

// Client::downloadMedia(job, folder, const DownloadOptions&) and DownloadOptions::overwrite come
// with the download work of issue 12, in parallel with this code. Until both are merged the CLI
// stops a download on Ctrl-C only through its progress callback (which needs bytes to arrive);
// once they are, the same code also passes the CancelToken. Remove these two traits then.
template <class C, class = void>
struct TakesDownloadOptions : std::false_type {};
template <class C>
struct TakesDownloadOptions<
    C, std::void_t<decltype(std::declval<C&>().downloadMedia(
           std::declval<const Job&>(), std::declval<const std::filesystem::path&>(),
           std::declval<const DownloadOptions&>()))>> : std::true_type {};
template <class O, class = void>
struct HasOverwrite : std::false_type {};
template <class O>
struct HasOverwrite<O, std::void_t<decltype(std::declval<O&>().overwrite)>> : std::true_type {};

// Lets downloadMedia replace what it finds under the names it picks.
template <class O>
void allowReplacing(O& options) {
  if constexpr (HasOverwrite<O>::value) options.overwrite = true;
}

// Saves the one medium `job` carries. `progress` throws CancelledError after Ctrl-C.
template <class C>
std::vector<std::filesystem::path> downloadMedium(C& client, const Job& job,
                                                  const std::filesystem::path& folder,
                                                  const CancelToken& cancel, ProgressFn progress) {
  if constexpr (TakesDownloadOptions<C>::value) {
    DownloadOptions options;
    options.progress = std::move(progress);
    options.cancel = cancel;
    // A job's files are named from its whole id: a file already there under that name is this
    // job's own, saved by an earlier run (`luma job wait ID --out DIR` again).
    allowReplacing(options);
    return client.downloadMedia(job, folder, options);
  } else {
    return client.downloadMedia(job, folder, std::move(progress));
  }
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
