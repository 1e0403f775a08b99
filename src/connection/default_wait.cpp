// PLACEHOLDER until the branch `waits` is merged: its default_wait.cpp replaces this file.

#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {

void Connection::awaitEach(const std::vector<std::string>& /*jobids*/,
                           const std::function<void(const Job&)>& /*on_final*/,
                           const PollOptions& /*options*/) {
  throw Error("not yet");
}

std::future<Job> Connection::awaitJobAsync(const std::string& /*jobid*/,
                                           const PollOptions& /*options*/) {
  throw Error("not yet");
}

}  // namespace useapi::luma
