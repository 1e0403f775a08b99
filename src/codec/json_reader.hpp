#pragma once
// Reading untrusted JSON answers: bounded nesting, and typed field access whose failures name
// the endpoint and the field.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace useapi::luma::detail {

/// Deepest nesting of arrays and objects accepted in any answer.
inline constexpr int kMaxJsonDepth = 64;

/// True when `text` nests arrays and objects at most kMaxJsonDepth deep (strings skipped).
bool nestingWithinLimit(std::string_view text) noexcept;

/// `body` parsed as a JSON object. Throws TransportError naming `endpoint` when it is not JSON,
/// nested too deep, or not an object.
nlohmann::json parseObject(std::string_view body, const std::string& endpoint);

/// Reads fields of one JSON object. Missing and null fields are unset; a present field of the
/// wrong type throws a TransportError naming the endpoint and the field's path.
class JsonReader {
 public:
  JsonReader(const nlohmann::json& object, std::string endpoint, std::string path = "");

  const nlohmann::json* find(const char* name) const;
  std::optional<std::string> text(const char* name) const;
  std::optional<double> number(const char* name) const;
  std::optional<int> integer(const char* name) const;
  std::optional<bool> boolean(const char* name) const;
  std::optional<JsonReader> object(const char* name) const;
  const nlohmann::json* array(const char* name) const;
  /// A reader of `value`, an element of this object's field `name` (e.g. "jobs[3]").
  JsonReader element(const std::string& name, const nlohmann::json& value) const;
  [[noreturn]] void fail(const std::string& name, const char* expected,
                         const nlohmann::json& value) const;
  const std::string& endpoint() const { return endpoint_; }

 private:
  const nlohmann::json& object_;
  std::string endpoint_;
  std::string path_;
};

}  // namespace useapi::luma::detail
