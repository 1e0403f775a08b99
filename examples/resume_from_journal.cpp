// Generate with a journal, so that a crash loses no paid job and no result: run it, stop it at
// any point (while it waits, even while it downloads), run it again, and it takes up the jobs it
// had created instead of creating (and paying for) new ones, until their media is saved.
// The token comes from USEAPI_TOKEN, the base URL from USEAPI_LUMA_BASE_URL when set.
#include <iostream>
#include <string>
#include <useapi/luma.hpp>
#include <vector>

int main() {
  namespace luma = useapi::luma;
  luma::ClientOptions options;
  options.journal_path = "luma-jobs.journal";  // each created job id is on disk before use
  try {
    luma::Client client(options);
    // Left by an earlier run: created, and not yet done (their media maybe not saved).
    std::vector<std::string> jobids = client.unacknowledgedJobs();
    if (jobids.empty()) {
      luma::VideoRequest request;
      request.prompt = "A lighthouse in a storm, waves breaking on the rocks";
      jobids.push_back(client.generateVideo(request).jobid);
    }
    client.awaitEach(jobids, [&](const luma::Job& job) {
      if (job.status == luma::JobStatus::Completed) {
        // Once every file is saved, the job is done and leaves the journal.
        for (const auto& file : client.downloadMedia(job, "luma-media")) {
          std::cout << "saved " << file.string() << '\n';
        }
      } else {
        std::cout << job.jobid << " failed: " << job.error.value_or("no reason given") << '\n';
        client.acknowledgeJob(job.jobid);  // reported: nothing more to do about it
      }
    });
  } catch (const luma::Error& error) {
    std::cerr << error.what() << '\n';  // error.jobIds() names the jobs involved, if any
    return 1;
  }
}
