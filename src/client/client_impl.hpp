#pragma once
// What every Client method is built from: resolved options, request builders, the transport,
// the poller.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/client_lifetime.hpp"
#include "client/journal.hpp"
#include "client/poller.hpp"
#include "model/secret_redaction.hpp"
#include "transport/curl_transport.hpp"
#include "useapi/luma/client.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {

/// The state behind a Client. Thread-safe: options are immutable after construction, and all
/// HTTP runs on the transport's I/O thread.
class Client::Impl {
 public:
  /// Resolves the options against the environment and starts the transport.
  explicit Impl(ClientOptions options);
  /// Ends every call still running (waits, async waits, downloads, calls on a stalled server:
  /// they throw Error) and waits for them to return; then stops the I/O thread. Any thread but
  /// the I/O thread, outside the client's own calls.
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  /// Starts a public call `name`: see ClientLifetime::enter (a blocking call from the I/O thread
  /// or the logger throws Error at once, as does any call once the client is being destroyed).
  [[nodiscard]] detail::ClientLifetime::Call enter(
      const char* name, detail::CallKind kind = detail::CallKind::Blocking) {
    return lifetime_.enter(name, kind);
  }
  detail::ClientLifetime& lifetime() { return lifetime_; }

  /// An API request: base URL + `path` (already encoded), `display_path` for messages.
  detail::HttpRequest apiRequest(std::string method, std::string_view path,
                                 std::string_view display_path) const;
  /// An API request for base URL + `collection` + "/" + `id`, the id percent-encoded as one path
  /// segment. Throws ValidationError naming `what` for an empty id.
  detail::HttpRequest itemRequest(std::string method, std::string_view collection,
                                  std::string_view id, std::string_view what) const;
  /// A POST that creates a job or an asset: never resent once it may have arrived.
  detail::HttpRequest creation(const std::string& path, const std::string& display_path,
                               std::string body, const std::string& content_type) const;
  /// GET /jobs/{jobid} for `jobid`. Throws ValidationError for an empty id.
  detail::HttpRequest jobRequest(const std::string& jobid) const;

  /// Sends on the I/O thread and waits for the outcome, retries included.
  detail::HttpOutcome send(detail::HttpRequest request);
  /// Sends and returns the 2xx answer; throws ApiError subclasses or TransportError.
  detail::HttpResponse exchange(detail::HttpRequest request);

  /// Throws Error, before any job is created, when the journal could not record one (a text
  /// journal that still cannot be converted). Nothing without a journal.
  void requireJournalWritable();
  /// Writes newly created jobs to the journal, if there is one. Throws Error, naming the jobs,
  /// if it cannot: they exist, and the caller must learn their ids.
  void recordCreated(const std::vector<std::string>& jobids);
  /// For the 2xx answer `body` of a job-creating POST that failed to decode: records the jobs it
  /// still names in the journal and names them in `error`.
  void recordNamedIn(Error& error, std::string_view body) noexcept;
  /// Tells the journal, if there is one, that a job needs no more waiting: seen final (its
  /// record), or gone (null: the API's own 404).
  void recordSettled(const std::string& jobid, const Job* final_record) noexcept;
  /// Marks a job done in the journal, if there is one. Throws Error when it cannot.
  void recordDone(const std::string& jobid, detail::JobDone why);
  /// Marks a completed job done once downloadMedia saved its `files_saved` files (at least one).
  void recordMediaSaved(const Job& job, std::size_t files_saved) noexcept;
  /// The journal's jobs not yet seen final; empty without a journal.
  std::vector<std::string> unfinishedJobs() const;
  /// The journal's jobs not yet done (final ones included); empty without a journal.
  std::vector<std::string> unacknowledgedJobs() const;

  const ClientOptions& options() const { return options_; }
  detail::Transport& transport() { return transport_; }
  detail::Poller& poller() { return poller_; }

 private:
  const ClientOptions options_;
  // Keeps the token out of every error text and log line while this client lives; it goes
  // before everything that can build one.
  detail::SecretRegistration secret_;
  std::unique_ptr<detail::Journal> journal_;  // null without ClientOptions::journal_path
  detail::CurlTransport transport_;
  detail::Poller poller_;
  detail::ClientLifetime lifetime_;

  /// An API request without its URL and endpoint name.
  detail::HttpRequest bareRequest(std::string method) const;
};

/// scheme://host[:port] of a URL, lower-cased; empty when it is not an absolute URL.
std::string originOf(const std::string& url);

}  // namespace useapi::luma
