// A program using useapi_luma the way an application would; the consumer tests build it through
// find_package, add_subdirectory and pkg-config, then run it.
#include <iostream>
#include <string>
#include <useapi/luma.hpp>

namespace luma = useapi::luma;

int main() {
  luma::VideoRequest request;
  request.prompt = "a red fox running through fresh snow";
  request.model = luma::VideoModel::RayV3;
  request.resolution = luma::Resolution::P1080;
  if (!luma::validate(request).empty()) {
    std::cerr << "a valid request was rejected\n";
    return 1;
  }
  if (luma::validate(luma::VideoRequest{}).empty()) {
    std::cerr << "a request without a prompt was accepted\n";
    return 1;
  }

  luma::ClientOptions options;
  options.api_token = "consumer-test-token";
  options.base_url = "http://127.0.0.1:9/v1/luma";
  luma::Client client(options);

  // An exception thrown inside the library is caught here by its type.
  bool rejected = false;
  try {
    options.base_url = "ftp://127.0.0.1/v1/luma";
    luma::Client ftp_client(options);
  } catch (const luma::Error&) {
    rejected = true;
  }
  if (!rejected) {
    std::cerr << "an ftp base URL was accepted\n";
    return 1;
  }

  std::cout << "useapi_luma " << luma::kVersion << " " << luma::toString(*request.model) << "\n";
  return 0;
}
