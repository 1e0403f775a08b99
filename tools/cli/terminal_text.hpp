#pragma once
// Text that came from a server (statuses, error messages, URLs, ids, records), made safe to print
// on a terminal: no byte of it can start an escape sequence or move the cursor.

#include <string>
#include <string_view>
#include <vector>

namespace useapi::luma::cli {

/// `text` with every control character escaped: C0 controls and DEL as \n, \r, \t, \e or \xNN,
/// the C1 controls (U+0080 to U+009F, which some terminals obey) as \u{NN}, and bytes that are not
/// valid UTF-8 as \xNN. Everything else, non-ASCII letters included, is kept as it is. Every piece
/// of server text the CLI prints goes through this one function.
std::string printable(std::string_view text);

/// The items (job ids), each printable() and single-quoted when it holds anything but letters,
/// digits and _@%+=:,./- (a space, a bracket), separated by single spaces: words a shell command
/// such as `luma job wait` takes as they are.
std::string printableList(const std::vector<std::string>& items);

}  // namespace useapi::luma::cli
