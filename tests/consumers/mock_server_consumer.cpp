// A user's program written against useapi::luma_testing: a real generate-and-await over HTTP
// against testing::MockServer (luma-mock in-process) in under 3 s, and a scripted fault. The
// consumer tests build it through find_package and add_subdirectory, then run it; it links
// useapi::luma_testing alone.
#include <chrono>
#include <exception>
#include <iostream>
#include <string>
#include <useapi/luma.hpp>
#include <useapi/luma/testing/mock_server.hpp>
#include <vector>

namespace luma = useapi::luma;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "FAILED: " << what << "\n";
    ++failures;
  }
}

void generatesAndAwaitsAVideoInUnderThreeSeconds() {
  const auto start = std::chrono::steady_clock::now();
  luma::testing::MockServer server;  // jobs take 0.5 s
  luma::Client client(server.clientOptions());
  luma::VideoRequest request;
  request.prompt = "a red fox in the snow";

  const luma::Job created = client.generateVideo(request);
  const luma::Job done = client.awaitJob(created.jobid, server.pollOptions());
  const auto elapsed = std::chrono::steady_clock::now() - start;

  check(done.jobid == created.jobid, "the awaited record is the created job's");
  check(done.status == luma::JobStatus::Completed, "the job completed");
  check(done.video && done.video->url.rfind("http://127.0.0.1:", 0) == 0,
        "the video is served by the mock");
  check(server.jobsCreated() == 1, "one job was created");
  check(elapsed < std::chrono::seconds(3), "generate and await took under 3 s");
  std::cout << "generate and await against MockServer: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms\n";
}

void aScriptedFaultAnswersTheNextRequestOfItsRoute() {
  luma::testing::MockServer server;
  luma::testing::MockFault fault;
  fault.route = "POST /videos";
  fault.status = 402;
  fault.body = R"({"error":"Not enough credits"})";
  server.queueFault(fault);
  luma::Client client(server.clientOptions());
  luma::VideoRequest request;
  request.prompt = "a red fox in the snow";

  bool refused = false;
  try {
    client.generateVideo(request);
  } catch (const luma::PaymentRequiredError&) {
    refused = true;
  }
  check(refused, "the fault's 402 reached the client as PaymentRequiredError");
  check(server.firedFaults() == std::vector<std::string>{"POST /videos"}, "the fault fired");
  check(!client.generateVideo(request).jobid.empty(), "the next request was answered normally");
}

}  // namespace

int main() {
  try {
    generatesAndAwaitsAVideoInUnderThreeSeconds();
    aScriptedFaultAnswersTheNextRequestOfItsRoute();
  } catch (const std::exception& error) {
    std::cerr << "FAILED: " << error.what() << "\n";
    return 1;
  }
  if (failures == 0) std::cout << "MockServer consumer: all checks passed\n";
  return failures == 0 ? 0 : 1;
}
