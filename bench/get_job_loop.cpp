// Case 1's two loops as a plain program, for counting instructions under valgrind (callgrind):
// on a shared machine wall time drifts, while the instructions a call costs do not.
// scripts/bench-instructions runs it; by hand:
//   luma-bench-get-job-loop create                      prints the id of a new video job
//   luma-bench-get-job-loop client|plain|plain-gzip N ID  N GETs of job ID
// against USEAPI_LUMA_BASE_URL with USEAPI_TOKEN. Exit status 1 when a GET fails.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "raw_curl_get.hpp"
#include "useapi/luma.hpp"

namespace {

using useapi::luma::Client;

int usage() {
  std::fprintf(stderr,
               "usage: luma-bench-get-job-loop create\n"
               "       luma-bench-get-job-loop client|plain|plain-gzip COUNT JOBID\n");
  return 2;
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

int run(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "create") {
    Client client;
    useapi::luma::VideoRequest request;
    request.prompt = "an instruction-counting fox";
    std::printf("%s\n", client.generateVideo(request).jobid.c_str());
    return 0;
  }
  if (argc != 4) return usage();
  const std::string mode = argv[1];
  const long count = std::strtol(argv[2], nullptr, 10);
  const std::string jobid = argv[3];
  if (mode == "client") {
    Client client;
    for (long i = 0; i < count; ++i) {
      if (client.getJob(jobid).jobid != jobid) return 1;
    }
    return 0;
  }
  if (mode != "plain" && mode != "plain-gzip") return usage();
  useapi::luma::bench::EasyGetter getter(
      useapi::luma::bench::jobUrl(environment("USEAPI_LUMA_BASE_URL"), jobid),
      environment("USEAPI_TOKEN"), mode == "plain-gzip");
  for (long i = 0; i < count; ++i) {
    if (getter.get() != 200) return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "luma-bench-get-job-loop: %s\n", error.what());
    return 1;
  }
}
