// Submit a video job, follow its status, print its URL and, given an output folder, save the
// video there with a progress line.
//
//   generate_video ["prompt"] [output-folder]
//
// Reads USEAPI_TOKEN and USEAPI_LUMA_BASE_URL like the Client does.
#include <filesystem>
#include <iostream>
#include <useapi/luma.hpp>

namespace luma = useapi::luma;

namespace {

// Streams the finished video to folder/video.mp4 with a percentage as it arrives.
void saveVideo(luma::Client& client, const luma::Job& job, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  const auto dest = folder / "video.mp4";
  const std::uint64_t bytes = client.download(
      job.video->url, dest, [](std::uint64_t done, std::optional<std::uint64_t> total) {
        if (total && *total > 0) std::cout << "  " << done * 100 / *total << "%\r" << std::flush;
      });
  std::cout << "  saved " << dest.string() << " (" << bytes << " bytes)\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string prompt = argc > 1 ? argv[1] : "Waves rolling onto a beach, slow camera pan";
  const std::filesystem::path folder = argc > 2 ? argv[2] : "";
  try {
    luma::Client client;

    luma::VideoRequest request;
    request.prompt = prompt;
    request.model = luma::VideoModel::RayV3Flash;
    request.resolution = luma::Resolution::P720;
    request.duration = luma::Duration::S5;
    const luma::Job submitted = client.generateVideo(request);
    std::cout << "video job " << submitted.jobid << '\n';

    luma::PollOptions polling;
    polling.initial_interval = std::chrono::seconds(2);
    polling.max_interval = std::chrono::seconds(15);
    polling.on_update = [](const luma::Job& job) { std::cout << "  " << job.status_text << '\n'; };
    const luma::Job job = client.awaitJob(submitted.jobid, polling);
    std::cout << "video: " << job.video->url << '\n';

    if (!folder.empty()) saveVideo(client, job, folder);
    return 0;
  } catch (const luma::ValidationError& error) {
    for (const auto& problem : error.problems()) std::cerr << "invalid: " << problem << '\n';
    return 2;
  } catch (const luma::JobFailedError& error) {
    std::cerr << "failed: " << error.what() << '\n';
    return 3;
  } catch (const luma::Error& error) {
    std::cerr << "error: " << error.what() << '\n';
    return 1;
  }
}
