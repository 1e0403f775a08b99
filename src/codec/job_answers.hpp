#pragma once
// What the journal reads from answers that are not the records it normally gets: the API's own
// "no such job" answer, and the job ids of a creation answer that cannot be decoded.

#include <string>
#include <string_view>
#include <vector>

namespace useapi::luma::detail {

/// True when the body of a 404 to a job's request is the API's own answer that it does not know
/// the job: a small JSON object whose `error` string mentions the job (the documented
/// {"error":"Job not found"}). A proxy's HTML page, an empty body, or another server's JSON
/// ({"error":"Not Found","path":...}) is not: the job is kept in the journal.
bool isApiJobNotFoundAnswer(std::string_view body);

/// The job ids a job-creating POST's answer names, as a decoded answer is journaled: the strings
/// of its top-level `jobids` (an image batch), else its top-level `jobid`. Read without decoding
/// the rest (and up to where the body stops being JSON), so that an answer failing to decode
/// elsewhere still gives its jobs. Empty when it names none.
std::vector<std::string> jobIdsNamedIn(std::string_view body);

}  // namespace useapi::luma::detail
