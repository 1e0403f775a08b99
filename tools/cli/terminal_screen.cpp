#include "terminal_screen.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <csignal>
#include <mutex>

namespace useapi::luma::cli {
namespace {

volatile std::sig_atomic_t resized_flag = 0;

extern "C" void raiseResizedFlag(int /*signal*/) { resized_flag = 1; }

}  // namespace

TerminalSize terminalSize() {
  TerminalSize size;
  winsize window{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &window) != 0) return size;
  if (window.ws_col > 10) size.columns = window.ws_col;
  if (window.ws_row > 0) size.rows = window.ws_row;
  return size;
}

void watchTerminalResizes() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction action {};
    action.sa_handler = raiseResizedFlag;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &action, nullptr);
  });
}

bool terminalWasResized() {
  if (resized_flag == 0) return false;
  resized_flag = 0;
  return true;
}

std::size_t displayWidth(const std::string& text) {
  std::size_t width = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++width;
  }
  return width;
}

std::string fitFields(const std::vector<std::string>& fields, std::size_t columns) {
  const std::size_t room = columns > 0 ? columns - 1 : 0;
  std::string line;
  std::size_t width = 0;
  for (const auto& field : fields) {
    if (field.empty()) continue;
    const std::size_t needed = (line.empty() ? 0 : 2) + displayWidth(field);
    if (width + needed > room) break;
    if (!line.empty()) line += "  ";
    line += field;
    width += needed;
  }
  return line;
}

}  // namespace useapi::luma::cli
