#include "download/file_download.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

#include "client/cancel_state.hpp"
#include "connection/status_errors.hpp"
#include "download/file_sink.hpp"
#include "download/part_file.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

namespace fs = std::filesystem;

// The bytes of a file's start that decide its extension (downloadMedia).
constexpr std::size_t kHeadBytes = 16;

// The first bytes of `path` (fewer when it is shorter).
std::string headOf(const fs::path& path) {
  std::string head(kHeadBytes, '\0');
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw Error(systemError("could not read back", path));
  head.resize(std::fread(head.data(), 1, head.size(), file));
  std::fclose(file);
  return head;
}

// Makes a rename into `folder` survive a power loss; where that cannot be done, the rename
// itself still stands.
void syncFolder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Throws what ended `ending` when it did not end with the whole file: nothing is saved then.
void throwUnlessComplete(Ending ending, const std::string& endpoint, const fs::path& dest,
                         const FileDownloadSettings& settings, const FileSink& sink) {
  switch (ending.interruption) {
    case Interruption::ProgressThrew:
      std::rethrow_exception(ending.progress_error);
    case Interruption::Cancelled:
      throw CancelledError(endpoint + ": the download to " + dest.string() +
                           " was cancelled; nothing was saved");
    case Interruption::TimedOut:
      throw TransportError(endpoint + ": the download took longer than the timeout of " +
                           std::to_string(settings.timeout.count()) + " ms; nothing was saved");
    case Interruption::None:
      break;
  }
  const HttpOutcome& outcome = ending.outcome;
  if (outcome.failure && outcome.failure->kind == FailureKind::Sink) {
    throw Error(outcome.failure->message + "; nothing was saved at " + dest.string());
  }
  const int status = successOrThrow(std::move(ending.outcome), endpoint).status;
  if (status == 206 && sink.resumedLastAttempt()) return;  // the rest of a cut transfer
  if (status != 200) {
    const std::string& problem = sink.partialProblem();
    throw TransportError(
        endpoint + ": the server answered " + std::to_string(status) +
        (status == 206   ? " (a part of the file" + (problem.empty() ? "" : ": " + problem) + ")"
         : status == 204 ? " (no content)"
                         : "") +
        " where the whole file (200) was expected; nothing was saved");
  }
}

}  // namespace

SavedFile downloadToFile(Transport& transport, HttpRequest request, const fs::path& dest,
                         const FileDownloadSettings& settings) {
  if (dest.empty() || dest.filename().empty() || dest.filename() == "." ||
      dest.filename() == "..") {
    throw Error("download destination \"" + dest.string() + "\" names no file");
  }
  std::error_code error;
  if (fs::is_directory(dest, error)) {
    throw Error("cannot download to " + dest.string() + ": it is a folder, not a file");
  }
  if (settings.cancel.cancelled()) {
    throw CancelledError(request.endpoint + ": the download to " + dest.string() +
                         " was cancelled before it started");
  }
  removeOrphanedParts(dest);
  PartFile part(dest);  // the folder's problems show here, before anything is sent
  auto sink = std::make_shared<FileSink>(part.openStream(), part.path(), settings.durability,
                                         request.endpoint, settings.log);
  const auto signal = std::make_shared<StopSignal>();
  request.sink = sink;
  request.stop_signal = signal;
  if (settings.deadline) request.deadline = settings.deadline;  // no retry is scheduled past it
  const std::string endpoint = request.endpoint;

  Ending ending;
  {
    CancelSubscription on_cancel(settings.cancel, [&sink] { sink->cancel(); });
    transport.send(std::move(request),
                   [sink](HttpOutcome outcome) { sink->finish(std::move(outcome)); });
    ending = sink->waitForEnd(settings, settings.time ? *settings.time : *systemTime(),
                              [&transport, &signal] { transport.stop(signal); });
  }
  // The I/O thread is done with the file: keep it only for a whole 200 answer, or a 206 that
  // brought the rest of it.
  const int status = ending.outcome.response ? ending.outcome.response->status : 0;
  const bool whole = ending.interruption == Interruption::None &&
                     (status == 200 || (status == 206 && sink->resumedLastAttempt()));
  if (!whole) sink->closeFile();
  throwUnlessComplete(std::move(ending), endpoint, dest, settings, *sink);
  sink->commit();

  const auto size = fs::file_size(part.path(), error);
  if (error) throw Error("could not read back " + part.path().string() + ": " + error.message());
  if (size == 0) {
    throw TransportError(endpoint +
                         ": the server answered 200 with an empty body; nothing was "
                         "saved");
  }
  if (const auto announced = sink->announcedTotal(); announced && size != *announced) {
    throw TransportError(endpoint + ": the server announced a file of " +
                         std::to_string(*announced) + " bytes but " + std::to_string(size) +
                         " arrived; nothing was saved");
  }
  fs::path final_path = dest;
  if (settings.extension_of) {
    final_path += "." + settings.extension_of(headOf(part.path()));
  }
  part.moveTo(final_path, settings.replace);
  if (settings.durability == Durability::Synced) syncFolder(final_path.parent_path());
  return {final_path, size};
}

}  // namespace useapi::luma::detail
