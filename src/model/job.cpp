#include "useapi/luma/job.hpp"

namespace useapi::luma {

bool Job::isFinal() const noexcept {
  return status == JobStatus::Completed || status == JobStatus::Failed;
}

}  // namespace useapi::luma
