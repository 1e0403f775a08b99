#pragma once
// An independent reading of job records and webhooks with nlohmann/json (a full DOM parser), by
// the rules the library's simdjson decoders promise: what the fields mean, what is refused. The
// decode fuzzers compare the two readings on every input, and so does a table test.

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "useapi/luma/job.hpp"
#include "useapi/luma/values.hpp"

namespace useapi::luma::testing::reference {

using nlohmann::json;

/// The reading refuses the text (the decoder must throw).
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A parsed text: its document, whether it was sanitized, and whether an object repeats a key
/// (then the decoders may refuse what a last-key-wins reading accepts: no comparison is made).
struct Parsed {
  json document;
  bool sanitized = false;
  bool repeated_key = false;
};

inline constexpr int kMaxDepth = 64;
inline constexpr char kReplacement[] = "\xEF\xBF\xBD";

/// `text` with each byte that is not part of a well-formed UTF-8 sequence (Unicode table 3-7)
/// replaced by DEL: the documented rule is that a string of such a text reads with each run of
/// DEL as one U+FFFD (see readable()).
inline std::string sanitized(std::string_view text) {
  struct Range {
    unsigned char low, high;
  };
  // The well-formed sequences: for each lead byte range, the ranges of the bytes that follow.
  struct Form {
    Range lead;
    std::vector<Range> rest;
  };
  static const std::vector<Form> kForms = {
      {{0x00, 0x7F}, {}},
      {{0xC2, 0xDF}, {{0x80, 0xBF}}},
      {{0xE0, 0xE0}, {{0xA0, 0xBF}, {0x80, 0xBF}}},
      {{0xE1, 0xEC}, {{0x80, 0xBF}, {0x80, 0xBF}}},
      {{0xED, 0xED}, {{0x80, 0x9F}, {0x80, 0xBF}}},
      {{0xEE, 0xEF}, {{0x80, 0xBF}, {0x80, 0xBF}}},
      {{0xF0, 0xF0}, {{0x90, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
      {{0xF1, 0xF3}, {{0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
      {{0xF4, 0xF4}, {{0x80, 0x8F}, {0x80, 0xBF}, {0x80, 0xBF}}},
  };
  const auto in = [](unsigned char c, Range r) { return c >= r.low && c <= r.high; };
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t length = 0;
    for (const Form& form : kForms) {
      if (!in(static_cast<unsigned char>(text[at]), form.lead)) continue;
      bool whole = true;
      for (std::size_t i = 0; whole && i < form.rest.size(); ++i) {
        whole = at + 1 + i < text.size() &&
                in(static_cast<unsigned char>(text[at + 1 + i]), form.rest[i]);
      }
      if (whole) length = 1 + form.rest.size();
      break;
    }
    if (length == 0) {
      out += '\x7F';
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

/// A string of `parsed` as the decoders give it: in a sanitized text, each run of DEL is U+FFFD.
inline std::string readable(const Parsed& parsed, std::string text) {
  if (!parsed.sanitized) return text;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\x7F') {
      out += text[i];
    } else if (i == 0 || text[i - 1] != '\x7F') {
      out += kReplacement;
    }
  }
  return out;
}

/// `text` parsed as a JSON object nested at most kMaxDepth deep (sanitized first when it is not
/// UTF-8); throws Refused otherwise.
inline Parsed parse(std::string_view text) {
  Parsed parsed;
  std::vector<std::set<std::string>> keys;
  bool too_deep = false;
  const json::parser_callback_t watch = [&](int depth, json::parse_event_t event, json& value) {
    // A container's start comes at the depth of the containers around it (the root's at 0).
    const bool starts =
        event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
    if (starts && depth >= kMaxDepth) too_deep = true;
    if (event == json::parse_event_t::object_start) keys.emplace_back();
    if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == json::parse_event_t::key && !keys.empty()) {
      if (!keys.back().insert(value.get<std::string>()).second) parsed.repeated_key = true;
    }
    return true;
  };
  const auto attempt = [&](std::string_view body) {
    keys.clear();
    too_deep = false;
    parsed.repeated_key = false;
    return json::parse(body.begin(), body.end(), watch, /*allow_exceptions=*/false);
  };
  // nlohmann/json takes a NUL byte for the end of its input; in JSON text it is never valid (a
  // raw control character in a string, or garbage after the value).
  if (text.find('\0') != std::string_view::npos) throw Refused("a NUL byte");
  parsed.document = attempt(text);
  if (parsed.document.is_discarded()) {
    const std::string clean = sanitized(text);
    if (clean != text) {
      parsed.document = attempt(clean);
      parsed.sanitized = true;
    }
  }
  if (parsed.document.is_discarded()) throw Refused("not JSON");
  if (too_deep) throw Refused("too deep");
  if (!parsed.document.is_object()) throw Refused("not an object");
  return parsed;
}

/// The field `name` of `object`, or null when absent or null.
inline const json* field(const json& object, const char* name) {
  const auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

inline std::optional<std::string> strictText(const Parsed& parsed, const json& object,
                                             const char* name) {
  const json* value = field(object, name);
  if (!value) return std::nullopt;
  if (!value->is_string()) throw Refused(std::string(name) + " not a string");
  return readable(parsed, value->get<std::string>());
}

inline std::optional<std::string> identifierText(const Parsed& parsed, const json& object,
                                                 const char* name) {
  auto value = strictText(parsed, object, name);
  if (value && parsed.sanitized && value->find(kReplacement) != std::string::npos) {
    throw Refused(std::string(name) + " not UTF-8");
  }
  return value;
}

inline std::optional<std::string> lenientText(const Parsed& parsed, const json& object,
                                              const char* name) {
  const json* value = field(object, name);
  if (!value || !value->is_string()) return std::nullopt;
  return readable(parsed, value->get<std::string>());
}

inline std::optional<int> lenientInteger(const json& object, const char* name) {
  const json* value = field(object, name);
  if (!value || !value->is_number()) return std::nullopt;
  const double number = value->get<double>();
  if (!std::isfinite(number) || std::fabs(number) > std::numeric_limits<int>::max()) {
    return std::nullopt;
  }
  return static_cast<int>(number);
}

inline std::optional<double> lenientNumber(const json& object, const char* name) {
  const json* value = field(object, name);
  if (!value || !value->is_number()) return std::nullopt;
  return value->get<double>();
}

inline std::optional<Media> media(const Parsed& parsed, const json& response, const char* name) {
  const json* value = field(response, name);
  if (!value) return std::nullopt;
  Media entry;
  if (value->is_string()) {
    entry.url = *identifierText(parsed, response, name);
    return entry;
  }
  if (!value->is_object()) throw Refused(std::string(name) + " not an object");
  entry.url = identifierText(parsed, *value, "url").value_or("");
  entry.width = lenientInteger(*value, "width");
  entry.height = lenientInteger(*value, "height");
  entry.duration = lenientNumber(*value, "duration");
  return entry;
}

/// The job record `record` as the decoders must read it (all but raw).
inline Job job(const Parsed& parsed, const json& record) {
  if (!record.is_object()) throw Refused("record not an object");
  Job out;
  out.jobid = identifierText(parsed, record, "jobid").value_or("");
  out.status_text = strictText(parsed, record, "status").value_or("");
  out.status = fromString<JobStatus>(out.status_text).value_or(JobStatus::Unknown);
  if (const auto type = lenientText(parsed, record, "type")) {
    out.type = fromString<JobType>(*type).value_or(JobType::Unknown);
  }
  out.created = lenientText(parsed, record, "created").value_or("");
  out.updated = lenientText(parsed, record, "updated");
  out.error = strictText(parsed, record, "error");
  out.reply_ref = strictText(parsed, record, "replyRef");
  if (const json* response = field(record, "response")) {
    if (!response->is_object()) throw Refused("response not an object");
    out.image = media(parsed, *response, "image");
    out.video = media(parsed, *response, "video");
    out.thumbnail = media(parsed, *response, "thumbnail");
    out.last_frame = media(parsed, *response, "last_frame");
    out.video_hdr_exr = media(parsed, *response, "video_hdr_exr");
  }
  return out;
}

/// A webhook's record and its images, as parseWebhook must read them (all but raw).
struct Webhook {
  Job job;
  std::vector<Job> images;
  std::vector<json> image_documents;
};

inline Webhook webhook(const Parsed& parsed) {
  Webhook out;
  out.job = job(parsed, parsed.document);
  if (const json* images = field(parsed.document, "images")) {
    if (!images->is_array()) throw Refused("images not an array");
    if (images->size() > 64) throw Refused("too many images");
    for (const json& entry : *images) {
      Job image = job(parsed, entry);
      if (image.type == JobType::Unknown) image.type = JobType::Image;
      out.images.push_back(std::move(image));
      out.image_documents.push_back(entry);
    }
  }
  if (out.job.jobid.empty()) throw Refused("no jobid");
  return out;
}

}  // namespace useapi::luma::testing::reference
