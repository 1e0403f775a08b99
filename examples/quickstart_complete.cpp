// examples/quickstart.cpp with the error handling a real program wants: every problem of an
// invalid request, and an exit code per kind of error. Generates a video and waits for it; the
// token comes from USEAPI_TOKEN (and the base URL from USEAPI_LUMA_BASE_URL when set, e.g. to a
// running luma-mock).
#include <iostream>
#include <useapi/luma.hpp>

int main() {
  namespace luma = useapi::luma;
  try {
    luma::Client client;  // ClientOptions{} reads the environment

    luma::VideoRequest request;
    request.prompt = "A red fox trotting through fresh snow at dawn";
    request.model = luma::VideoModel::RayV3;
    request.resolution = luma::Resolution::P720;
    request.duration = luma::Duration::S5;

    const luma::Job job = client.awaitJob(client.generateVideo(request).jobid);
    std::cout << "video: " << job.video->url << '\n';
  } catch (const luma::ValidationError& error) {
    for (const auto& problem : error.problems()) std::cerr << "invalid: " << problem << '\n';
    return 2;
  } catch (const luma::Error& error) {  // ApiError, TransportError, JobFailedError, ...
    std::cerr << error.what() << '\n';
    return 1;
  }
}
