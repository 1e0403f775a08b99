#include "codec/job_record_scanner.hpp"

#include <array>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <system_error>

#include "codec/json_reader.hpp"

namespace useapi::luma::detail {
namespace {

// The bytes a string's text runs over without a second look: printable ASCII but the quote and
// the backslash. Anything else ends the run (the end of the string, an escape, or a byte the
// scanner declines).
constexpr std::array<bool, 256> plainTextTable() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
  return table;
}
constexpr std::array<bool, 256> kPlainText = plainTextTable();

// A flag (the high bit) for each of the 8 bytes in `word` that is not plain text (as kPlainText
// says), all found at once: a byte with its high bit set, a byte below 0x20, a quote or a
// backslash. The classic bit tricks used here may also flag a plain byte, but only above a
// byte rightly flagged: whether any is flagged, and which flag is lowest, are exact.
constexpr std::uint64_t nonPlainBytes(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighBits = 0x8080808080808080;
  const auto zero_bytes = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighBits; };
  const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighBits;
  return (word & kHighBits) | below_space | zero_bytes(word ^ (kOnes * '"')) |
         zero_bytes(word ^ (kOnes * '\\'));
}

// Loaded in memory order, the lowest flag of nonPlainBytes is the first byte that is not plain.
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr bool kFirstFlagGivesTheByte = true;
int firstFlaggedByte(std::uint64_t flags) { return __builtin_ctzll(flags) / 8; }
#else
constexpr bool kFirstFlagGivesTheByte = false;
int firstFlaggedByte(std::uint64_t /*flags*/) { return 0; }
#endif

