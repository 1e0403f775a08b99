#include "mock/connection_reset.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace useapi::luma::mock {
namespace {

// An address and port in the numeric form cpp-httplib gives them to handlers.
struct Endpoint {
  std::string address;
  int port = -1;
};

// The local (or, with `peer`, the remote) endpoint of socket `fd`, if it has one.
std::optional<Endpoint> endpointOf(int fd, bool peer) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  auto* address = reinterpret_cast<sockaddr*>(&storage);
  if ((peer ? getpeername(fd, address, &length) : getsockname(fd, address, &length)) != 0) {
    return std::nullopt;
  }
  if (storage.ss_family != AF_INET && storage.ss_family != AF_INET6) return std::nullopt;
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (getnameinfo(address, length, host, sizeof host, service, sizeof service,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return std::nullopt;
  }
  return Endpoint{host, std::atoi(service)};
}

bool sameEndpoint(const std::optional<Endpoint>& endpoint, const std::string& address, int port) {
  return endpoint && endpoint->port == port && endpoint->address == address;
}

// The process's open file descriptors: /proc/self/fd where there is one, else every number
// below the limit of open files (at most 65536).
std::vector<int> openDescriptors() {
  std::vector<int> descriptors;
  if (DIR* directory = opendir("/proc/self/fd")) {
    const int own = dirfd(directory);
    while (const dirent* entry = readdir(directory)) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      const int fd = std::atoi(entry->d_name);
      if (fd != own) descriptors.push_back(fd);
    }
    closedir(directory);
    return descriptors;
  }
  const long limit = sysconf(_SC_OPEN_MAX);
  const int last = limit > 0 && limit < 65536 ? static_cast<int>(limit) : 65536;
  for (int fd = 0; fd < last; ++fd) descriptors.push_back(fd);
  return descriptors;
}

// The server-side socket of the connection `req` came on. cpp-httplib does not hand the socket to
// handlers (and the virtual that owns it is private), but a TCP connection is named by its two
// endpoints, which the request carries.
std::optional<int> socketOf(const httplib::Request& req) {
  for (const int fd : openDescriptors()) {
    struct stat status {};
    if (fstat(fd, &status) != 0 || !S_ISSOCK(status.st_mode)) continue;
    if (sameEndpoint(endpointOf(fd, false), req.local_addr, req.local_port) &&
        sameEndpoint(endpointOf(fd, true), req.remote_addr, req.remote_port)) {
      return fd;
    }
  }
  return std::nullopt;
}

}  // namespace

bool resetConnection(const httplib::Request& req) {
  const std::optional<int> socket = socketOf(req);
  if (!socket) return false;
  // With a zero linger time, releasing the socket sends RST instead of FIN.
  const linger abort_on_close{1, 0};
  setsockopt(*socket, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  // Release it now by putting /dev/null in its place: the descriptor cpp-httplib holds stays
  // valid (its answer fails with ENOTSOCK, and it closes /dev/null) and is never reused early.
  const int placeholder = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (placeholder >= 0 && dup2(placeholder, *socket) == *socket) {
    fcntl(*socket, F_SETFD, FD_CLOEXEC);
    close(placeholder);
    return true;
  }
  if (placeholder >= 0) close(placeholder);
  return shutdown(*socket, SHUT_RDWR) == 0;  // FIN now, RST when cpp-httplib closes it
}

httplib::TaskQueue* newPipeSafeThreadPool(std::size_t threads) {
  // Threads start with their creator's signal mask.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  try {
    auto* pool = new httplib::ThreadPool(threads);
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return pool;
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    throw;
  }
}

}  // namespace useapi::luma::mock
