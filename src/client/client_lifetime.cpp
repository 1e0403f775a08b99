#include "client/client_lifetime.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// The clients (their lifetimes) whose calls this thread is inside, innermost last.
thread_local std::vector<const ClientLifetime*> t_calls;

// The name a PublicCallName left for the next enter() on this thread, if any.
thread_local const char* t_public_name = nullptr;

}  // namespace

PublicCallName::PublicCallName(const char* name) { t_public_name = name; }

PublicCallName::~PublicCallName() { t_public_name = nullptr; }

const char* PublicCallName::take(const char* name) {
  const char* taken = t_public_name;
  t_public_name = nullptr;
  return taken != nullptr ? taken : name;
}

ClientLifetime::Call::Call(ClientLifetime& lifetime) : lifetime_(lifetime) {
  t_calls.push_back(&lifetime_);
}

ClientLifetime::Call::~Call() {
  const auto it = std::find(t_calls.rbegin(), t_calls.rend(), &lifetime_);
  if (it != t_calls.rend()) t_calls.erase(std::next(it).base());
  std::lock_guard<std::mutex> lock(lifetime_.mutex_);
  if (--lifetime_.calls_ == 0) lifetime_.returned_.notify_all();
}

ClientLifetime::ClientLifetime(std::function<bool()> on_callback_thread)
    : on_callback_thread_(std::move(on_callback_thread)) {}

ClientLifetime::Call ClientLifetime::enter(const char* name, CallKind kind) {
  name = PublicCallName::take(name);
  if (kind == CallKind::Blocking && on_callback_thread_()) {
    throw Error(std::string("Client::") + name +
                " was called from the client's own I/O thread (awaitJobAsync's on_update) or "
                "from its logger, where it would freeze the client: call it from another thread "
                "(awaitJobAsync works from there)");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) {
    throw Error(std::string("Client::") + name + " was called while the client was destroyed");
  }
  ++calls_;
  return Call(*this);
}

void ClientLifetime::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
}

void ClientLifetime::waitForCalls() {
  std::unique_lock<std::mutex> lock(mutex_);
  returned_.wait(lock, [this] { return calls_ == 0; });
}

bool ClientLifetime::insideCallOnThisThread() const {
  return std::find(t_calls.begin(), t_calls.end(), this) != t_calls.end();
}

}  // namespace useapi::luma::detail
