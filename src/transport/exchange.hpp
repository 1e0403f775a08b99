#pragma once
// One exchange of the I/O thread: a request, its completion, and its retry loop.

#include <utility>

#include "transport/retry_loop.hpp"
#include "transport/transport.hpp"

namespace useapi::luma::detail {

/// A request sent through the I/O thread, across its attempts. Shared by whoever holds it
/// between attempts (the admission line, a retry timer, the transfer in the multi); never moves.
struct Exchange {
  /// `request` to send, `done` to call with its outcome, retried under `schedule`.
  Exchange(HttpRequest request, Transport::Completion done, RetrySchedule& schedule)
      : request(std::move(request)), done(std::move(done)), loop(this->request, schedule) {}
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  ~Exchange() = default;

  HttpRequest request;
  Transport::Completion done;
  RetryLoop loop;
};

}  // namespace useapi::luma::detail
