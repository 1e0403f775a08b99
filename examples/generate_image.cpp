// Submit a batch of 4 images, wait for all of them at once, print their URLs and, given an
// output folder, save them there.
//
//   generate_image ["prompt"] [output-folder]
//
// Reads USEAPI_TOKEN and USEAPI_LUMA_BASE_URL like the Client does.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <useapi/luma.hpp>

namespace luma = useapi::luma;

int main(int argc, char** argv) {
  const std::string prompt = argc > 1 ? argv[1] : "A lighthouse on a cliff at sunset, oil painting";
  const std::filesystem::path folder = argc > 2 ? argv[2] : "";
  try {
    luma::Client client;

    luma::ImageRequest request;
    request.prompt = prompt;
    request.model = luma::ImageModel::PhotonV2;
    request.aspect_ratio = luma::AspectRatio::R16x9;
    const luma::ImageBatch batch = client.generateImages(request);
    std::cout << "batch " << batch.jobid << ": " << batch.jobids.size() << " images\n";

    luma::PollOptions polling;
    polling.initial_interval = std::chrono::seconds(2);
    polling.max_interval = std::chrono::seconds(15);
    // The 4 ids share everything but a uuid near their end: label each by its place instead.
    polling.on_update = [&batch](const luma::Job& job) {
      const auto place = std::find(batch.jobids.begin(), batch.jobids.end(), job.jobid);
      std::cout << "  image " << (place - batch.jobids.begin()) + 1 << ": " << job.status_text
                << '\n';
    };
    const std::vector<luma::Job> jobs = client.awaitJobs(batch.jobids, polling);

    if (!folder.empty()) std::filesystem::create_directories(folder);
    int failed = 0;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      const luma::Job& job = jobs[i];
      if (job.status != luma::JobStatus::Completed || !job.image) {
        std::cout << "image " << i + 1 << " failed: " << job.error.value_or("no image") << '\n';
        ++failed;
        continue;
      }
      std::cout << "image " << i + 1 << ": " << job.image->url << '\n';
      if (folder.empty()) continue;
      const auto dest = folder / ("image-" + std::to_string(i + 1) + ".png");
      const std::uint64_t bytes = client.download(job.image->url, dest);
      std::cout << "  saved " << dest.string() << " (" << bytes << " bytes)\n";
    }
    return failed == 0 ? 0 : 3;
  } catch (const luma::ValidationError& error) {
    for (const auto& problem : error.problems()) std::cerr << "invalid: " << problem << '\n';
    return 2;
  } catch (const luma::Error& error) {
    std::cerr << "error: " << error.what() << '\n';
    return 1;
  }
}
