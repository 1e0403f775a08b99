#include "codec/response_decoder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxMessageLength = 500;

// Refuses nesting deeper than kMaxJsonDepth before the parser sees it.
bool nestingWithinLimit(std::string_view text) noexcept {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

std::string typeName(const json& value) { return value.type_name(); }

// Reads fields of one JSON object, throwing a TransportError that names the endpoint and the
// field path whenever a present, non-null field has the wrong type.
class Reader {
 public:
  Reader(const json& object, std::string endpoint, std::string path)
      : object_(object), endpoint_(std::move(endpoint)), path_(std::move(path)) {}

  const json* find(const char* name) const {
    const auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  std::optional<std::string> text(const char* name) const {
    const json* value = find(name);
    if (!value) return std::nullopt;
    if (!value->is_string()) fail(name, "a string", *value);
    return value->get<std::string>();
  }

  std::optional<double> number(const char* name) const {
    const json* value = find(name);
    if (!value) return std::nullopt;
    if (!value->is_number()) fail(name, "a number", *value);
    return value->get<double>();
  }

  std::optional<int> integer(const char* name) const {
    const auto value = number(name);
    if (!value) return std::nullopt;
    if (!std::isfinite(*value) || std::fabs(*value) > std::numeric_limits<int>::max()) {
      throw TransportError(endpoint_ + " answered with " + path_ + name +
                           " out of range for an integer");
    }
    return static_cast<int>(*value);
  }

  std::optional<Reader> object(const char* name) const {
    const json* value = find(name);
    if (!value) return std::nullopt;
    if (!value->is_object()) fail(name, "an object", *value);
    return Reader(*value, endpoint_, path_ + name + ".");
  }

  const json* array(const char* name) const {
    const json* value = find(name);
    if (value && !value->is_array()) fail(name, "an array", *value);
    return value;
  }

  [[noreturn]] void fail(const std::string& name, const char* expected, const json& value) const {
    throw TransportError(endpoint_ + " answered with " + path_ + name + " as " + typeName(value) +
                         ", expected " + expected);
  }

  const std::string& endpoint() const { return endpoint_; }

 private:
  const json& object_;
  std::string endpoint_;
  std::string path_;
};

json parseObject(std::string_view body, const std::string& endpoint) {
  if (!nestingWithinLimit(body)) {
    throw TransportError(endpoint + " answered with JSON nested deeper than " +
                         std::to_string(kMaxJsonDepth) + " levels");
  }
  json document = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    throw TransportError(endpoint + " answered with a body that is not JSON (" +
                         std::to_string(body.size()) + " bytes)");
  }
  if (!document.is_object()) {
    throw TransportError(endpoint + " answered with JSON " + typeName(document) +
                         ", expected an object");
  }
  return document;
}

// A media entry: an object with url (and sizes), or, for video_hdr_exr, a bare URL string.
std::optional<Media> mediaOf(const Reader& parent, const char* name) {
  const json* value = parent.find(name);
  if (!value) return std::nullopt;
  Media media;
  if (value->is_string()) {
    media.url = value->get<std::string>();
    return media;
  }
  const auto entry = parent.object(name);
  media.url = entry->text("url").value_or("");
  media.width = entry->integer("width");
  media.height = entry->integer("height");
  media.duration = entry->number("duration");
  return media;
}

Job jobOf(const json& document, const std::string& endpoint) {
  const Reader top(document, endpoint, "");
  Job job;
  job.jobid = top.text("jobid").value_or("");
  if (const auto type = top.text("type"))
    job.type = fromString<JobType>(*type).value_or(JobType::Unknown);
  job.status_text = top.text("status").value_or("");
  job.status = fromString<JobStatus>(job.status_text).value_or(JobStatus::Unknown);
  job.created = top.text("created").value_or("");
  job.updated = top.text("updated");
  job.error = top.text("error");
  job.reply_ref = top.text("replyRef");
  if (const auto response = top.object("response")) {
    job.image = mediaOf(*response, "image");
    job.video = mediaOf(*response, "video");
    job.thumbnail = mediaOf(*response, "thumbnail");
    job.last_frame = mediaOf(*response, "last_frame");
    job.video_hdr_exr = mediaOf(*response, "video_hdr_exr");
  }
  return job;
}

}  // namespace

Job decodeJob(std::string_view body, const std::string& endpoint) {
  const json document = parseObject(body, endpoint);
  Job job = jobOf(document, endpoint);
  job.raw = std::string(body);
  return job;
}

ImageBatch decodeImageBatch(std::string_view body, const std::string& endpoint) {
  const json document = parseObject(body, endpoint);
  const Reader top(document, endpoint, "");
  ImageBatch batch;
  batch.jobid = top.text("jobid").value_or("");
  batch.created = top.text("created").value_or("");
  if (const json* ids = top.array("jobids")) {
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const json& id = (*ids)[i];
      if (!id.is_string()) top.fail("jobids[" + std::to_string(i) + "]", "a string", id);
      batch.jobids.push_back(id.get<std::string>());
    }
  }
  if (batch.jobids.empty()) {
    throw TransportError(endpoint + " answered without the image job ids (jobids)");
  }
  batch.raw = std::string(body);
  return batch;
}

std::string errorMessageOf(std::string_view body) {
  if (nestingWithinLimit(body)) {
    const json document = json::parse(body.begin(), body.end(), nullptr, false);
    if (document.is_object()) {
      const auto it = document.find("error");
      if (it != document.end() && it->is_string()) return it->get<std::string>();
      if (it != document.end() && it->is_object()) {
        const auto message = it->find("message");
        if (message != it->end() && message->is_string()) return message->get<std::string>();
      }
    }
  }
  std::size_t length = std::min(body.size(), kMaxMessageLength);
  // Never cut a UTF-8 sequence in two: back up to the start of the character at the cut.
  if (length < body.size()) {
    while (length > 0 && (static_cast<unsigned char>(body[length]) & 0xC0) == 0x80) --length;
  }
  std::string_view text = body.substr(0, length);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

}  // namespace useapi::luma::detail
