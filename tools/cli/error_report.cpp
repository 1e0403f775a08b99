#include "error_report.hpp"

#include <filesystem>
#include <iostream>
#include <useapi/luma.hpp>

#include "exit_codes.hpp"
#include "local_files.hpp"
#include "reported_error.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {

std::string nextStep(const ApiError& error) {
  switch (error.status()) {
    case 401:
      return "check the API token: USEAPI_TOKEN, --token-file FILE or --token (a useapi.net "
             "token, see the README)";
    case 402:
      return "check the subscription and the credits of your useapi.net account";
    case 429:
      return "all slots busy: wait for running jobs to end (`luma jobs` lists them), or use "
             "`luma batch`, which waits for free slots";
    case 596:
      return "the account's Luma session expired: re-add the account with "
             "`luma account add -` (the session cookie on stdin)";
    case 404:
      if (error.body().find_first_not_of(" \t\r\n") == std::string::npos) {
        return "an empty 404 is not the API's: check the base URL (--base-url or "
               "USEAPI_LUMA_BASE_URL; unset, the real API)";
      }
      return {};
    default:
      return {};
  }
}

int reportError(const std::exception_ptr& error) {
  const auto say = [](const std::string& what) {
    std::cerr << "luma: " << printable(what) << '\n';
  };
  try {
    std::rethrow_exception(error);
  } catch (const ReportedError& reported) {
    return reported.code();
  } catch (const ValidationError& invalid) {
    for (const auto& problem : invalid.problems()) {
      std::cerr << "invalid: " << printable(problem) << '\n';
    }
    return ExitUsage;
  } catch (const JobFailedError& failed) {
    say("job failed: " + std::string(failed.what()));
    return ExitJobFailed;
  } catch (const CancelledError&) {
    say("interrupted");
    return ExitInterrupted;
  } catch (const TimeoutError& timeout) {
    say("timeout: " + std::string(timeout.what()));
    return ExitTimeout;
  } catch (const ApiError& api) {
    say(api.what());
    const std::string hint = nextStep(api);
    if (!hint.empty()) std::cerr << "luma: hint: " << hint << '\n';
    return ExitApiError;
  } catch (const TransportError& transport) {
    say("network error: " + std::string(transport.what()));
    return ExitNetwork;
  } catch (const LocalIoError& local) {
    say(local.what());
    return ExitLocalIo;
  } catch (const std::filesystem::filesystem_error& local) {
    say(local.what());
    return ExitLocalIo;
  } catch (const std::exception& other) {
    say(other.what());
    return ExitFailure;
  }
}

}  // namespace useapi::luma::cli
