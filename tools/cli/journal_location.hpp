#pragma once
// Where the CLI keeps its journal of created jobs, so that `luma jobs --all` lists what this
// machine created and has not saved yet and `luma job wait --resume` picks it up.

#include <string>

namespace useapi::luma::cli {

/// The default journal: $XDG_STATE_HOME/luma/journal.db, else
/// $HOME/.local/state/luma/journal.db; empty when neither variable is set.
std::string defaultJournalPath();

/// Creates the folder of the default journal `path` (mode 0700: its job ids are the user's
/// only). Returns false, leaving no journal to use, when it cannot be created.
bool prepareJournalFolder(const std::string& path);

}  // namespace useapi::luma::cli
