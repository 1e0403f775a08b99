#pragma once
// Runs the built `luma` binary as a child process (fork + exec) with its own environment, and
// collects its stdout, stderr and exit code.

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace useapi::luma::testing {

/// What a finished run of the CLI left.
struct CliResult {
  int exit_code = -1;  ///< The exit status, or -1 when a signal killed it.
  std::string out;     ///< Everything on stdout.
  std::string err;     ///< Everything on stderr.
};

/// Where the child's stdout goes.
enum class Stdout { Pipe, Terminal };

/// The size of the pseudo-terminal on the child's stdout; 0 rows keeps the kernel's default.
struct WindowSize {
  unsigned short rows = 0;     ///< Lines on the screen.
  unsigned short columns = 0;  ///< Characters on a line.
};

/// A running `luma` process with stderr on a pipe and stdout on a pipe or a pseudo-terminal.
class CliProcess {
 public:
  /// Starts `binary args...` with the test's environment minus the USEAPI_ variables, plus `env`.
  CliProcess(const std::string& binary, const std::vector<std::string>& args,
             const std::map<std::string, std::string>& env, Stdout stdout_kind = Stdout::Pipe,
             WindowSize window = {}) {
    int out_pipe[2];
    int err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    if (stdout_kind == Stdout::Terminal) {
      // Replace the stdout pipe by a pseudo-terminal: [0] the master we read, [1] the child's.
      close(out_pipe[0]);
      close(out_pipe[1]);
      out_pipe[0] = posix_openpt(O_RDWR | O_NOCTTY);
      if (out_pipe[0] < 0 || grantpt(out_pipe[0]) != 0 || unlockpt(out_pipe[0]) != 0) {
        throw std::runtime_error("no pseudo-terminal");
      }
      out_pipe[1] = open(ptsname(out_pipe[0]), O_RDWR | O_NOCTTY);
      if (out_pipe[1] < 0) throw std::runtime_error("cannot open the pseudo-terminal");
      terminal_ = true;
      if (window.rows > 0) setWindowSize(out_pipe[0], window);
    }
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text = *entry;
      if (text.rfind("USEAPI_", 0) != 0) environment.push_back(text);
    }
    for (const auto& [name, value] : env) {
      std::string entry = name;
      entry += '=';
      entry += value;
      environment.push_back(std::move(entry));
    }
    std::vector<std::string> argv_text = {binary};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    argv.reserve(argv_text.size() + 1);
    for (auto& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    envp.reserve(environment.size() + 1);
    for (auto& entry : environment) envp.push_back(entry.data());
    envp.push_back(nullptr);

    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(out_pipe[1], STDOUT_FILENO);
      dup2(err_pipe[1], STDERR_FILENO);
      close(out_pipe[0]);
      close(out_pipe[1]);
      close(err_pipe[0]);
      close(err_pipe[1]);
      // The test process may block signals in its threads; the child starts with none blocked.
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      execve(binary.c_str(), argv.data(), envp.data());
      _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
  }

  ~CliProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) close(out_fd_);
    if (err_fd_ >= 0) close(err_fd_);
  }
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;

  /// Reads until stdout holds `text`; false when `timeout` passed or the output ended first.
  bool waitForOutput(const std::string& text, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out_.find(text) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !pump(static_cast<int>(left.count()))) {
        return out_.find(text) != std::string::npos;
      }
    }
    return true;
  }

  /// Resizes the pseudo-terminal on stdout and sends SIGWINCH, as a terminal emulator does (the
  /// child has no controlling terminal, so the kernel would not).
  void resizeTerminal(WindowSize window) {
    if (!terminal_ || out_fd_ < 0) throw std::runtime_error("stdout is not a terminal");
    setWindowSize(out_fd_, window);
    kill(pid_, SIGWINCH);
  }

  /// Everything read from stdout so far.
  const std::string& outputSoFar() const { return out_; }

  /// Sends `sig` to the process.
  void signal(int sig) const { kill(pid_, sig); }

  /// Reads both pipes to their end and waits for the process.
  CliResult finish() {
    while (pump(-1)) {
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    CliResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = out_;
    result.err = err_;
    return result;
  }

 private:
  static void setWindowSize(int master, WindowSize window) {
    winsize size{};
    size.ws_row = window.rows;
    size.ws_col = window.columns;
    if (ioctl(master, TIOCSWINSZ, &size) != 0) throw std::runtime_error("TIOCSWINSZ failed");
  }

  // Reads what is available within `timeout_ms` (-1: no limit); false once both pipes ended.
  bool pump(int timeout_ms) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    if (out_fd_ < 0 && err_fd_ < 0) return false;
    if (poll(fds, 2, timeout_ms) <= 0) return true;
    readFrom(fds[0], out_fd_, out_);
    readFrom(fds[1], err_fd_, err_);
    return out_fd_ >= 0 || err_fd_ >= 0;
  }

  static void readFrom(const pollfd& polled, int& fd, std::string& into) {
    if (fd < 0 || (polled.revents & (POLLIN | POLLHUP | POLLERR)) == 0) return;
    char buffer[4096];
    const ssize_t count = read(fd, buffer, sizeof buffer);
    if (count > 0) {
      into.append(buffer, static_cast<std::size_t>(count));
    } else {
      close(fd);
      fd = -1;
    }
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
  bool terminal_ = false;
  std::string out_;
  std::string err_;
};

}  // namespace useapi::luma::testing
