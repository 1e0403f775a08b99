#pragma once
// Secrets and texts that stay off the command line (where `ps`, /proc and the shell history
// show them): the token from a file, the session cookie and the prompt from stdin.

#include <filesystem>
#include <istream>
#include <string>

namespace useapi::luma::cli {

/// The first line of `file` without surrounding spaces, for --token-file. Throws LocalIoError
/// when the file cannot be read, and std::invalid_argument when that line is empty.
std::string readTokenFile(const std::filesystem::path& file);

/// Everything on `in` without surrounding spaces and line breaks. Throws std::invalid_argument
/// naming `what` ("the session cookie") when nothing is left.
std::string readAllTrimmed(std::istream& in, const std::string& what);

/// `text` without the spaces, tabs and line breaks at its two ends.
std::string trimmed(const std::string& text);

}  // namespace useapi::luma::cli
