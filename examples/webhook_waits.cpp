// Waits that end on the API's callbacks (docs/webhooks.md): through the embedded
// WebhookReceiver, or through the callbacks an application's own web server receives.
//
//   webhook_waits PROMPT     generates a video and waits for its callback on port 8787
//   webhook_waits            shows that a callback to a path no call sent is refused (404)
//
// Reads USEAPI_TOKEN and USEAPI_LUMA_BASE_URL like the Client does.
#include <iostream>
#include <string>
#include <useapi/luma.hpp>
#include <useapi/luma/webhook_receiver.hpp>

namespace {

// What an application's own web server hands its handler: where a callback was POSTed, and what.
struct IncomingRequest {
  std::string path;
  std::string body;
};

useapi::luma::Job waitWithTheReceiver(const useapi::luma::VideoRequest& request) {
  useapi::luma::Client client;
  useapi::luma::WebhookReceiverOptions where;
  where.host = "0.0.0.0";
  where.port = 8787;
  where.public_url = "https://hooks.example.com/luma";    // what the API can reach
  useapi::luma::WebhookReceiver receiver(client, where);  // calls client.setWebhookUrl(...)
  auto job = client.generateVideo(request);
  return client.awaitJob(job.jobid);  // ends when the callback arrives
}

useapi::luma::Client clientForYourOwnServer(useapi::luma::ClientOptions options) {
  options.webhook_url = "https://app.example.com/luma-hooks";
  return useapi::luma::Client(options);
}

// In your POST /luma-hooks/* handler: the status to answer with.
int onCallback(useapi::luma::Client& client, const IncomingRequest& request) {
  return client.deliverWebhook(request.path, request.body);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc > 1) {
      useapi::luma::VideoRequest request;
      request.prompt = argv[1];
      const useapi::luma::Job done = waitWithTheReceiver(request);
      std::cout << done.jobid << " " << done.status_text << '\n';
      return 0;
    }
    useapi::luma::ClientOptions options;
    options.api_token = "not-used";  // nothing is sent
    auto client = clientForYourOwnServer(options);
    std::cout << "a callback to an unknown path is answered "
              << onCallback(client, {"/luma-hooks/not-a-secret", "{}"}) << '\n';
    return 0;
  } catch (const useapi::luma::Error& error) {
    std::cerr << "webhook_waits: " << error.what() << '\n';
    return 1;
  }
}
