#pragma once
// Connections that end badly: closing the one a request came on with a TCP reset from inside its
// cpp-httplib handler, and server threads that survive writing to a connection the peer dropped.

#include <cstddef>

namespace httplib {
struct Request;
class TaskQueue;
}  // namespace httplib

namespace useapi::luma::mock {

/// Closes the server side of the TCP connection `req` came on with a reset (RST), so that the
/// client gets no HTTP answer at all; whatever the handler answers afterwards goes nowhere. Call
/// it only from the handler of `req`, on the thread serving the connection. Returns false (and
/// leaves the connection open) when the connection's socket cannot be found. Throws nothing.
bool resetConnection(const httplib::Request& req);

/// A cpp-httplib thread pool of `threads` threads on which SIGPIPE is blocked, so that writing to
/// a connection the peer dropped fails with EPIPE instead of ending the process; the calling
/// thread's signal mask is left as it was. Throws std::system_error if a thread cannot start.
httplib::TaskQueue* newPipeSafeThreadPool(std::size_t threads);

}  // namespace useapi::luma::mock