// Whether a byte is JSON white space, for bytes of at most 0x20 (the others never are).
constexpr bool isSpaceAtMost0x20(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The decoded value of a field that is a string, or null (then `present` is false).
struct TextField {
  bool present = false;
  std::string value;
};

// Reads one JSON text from the front. Every member function returns false to decline: on text
// that is not JSON, and on anything valid that the scanner leaves to the full decoder.
class RecordScanner {
 public:
  explicit RecordScanner(std::string_view text) : at_(text.data()), end_(at_ + text.size()) {}

  // The whole text is one job record object (and nothing after it but white space).
  bool jobRecord(Job& job) {
    skipSpace();
    if (!record(job)) return false;
    skipSpace();
    return at_ == end_;
  }

 private:
  const char* at_;
  const char* end_;

  bool atChar(char c) const { return at_ < end_ && *at_ == c; }

  void skipPlainText() {
    // Eight bytes at a time while they are all plain; then, where the machine tells which byte
    // ended the run, straight to it, else byte by byte (and so for the last few bytes).
    while (end_ - at_ >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, at_, sizeof word);
      const std::uint64_t flags = nonPlainBytes(word);
      if (flags == 0) {
        at_ += 8;
        continue;
      }
      if constexpr (kFirstFlagGivesTheByte) {
        at_ += firstFlaggedByte(flags);
        return;
      }
      break;
    }
    while (at_ < end_ && kPlainText[static_cast<unsigned char>(*at_)]) ++at_;
  }

  void skipSpace() {
    // Most calls meet no space at all: one test settles them.
    while (at_ < end_ && static_cast<unsigned char>(*at_) <= 0x20 && isSpaceAtMost0x20(*at_)) {
      ++at_;
    }
  }

  // Consumes `c` (after white space).
  bool take(char c) {
    skipSpace();
    if (!atChar(c)) return false;
    ++at_;
    return true;
  }

  // An object's members: calls member(key, depth) with `at_` on each value, which it must
  // consume. `depth` is the object's own nesting level. Keys with escapes are declined, so that a
  // key is its raw text.
  template <class Member>
  bool members(int depth, Member&& member) {
    if (depth > kMaxJsonDepth || !take('{')) return false;
    skipSpace();
    if (atChar('}')) {
      ++at_;
      return true;
    }
    while (true) {
      if (!take('"')) return false;
      const char* key_start = at_;
      skipPlainText();
      if (!atChar('"')) return false;  // the end, an escape or a byte left to the full decoder
      const std::string_view key(key_start, static_cast<std::size_t>(at_ - key_start));
      ++at_;
      if (!take(':')) return false;
      skipSpace();
      if (!member(key, depth)) return false;
      skipSpace();
      if (atChar(',')) {
        ++at_;
        skipSpace();
        continue;
      }
      return take('}');
    }
  }

  // A string at `at_` (its opening quote included), decoded into `*out`, or only checked when
  // `out` is null (a field nobody reads).
  bool string(std::string* out) {
    if (!atChar('"')) return false;
    ++at_;
    while (true) {
      const char* run = at_;
      skipPlainText();
      if (out != nullptr) out->append(run, static_cast<std::size_t>(at_ - run));
      if (at_ == end_) return false;
      if (*at_ == '"') {
        ++at_;
        return true;
      }
      if (*at_ != '\\' || ++at_ == end_) return false;  // a control or non-ASCII byte
      char decoded = 0;
      switch (*at_) {
        case '"':
        case '\\':
        case '/':
          decoded = *at_;
          break;
        case 'b':
          decoded = '\b';
          break;
        case 'f':
          decoded = '\f';
          break;
        case 'n':
          decoded = '\n';
          break;
        case 'r':
          decoded = '\r';
          break;
        case 't':
          decoded = '\t';
          break;
        default:
          return false;  // \u (left to the full decoder) or not an escape
      }
      if (out != nullptr) out->push_back(decoded);
      ++at_;
    }
  }

  bool digits() {
    const char* start = at_;
    while (at_ < end_ && *at_ >= '0' && *at_ <= '9') ++at_;
    return at_ != start;
  }

  // A number in JSON's grammar, as the full decoder reads it (an integer literal is an exact
  // integer there, so "-0" is +0).
  bool number(double& out) {
    const char* start = at_;
    if (atChar('-')) ++at_;
    if (atChar('0')) {
      ++at_;
    } else if (at_ == end_ || *at_ < '1' || *at_ > '9' || !digits()) {
      return false;
    }
    bool integer = true;
    if (atChar('.')) {
      ++at_;
      if (!digits()) return false;
      integer = false;
    }
    if (atChar('e') || atChar('E')) {
      ++at_;
      if (atChar('+') || atChar('-')) ++at_;
      if (!digits()) return false;
      integer = false;
    }
    // An integer of up to 15 digits is exact in a double: summed here, as from_chars would
    // read it but at a fraction of the cost (most numbers of a record are such sizes).
    const bool negative = *start == '-';
    const char* first_digit = negative ? start + 1 : start;
    if (integer && at_ - first_digit <= 15) {
      std::int64_t value = 0;
      for (const char* digit = first_digit; digit < at_; ++digit) {
        value = value * 10 + (*digit - '0');
      }
      out = static_cast<double>(negative ? -value : value);  // "-0" is +0, as for the decoder
      return true;
    }
    const auto result = std::from_chars(start, at_, out);
    if (result.ec != std::errc() || result.ptr != at_) return false;  // e.g. out of range
    if (integer && out == 0) out = 0;
    return true;
  }

  bool literal(const char* word) {
    const std::size_t size = std::strlen(word);
    if (static_cast<std::size_t>(end_ - at_) < size || std::memcmp(at_, word, size) != 0) {
      return false;
    }
    at_ += size;
    return true;
  }

  // Any value, checked and dropped; `depth` is the level of the object or array holding it.
  bool skipValue(int depth) {
    if (at_ == end_) return false;
    switch (*at_) {
      case '{':
        return members(depth + 1, [this](std::string_view, int level) { return skipValue(level); });
      case '[': {
        if (depth + 1 > kMaxJsonDepth) return false;
        ++at_;
        skipSpace();
        if (atChar(']')) {
          ++at_;
          return true;
        }
        while (true) {
          skipSpace();
          if (!skipValue(depth + 1)) return false;
          skipSpace();
          if (atChar(',')) {
            ++at_;
            continue;
          }
          return take(']');
        }
      }
      case '"':
        return string(nullptr);
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default: {
        double ignored = 0;
        return number(ignored);
      }
    }
  }

  // A string or null field; a second occurrence of the field is declined.
  bool text(TextField& field, bool& seen) {
    if (seen) return false;
    seen = true;
    if (literal("null")) return true;
    field.present = true;
    return string(&field.value);
  }

  // A number or null field; a second occurrence of the field is declined.
  bool numberField(std::optional<double>& field, bool& seen) {
    if (seen) return false;
    seen = true;
    if (literal("null")) return true;
    double value = 0;
    if (!number(value)) return false;
    field = value;
    return true;
  }

  // An integer field as JsonReader::integer reads it (out of range is declined).
  bool integerField(std::optional<int>& field, bool& seen) {
    std::optional<double> value;
    if (!numberField(value, seen)) return false;
    if (value) {
      if (!std::isfinite(*value) || std::fabs(*value) > INT_MAX) return false;
      field = static_cast<int>(*value);
    }
    return true;
  }

  // A media entry: null, a bare URL string, or an object with url and sizes.
  bool media(std::optional<Media>& field, bool& seen, int depth) {
    if (seen) return false;
    seen = true;
    if (literal("null")) return true;
    Media entry;
    if (atChar('"')) {
      if (!string(&entry.url)) return false;
      field = std::move(entry);
      return true;
    }
    bool seen_url = false;
    bool seen_width = false;
    bool seen_height = false;
    bool seen_duration = false;
    TextField url;
    const bool read = members(depth + 1, [&](std::string_view key, int level) {
      if (key == "url") return text(url, seen_url);
      if (key == "width") return integerField(entry.width, seen_width);
      if (key == "height") return integerField(entry.height, seen_height);
      if (key == "duration") return numberField(entry.duration, seen_duration);
      return skipValue(level);
    });
    if (!read) return false;
    entry.url = std::move(url.value);
    field = std::move(entry);
    return true;
  }

  // The `response` object: the media of a finished job.
  bool response(Job& job, bool& seen, int depth) {
    if (seen) return false;
    seen = true;
    if (literal("null")) return true;
    bool seen_media[5] = {};
    return members(depth + 1, [&](std::string_view key, int level) {
      if (key == "image") return media(job.image, seen_media[0], level);
      if (key == "video") return media(job.video, seen_media[1], level);
      if (key == "thumbnail") return media(job.thumbnail, seen_media[2], level);
      if (key == "last_frame") return media(job.last_frame, seen_media[3], level);
      if (key == "video_hdr_exr") return media(job.video_hdr_exr, seen_media[4], level);
      return skipValue(level);
    });
  }

  bool record(Job& job) {
    TextField jobid, type, status, created, updated, error, reply_ref;
    bool seen[8] = {};
    const bool read = members(1, [&](std::string_view key, int level) {
      if (key == "jobid") return text(jobid, seen[0]);
      if (key == "type") return text(type, seen[1]);
      if (key == "status") return text(status, seen[2]);
      if (key == "created") return text(created, seen[3]);
      if (key == "updated") return text(updated, seen[4]);
      if (key == "error") return text(error, seen[5]);
      if (key == "replyRef") return text(reply_ref, seen[6]);
      if (key == "response") return response(job, seen[7], level);
      return skipValue(level);
    });
    if (!read) return false;
    // As jobFrom sets them.
    job.jobid = std::move(jobid.value);
    if (type.present) job.type = fromString<JobType>(type.value).value_or(JobType::Unknown);
    job.status_text = std::move(status.value);
    job.status = fromString<JobStatus>(job.status_text).value_or(JobStatus::Unknown);
    job.created = std::move(created.value);
    if (updated.present) job.updated = std::move(updated.value);
    if (error.present) job.error = std::move(error.value);
    if (reply_ref.present) job.reply_ref = std::move(reply_ref.value);
    return true;
  }
};

}  // namespace

std::optional<Job> scanJobRecord(std::string_view body) {
  Job job;
  if (!scanJobRecordInto(body, job)) return std::nullopt;
  return job;
}

bool scanJobRecordInto(std::string_view body, Job& job) {
  return RecordScanner(body).jobRecord(job);
}

}  // namespace useapi::luma::detail
