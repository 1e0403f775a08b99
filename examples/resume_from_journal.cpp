// Generate with a journal, so that a crash loses no paid job: run it, stop it while it waits,
// run it again, and it resumes the job it had created instead of creating (and paying for) a
// new one. The token comes from USEAPI_TOKEN, the base URL from USEAPI_LUMA_BASE_URL when set.
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
    std::vector<std::string> jobids = client.unfinishedJobs();  // left by an earlier run
    if (jobids.empty()) {
      luma::VideoRequest request;
      request.prompt = "A lighthouse in a storm, waves breaking on the rocks";
      jobids.push_back(client.generateVideo(request).jobid);
    }
    for (const luma::Job& job : client.awaitJobs(jobids)) {
      std::cout << job.jobid << ": " << job.status_text << '\n';
    }
  } catch (const luma::Error& error) {
    std::cerr << error.what() << '\n';  // error.jobIds() names the jobs involved, if any
    return 1;
  }
}
