// luma-mock: runs the emulator until SIGINT or SIGTERM.

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "mock/mock_server.hpp"

int main(int argc, char** argv) {
  useapi::luma::mock::MockOptions options;
  double job_seconds = 3.0;
  std::vector<std::string> tokens;

  CLI::App app{"luma-mock: an offline emulator of the useapi.net Luma API"};
  app.add_option("--host", options.host, "Interface to listen on")->capture_default_str();
  app.add_option("--port", options.port, "Port to listen on (0: any free port)")
      ->capture_default_str();
  app.add_option("--token", tokens, "Accepted API token (repeatable; default: mock-token)");
  app.add_option("--job-seconds", job_seconds, "Seconds from submission to completion")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--concurrency", options.concurrency, "Running jobs per account before 429")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--email", options.email, "The email of the account each user starts with")
      ->capture_default_str();
  app.add_flag("--webhook-on-submission,!--no-webhook-on-submission", options.webhook_on_submission,
               "Also call a job's replyUrl on submission (status created), not only when it is "
               "final (default: on)");
  CLI11_PARSE(app, argc, argv);

  if (!tokens.empty()) options.tokens = tokens;
  options.job_duration = std::chrono::milliseconds(static_cast<long long>(job_seconds * 1000));

  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  useapi::luma::mock::MockServer server(options);
  try {
    server.start();
  } catch (const std::exception& error) {
    std::cerr << error.what() << '\n';
    return 1;
  }
  std::cout << "luma-mock listening on " << server.baseUrl() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  std::cout << "luma-mock stopping (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << ")"
            << std::endl;
  server.stop();
  return 0;
}
