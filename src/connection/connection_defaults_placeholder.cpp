// PLACEHOLDER, deleted when branch `connection` merges (it defines these for real): the
// Connection virtuals other than the default waits (default_wait.cpp), so that the library
// links on this branch.

#include <string>

#include "useapi/luma/connection.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

[[noreturn]] void notImplemented(const std::string& call) {
  throw Error(call + " is not implemented by this connection");
}

}  // namespace

Connection::~Connection() = default;

ImageBatch Connection::generateImages(const ImageRequest&) { notImplemented("generateImages"); }
Job Connection::generateVideo(const VideoRequest&) { notImplemented("generateVideo"); }
Job Connection::getJob(const std::string&) { notImplemented("getJob"); }
JobList Connection::listJobs() { notImplemented("listJobs"); }
void Connection::deleteJob(const std::string&) { notImplemented("deleteJob"); }
std::vector<Account> Connection::listAccounts() { notImplemented("listAccounts"); }
Account Connection::getAccount(const std::string&) { notImplemented("getAccount"); }
Account Connection::addAccount(const std::string&) { notImplemented("addAccount"); }
void Connection::deleteAccount(const std::string&) { notImplemented("deleteAccount"); }
Asset Connection::uploadAsset(const std::string&, std::string, std::string) {
  notImplemented("uploadAsset");
}
std::uint64_t Connection::download(const std::string&, const std::filesystem::path&,
                                   const DownloadOptions&) {
  notImplemented("download");
}
std::vector<std::filesystem::path> Connection::downloadMedia(const Job&,
                                                             const std::filesystem::path&,
                                                             const DownloadOptions&) {
  notImplemented("downloadMedia");
}
std::vector<std::string> Connection::unfinishedJobs() { return {}; }
std::vector<std::string> Connection::unacknowledgedJobs() { return {}; }
void Connection::acknowledgeJob(const std::string&) {}

}  // namespace useapi::luma
