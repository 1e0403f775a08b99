#include "codec/json_reader.hpp"

#include <cmath>
#include <limits>

#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {

using nlohmann::json;

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
    throw TransportError(endpoint + " answered with JSON " + document.type_name() +
                         ", expected an object");
  }
  return document;
}

JsonReader::JsonReader(const json& object, std::string endpoint, std::string path)
    : object_(object), endpoint_(std::move(endpoint)), path_(std::move(path)) {}

const json* JsonReader::find(const char* name) const {
  const auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<std::string> JsonReader::text(const char* name) const {
  const json* value = find(name);
  if (!value) return std::nullopt;
  if (!value->is_string()) fail(name, "a string", *value);
  return value->get<std::string>();
}

std::optional<double> JsonReader::number(const char* name) const {
  const json* value = find(name);
  if (!value) return std::nullopt;
  if (!value->is_number()) fail(name, "a number", *value);
  return value->get<double>();
}

std::optional<int> JsonReader::integer(const char* name) const {
  const auto value = number(name);
  if (!value) return std::nullopt;
  if (!std::isfinite(*value) || std::fabs(*value) > std::numeric_limits<int>::max()) {
    throw TransportError(endpoint_ + " answered with " + path_ + name +
                         " out of range for an integer");
  }
  return static_cast<int>(*value);
}

std::optional<bool> JsonReader::boolean(const char* name) const {
  const json* value = find(name);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) fail(name, "a boolean", *value);
  return value->get<bool>();
}

std::optional<JsonReader> JsonReader::object(const char* name) const {
  const json* value = find(name);
  if (!value) return std::nullopt;
  if (!value->is_object()) fail(name, "an object", *value);
  return JsonReader(*value, endpoint_, path_ + name + ".");
}

const json* JsonReader::array(const char* name) const {
  const json* value = find(name);
  if (value && !value->is_array()) fail(name, "an array", *value);
  return value;
}

JsonReader JsonReader::element(const std::string& name, const json& value) const {
  if (!value.is_object()) fail(name, "an object", value);
  return {value, endpoint_, path_ + name + "."};
}

void JsonReader::fail(const std::string& name, const char* expected, const json& value) const {
  throw TransportError(endpoint_ + " answered with " + path_ + name + " as " + value.type_name() +
                       ", expected " + expected);
}

}  // namespace useapi::luma::detail
