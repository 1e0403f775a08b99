#pragma once
// The real Connection: resolved options, the journal, the wire stub over a CurlTransport, and
// the I/O-thread wait engine.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "client/client_lifetime.hpp"
#include "connection/luma_stub.hpp"
#include "journal/journal.hpp"
#include "model/secret_redaction.hpp"
#include "time/time_source.hpp"
#include "transport/curl_transport.hpp"
#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"
#include "wait/poller.hpp"

namespace useapi::luma::detail {

/// What makeConnection() gives. Thread-safe: options are immutable after construction, HTTP
/// runs through the transport, and the journal and the lifetime count lock themselves. Every
/// call is counted by its ClientLifetime, so that destruction can end those in flight; destroy
/// it through destroyCurlConnection() (makeConnection's deleter), which knows the threads it
/// must not be destroyed on.
class CurlConnection final : public Connection {
 public:
  /// Resolves the options against the environment, opens the journal, starts the transport;
  /// its pauses, pacing, polls and deadlines run on `time` (the transport's and the wait
  /// engine's alike). Throws Error as Client(ClientOptions) documents.
  explicit CurlConnection(ClientOptions options, std::shared_ptr<TimeSource> time = systemTime());
  /// Ends every call still running (waits, async waits, downloads, calls on a stalled server:
  /// they throw Error) and waits for them to return; then stops the I/O thread. Any thread but
  /// the I/O thread, outside the connection's own calls.
  ~CurlConnection() override;
  CurlConnection(const CurlConnection&) = delete;
  CurlConnection& operator=(const CurlConnection&) = delete;

  ImageBatch generateImages(const ImageRequest& request) override;
  Job generateVideo(const VideoRequest& request) override;
  Job getJob(const std::string& jobid) override;
  JobList listJobs() override;
  void deleteJob(const std::string& jobid) override;
  std::vector<Account> listAccounts() override;
  Account getAccount(const std::string& email) override;
  Account addAccount(const std::string& session) override;
  void deleteAccount(const std::string& email) override;
  Asset uploadAsset(const std::string& email, std::string bytes, std::string content_type) override;
  std::uint64_t download(const std::string& url, const std::filesystem::path& dest,
                         const DownloadOptions& options) override;
  std::vector<std::filesystem::path> downloadMedia(const Job& job,
                                                   const std::filesystem::path& folder,
                                                   const DownloadOptions& options) override;
  void awaitEach(const std::vector<std::string>& jobids,
                 const std::function<void(const Job&)>& on_final,
                 const PollOptions& options) override;
  std::future<Job> awaitJobAsync(const std::string& jobid, const PollOptions& options) override;
  std::vector<std::string> unfinishedJobs() override;
  std::vector<std::string> unacknowledgedJobs() override;
  void acknowledgeJob(const std::string& jobid) override;

  /// The calls in flight, for the deleter's checks.
  const ClientLifetime& lifetime() const { return lifetime_; }

 private:
  /// Starts call `name`: see ClientLifetime::enter.
  [[nodiscard]] ClientLifetime::Call enter(const char* name, CallKind kind = CallKind::Blocking) {
    return lifetime_.enter(name, kind);
  }

  // The journal's bookkeeping (curl_connection_journal.cpp); each does nothing without one.
  /// Throws Error, before any job is created, when the journal could not record one.
  void requireJournalWritable();
  /// Writes newly created jobs; throws Error naming them if it cannot.
  void recordCreated(const std::vector<std::string>& jobids);
  /// For the Error of a creation whose answer could not be decoded: journals the jobs it names
  /// (Error::jobIds()), or says in it that they are not in the journal.
  void recordNamedIn(Error& error) noexcept;
  /// A job needs no more waiting: seen final (its record), or gone (null: the API's own 404).
  void recordSettled(const std::string& jobid, const Job* final_record) noexcept;
  /// Marks a job done; throws Error when it cannot.
  void recordDone(const std::string& jobid, JobDone why);
  /// Marks a completed job done once downloadMedia saved its `files_saved` files (at least one).
  void recordMediaSaved(const Job& job, std::size_t files_saved) noexcept;

  const ClientOptions options_;
  const std::shared_ptr<TimeSource> time_;  // of the transport, the waits and the downloads
  // Keeps the token out of every error text and log line while this connection lives; it goes
  // before everything that can build one.
  SecretRegistration secret_;
  std::unique_ptr<Journal> journal_;  // null without ClientOptions::journal_path
  CurlTransport transport_;
  LumaStub stub_;
  Poller poller_;
  ClientLifetime lifetime_;
};

/// makeConnection's deleter, with ~Client's documented rules: from inside one of the
/// connection's own calls on this thread (the callbacks of a blocking wait or download, the
/// logger on a caller's thread) it aborts the program with a message saying so; on the I/O
/// thread (awaitJobAsync's on_update, the logger there) it returns at once and the teardown
/// finishes on a thread of its own; elsewhere it tears down and returns.
void destroyCurlConnection(CurlConnection* connection) noexcept;

/// makeConnection() on the clock `time` instead of the steady one: how tests run a Client over
/// real HTTP in simulated time (SimulatedTime), `Client(makeCurlConnection(options, time))`.
std::shared_ptr<Connection> makeCurlConnection(ClientOptions options,
                                               std::shared_ptr<TimeSource> time);

}  // namespace useapi::luma::detail
