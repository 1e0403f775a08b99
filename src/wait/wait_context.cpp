#include "wait/wait_context.hpp"

namespace useapi::luma::detail {
namespace {

thread_local std::shared_ptr<WaitContext> open_context;  // NOLINT: one per thread, by design

std::shared_ptr<WaitContext> processContext() {
  static const auto context = std::make_shared<WaitContext>();
  return context;
}

}  // namespace

WaitContextScope::WaitContextScope(std::shared_ptr<WaitContext> context)
    : previous_(std::move(open_context)) {
  open_context = std::move(context);
}

WaitContextScope::~WaitContextScope() { open_context = std::move(previous_); }

std::shared_ptr<WaitContext> WaitContextScope::current() {
  return open_context ? open_context : processContext();
}

}  // namespace useapi::luma::detail
