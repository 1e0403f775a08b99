#pragma once
// The hot path of job decoding (every getJob and every poll of a wait): a job record read in one
// pass over its text, without building a JSON document. It takes only what it is sure of and
// declines the rest, which the full decoder (parseObject + jobFrom) then reads, so it can make
// decoding faster but never different.

#include <optional>
#include <string_view>

#include "useapi/luma/job.hpp"

namespace useapi::luma::detail {

/// The job record in `body`, exactly as jobFrom would read it, when `body` is a well-formed JSON
/// object of the usual shape: ASCII text, no \u escapes and no escapes in keys, each known field
/// at most once and of its documented type (or null), nesting at most kMaxJsonDepth deep.
/// Otherwise nullopt: the full decoder must read `body` (and give the error, if there is one).
/// Leaves Job::raw empty.
std::optional<Job> scanJobRecord(std::string_view body);
/// scanJobRecord into `job`, a default Job: true when read, false (with `job` holding parts of
/// the record) when declined. Spares the hot path a copy of the record.
bool scanJobRecordInto(std::string_view body, Job& job);

}  // namespace useapi::luma::detail
