#include "error_report.hpp"

#include <filesystem>
#include <iostream>
#include <useapi/luma.hpp>

#include "exit_codes.hpp"
#include "local_files.hpp"
#include "reported_error.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {

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
