#include "interrupt_watcher.hpp"

#include <pthread.h>

#include <csignal>
#include <cstdlib>

#include "exit_codes.hpp"

namespace useapi::luma::cli {
namespace {

sigset_t interruptSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

InterruptWatcher::InterruptWatcher(CancelToken token, std::optional<CancelToken> second)
    : token_(std::move(token)), second_(std::move(second)) {
  const sigset_t signals = interruptSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  thread_ = std::thread([this] { watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  stopping_ = true;
  // SIGINT is blocked everywhere: this one stays pending for the watcher's sigwait.
  pthread_kill(thread_.native_handle(), SIGINT);
  thread_.join();
}

void InterruptWatcher::watch() {
  const sigset_t signals = interruptSignals();
  for (;;) {
    int received = 0;
    if (sigwait(&signals, &received) != 0) continue;
    if (stopping_) return;
    if (!interrupted_.exchange(true)) {
      token_.cancel();
    } else if (second_ && !second_->cancelled()) {
      second_->cancel();  // a second Ctrl-C where the command stops in two steps
    } else {
      std::_Exit(ExitInterrupted);  // a second (or third) Ctrl-C
    }
  }
}

}  // namespace useapi::luma::cli
