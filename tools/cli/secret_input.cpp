#include "secret_input.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "local_files.hpp"

namespace useapi::luma::cli {

std::string trimmed(const std::string& text) {
  const char* const blanks = " \t\r\n";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::string readTokenFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in || std::filesystem::is_directory(file)) {
    throw LocalIoError("--token-file: cannot read " + file.string());
  }
  std::string line;
  std::getline(in, line);
  if (in.bad()) throw LocalIoError("--token-file: cannot read " + file.string());
  line = trimmed(line);
  if (line.empty()) {
    throw std::invalid_argument("--token-file: the first line of " + file.string() +
                                " is empty: it should hold the useapi.net API token");
  }
  return line;
}

std::string readAllTrimmed(std::istream& in, const std::string& what) {
  const std::string text =
      trimmed(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  if (text.empty()) throw std::invalid_argument(what + " read from stdin is empty");
  return text;
}

}  // namespace useapi::luma::cli
