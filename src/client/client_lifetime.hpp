#pragma once
// The calls in flight on a Client, so that its destruction can end them and wait for them, and
// the rule on calls made from the Client's own callbacks.

#include <condition_variable>
#include <functional>
#include <mutex>

namespace useapi::luma::detail {

/// Whether a call of the Client waits for the client's I/O thread to answer it.
enum class CallKind {
  Blocking,     ///< Sends and waits (getJob, awaitJob, download, ...).
  NonBlocking,  ///< Returns without waiting for the I/O thread (awaitJobAsync, the journal's
                ///< lists).
};

/// The name of the public Client call about to reach its connection through a call of another
/// name (Client::awaitJob through Connection::awaitEach), for the messages of the first
/// ClientLifetime::enter on this thread while it lives, which takes it. Thread-local.
class PublicCallName {
 public:
  explicit PublicCallName(const char* name);
  ~PublicCallName();
  PublicCallName(const PublicCallName&) = delete;
  PublicCallName& operator=(const PublicCallName&) = delete;

  /// `name`, or the name a PublicCallName left for this call, which is then taken.
  static const char* take(const char* name);
};

/// Counts the calls running on a Client. Thread-safe.
class ClientLifetime {
 public:
  /// A call in flight; it ends when this is destroyed.
  class Call {
   public:
    explicit Call(ClientLifetime& lifetime);
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

   private:
    ClientLifetime& lifetime_;
  };

  /// `on_callback_thread` tells whether the calling thread runs one of the client's own
  /// callbacks that a blocking call would freeze: its I/O thread, or its logger.
  explicit ClientLifetime(std::function<bool()> on_callback_thread);

  /// Starts call `name` ("getJob"). Throws Error at once when the client is being destroyed, or
  /// for a blocking call made from the I/O thread or the logger (it would wait for the very
  /// thread it stops, or for the logger's lock it holds).
  [[nodiscard]] Call enter(const char* name, CallKind kind);

  /// From now on every new call throws Error.
  void close();
  /// Blocks until every call in flight has returned.
  void waitForCalls();
  /// Whether the calling thread is inside a call of this client (e.g. running its on_update,
  /// on_final, progress callback or logger).
  bool insideCallOnThisThread() const;
  /// Whether the calling thread is the I/O thread or inside the logger.
  bool onCallbackThread() const { return on_callback_thread_(); }

 private:
  std::function<bool()> on_callback_thread_;
  std::mutex mutex_;  // guards what follows
  std::condition_variable returned_;
  int calls_ = 0;
  bool closed_ = false;
};

}  // namespace useapi::luma::detail
