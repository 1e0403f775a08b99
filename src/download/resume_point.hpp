#pragma once
// Where a cut download can go on: what the answers' headers said of the file (its size, whether
// the server sends parts of it, the validator naming this version of it), the Range request for
// the rest, and whether a 206 continues what was saved.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace useapi::luma::detail {

/// The part of an answer a 206's "Content-Range: bytes FIRST-LAST/TOTAL" announces.
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::optional<std::uint64_t> total;  ///< None for "/*".
};

/// Parses a Content-Range value ("bytes 100-199/1000"); none when it is not one.
std::optional<ContentRange> parseContentRange(std::string_view value);

/// One download's knowledge of the file it saves, fed the header lines of each answer. A server
/// lets a cut transfer go on when its whole-file answer (200) said "Accept-Ranges: bytes" and
/// named the version it sent with a strong ETag or a Last-Modified date: the next attempt then
/// asks for "Range: bytes=N-" with "If-Range: <validator>", so that a file changed meanwhile
/// comes whole again (a 200) rather than as a part of another version. Not thread-safe: the
/// attempt's thread alone uses it.
class ResumePoint {
 public:
  /// A header line of the current answer; a status line starts a new answer.
  void header(std::string_view line);
  /// A 200 body starts: its headers describe the file from now on. `length` is the body's size
  /// when the server said it.
  void startWhole(std::optional<std::uint64_t> length);
  /// The lines asking for the file's rest after `saved` bytes, and that offset remembered for
  /// continues(); none when the server did not offer it (the next attempt starts over).
  std::vector<std::string> askForRest(std::uint64_t saved);
  /// A 206 answers the current attempt: true when it was asked for the rest and its
  /// Content-Range starts at the offset asked for, of a file of the size announced before (when
  /// both are known). False: problem() says why.
  bool continues();

  /// The offset this attempt asked for; none when it asked for the whole file.
  std::optional<std::uint64_t> askedFrom() const { return asked_from_; }
  /// The whole file's size as the server announced it (a 200's Content-Length, a 206's total).
  std::optional<std::uint64_t> total() const { return total_; }
  /// Why continues() refused the last 206.
  const std::string& problem() const { return problem_; }

 private:
  /// What the current answer's headers said.
  struct Answer {
    int status = 0;
    bool accepts_ranges = false;
    std::string etag;
    std::string last_modified;
    std::optional<ContentRange> content_range;
  };

  Answer current_;
  bool accepts_ranges_ = false;  // of the file being saved
  std::string validator_;        // its strong ETag, else its Last-Modified date; empty: none
  std::optional<std::uint64_t> total_;
  std::optional<std::uint64_t> asked_from_;
  std::string problem_;
};

}  // namespace useapi::luma::detail
