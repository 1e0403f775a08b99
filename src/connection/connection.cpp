// The default bodies of Connection's virtuals: an API call a connection does not implement is a
// clear Error naming it; the journal calls behave as without a journal. (The waits' defaults
// are in default_wait.cpp, downloadMedia's in default_media_download.cpp.)

#include "useapi/luma/connection.hpp"

#include <string>

#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

[[noreturn]] void notImplemented(const char* call) {
  throw Error(std::string("Connection::") + call + " is not implemented by this connection");
}

}  // namespace

Connection::~Connection() = default;

ImageBatch Connection::generateImages(const ImageRequest& /*request*/) {
  notImplemented("generateImages");
}

Job Connection::generateVideo(const VideoRequest& /*request*/) { notImplemented("generateVideo"); }

Job Connection::getJob(const std::string& /*jobid*/) { notImplemented("getJob"); }

JobList Connection::listJobs() { notImplemented("listJobs"); }

void Connection::deleteJob(const std::string& /*jobid*/) { notImplemented("deleteJob"); }

std::vector<Account> Connection::listAccounts() { notImplemented("listAccounts"); }

Account Connection::getAccount(const std::string& /*email*/) { notImplemented("getAccount"); }

Account Connection::addAccount(const std::string& /*session*/) { notImplemented("addAccount"); }

void Connection::deleteAccount(const std::string& /*email*/) { notImplemented("deleteAccount"); }

// NOLINTNEXTLINE(performance-unnecessary-value-param): the public signature takes them by value.
Asset Connection::uploadAsset(const std::string& /*email*/, std::string /*bytes*/,
                              std::string /*content_type*/) {
  notImplemented("uploadAsset");
}

std::uint64_t Connection::download(const std::string& /*url*/,
                                   const std::filesystem::path& /*dest*/,
                                   const DownloadOptions& /*options*/) {
  notImplemented("download");
}

std::vector<std::string> Connection::unfinishedJobs() { return {}; }

std::vector<std::string> Connection::unacknowledgedJobs() { return {}; }

void Connection::acknowledgeJob(const std::string& /*jobid*/) {}

}  // namespace useapi::luma
