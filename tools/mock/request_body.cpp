#include "mock/request_body.hpp"

namespace useapi::luma::mock {

nlohmann::json bodyFields(const httplib::Request& req) {
  if (!req.is_multipart_form_data()) {
    return nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  }
  nlohmann::json fields = nlohmann::json::object();
  // cpp-httplib keeps the parts in a multimap: by name, and in their order within a name.
  for (const auto& [name, part] : req.files) {
    if (!fields.contains(name)) fields[name] = part.content;
  }
  return fields;
}

}  // namespace useapi::luma::mock
