// Makes a video, waits for it, prints its URL (token: USEAPI_TOKEN; API: USEAPI_LUMA_BASE_URL).
#include <iostream>
#include <useapi/luma.hpp>

int main() {
  namespace luma = useapi::luma;
  luma::Client client;  // ClientOptions{} reads the environment
  luma::VideoRequest request;
  request.prompt = "A red fox trotting through fresh snow at dawn";
  request.model = luma::VideoModel::RayV3;
  request.resolution = luma::Resolution::P720;
  request.duration = luma::Duration::S5;
  const luma::Job job = client.awaitJob(client.generateVideo(request).jobid);
  std::cout << "video: " << job.video->url << '\n';
}
