// Accounts, assets and the job list: everything around generation.
//
//   accounts_and_assets [image-file]
//
// Lists the configured accounts, uploads `image-file` (JPEG, PNG or WebP) to the first one,
// animates it into a video, and shows the running jobs. Reads USEAPI_TOKEN and
// USEAPI_LUMA_BASE_URL like the Client does.
#include <iostream>
#include <useapi/luma.hpp>

namespace luma = useapi::luma;

namespace {

void showAccounts(luma::Client& client) {
  for (const luma::Account& account : client.listAccounts()) {
    std::cout << account.email << ": " << account.executing.value_or(0) << " of "
              << account.concurrency.value_or(0) << " slots busy, session expires "
              << account.luma_session_expires.value_or("?") << '\n';
  }
}

std::string animate(luma::Client& client, const std::string& email, const char* image_file) {
  const luma::Asset asset = client.uploadAsset(email, image_file);  // type from content
  luma::VideoRequest request;
  request.prompt = "The scene slowly comes alive";
  request.model = luma::VideoModel::RayV3;
  request.resolution = luma::Resolution::P720;
  request.image_start = asset.asset_ref;
  return client.generateVideo(request).jobid;
}

void showRunningJobs(luma::Client& client) {
  const luma::JobList running = client.listJobs();
  std::cout << running.executing << " running\n";
  for (const luma::JobSummary& job : running.jobs) {
    std::cout << "  " << job.jobid << " (" << job.model << ", " << job.account << ")\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    luma::Client client;
    showAccounts(client);
    const auto accounts = client.listAccounts();
    if (argc > 1 && !accounts.empty()) {
      const std::string jobid = animate(client, accounts.front().email, argv[1]);
      showRunningJobs(client);
      const luma::Job job = client.awaitJob(jobid);
      for (const auto& file : client.downloadMedia(job, "animated")) {
        std::cout << "saved " << file.string() << '\n';  // video, thumbnail, last frame
      }
      client.deleteJob(jobid);  // finished jobs may be removed from the tracker
    }
    return 0;
  } catch (const luma::ValidationError& error) {
    for (const auto& problem : error.problems()) std::cerr << "invalid: " << problem << '\n';
    return 2;
  } catch (const luma::Error& error) {
    std::cerr << "error: " << error.what() << '\n';
    return 1;
  }
}
