// Receive the callbacks the API POSTs to a request's replyUrl, and confirm each one with
// getJob: callbacks are not signed, so their content is a hint, never proof.
//
//   webhook_receiver [port]     then submit with  request.reply_url = "http://<host>:<port>/luma"
//
// Reads USEAPI_TOKEN and USEAPI_LUMA_BASE_URL like the Client does. Stop it with Ctrl-C.
#include <httplib.h>

#include <csignal>
#include <iostream>
#include <mutex>
#include <useapi/luma.hpp>

namespace luma = useapi::luma;

namespace {

std::mutex output_mutex;

// What the API says about a job now.
std::string confirm(luma::Client& client, const std::string& jobid) {
  try {
    return client.getJob(jobid).status_text;
  } catch (const luma::Error& error) {
    return std::string("unconfirmed: ") + error.what();
  }
}

// Parses one callback and checks it against the API; false when the body is not a callback.
bool handleCallback(luma::Client& client, const std::string& body) {
  luma::WebhookEvent event;
  try {
    event = luma::parseWebhook(body);  // size-capped and type-checked: never trusts the sender
  } catch (const luma::Error& error) {
    std::cerr << "rejected a callback: " << error.what() << '\n';
    return false;
  }
  std::cout << "job " << event.job.jobid << " says " << event.job.status_text << " (replyRef "
            << event.reply_ref.value_or("none") << "); the API says "
            << confirm(client, event.job.jobid) << '\n';
  for (const luma::Job& image : event.images) {  // an image batch reports its 4 images
    std::cout << "  image " << image.jobid << " says " << image.status_text << "; the API says "
              << confirm(client, image.jobid) << '\n';
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 8089;
  try {
    luma::Client client;
    httplib::Server server;
    server.set_tcp_nodelay(true);
    server.set_payload_max_length(luma::kMaxWebhookBytes);

    server.Post("/luma", [&client](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(output_mutex);
      response.status = handleCallback(client, request.body) ? 200 : 400;
    });

    std::signal(SIGINT, [](int) { std::_Exit(0); });
    std::cout << "listening on http://0.0.0.0:" << port << "/luma" << std::endl;
    if (!server.listen("0.0.0.0", port)) {
      std::cerr << "could not listen on port " << port << '\n';
      return 1;
    }
  } catch (const luma::Error& error) {
    std::cerr << "error: " << error.what() << '\n';
    return 1;
  }
}
