#pragma once
// The terminal a live board is drawn on: its size, re-read after a resize (SIGWINCH), and lines
// shortened to its width at field boundaries so that no number, id or path is ever cut mid-way.

#include <cstddef>
#include <string>
#include <vector>

namespace useapi::luma::cli {

/// The rows and columns of the terminal on stdout.
struct TerminalSize {
  std::size_t rows = 24;     ///< Lines on the screen.
  std::size_t columns = 80;  ///< Characters on a line.
};

/// The size of the terminal on stdout now; 24x80 when it cannot be read.
TerminalSize terminalSize();

/// Installs (once) a SIGWINCH handler that only raises a flag, for terminalWasResized().
void watchTerminalResizes();

/// True once after each resize of the terminal since the last call (needs watchTerminalResizes()).
bool terminalWasResized();

/// The characters `text` shows on a terminal: its UTF-8 code points.
std::size_t displayWidth(const std::string& text);

/// `fields` joined by two spaces, as many whole fields from the first as fit in `columns` - 1
/// characters (a line as wide as the terminal would wrap); a field that does not fit and every
/// field after it is left out, never shown in part.
std::string fitFields(const std::vector<std::string>& fields, std::size_t columns);

}  // namespace useapi::luma::cli
