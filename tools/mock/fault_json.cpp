#include "mock/fault_json.hpp"

#include <stdexcept>

namespace useapi::luma::mock {

using nlohmann::json;

Fault faultOfJson(const json& body) {
  Fault fault;
  fault.route = body.at("route").get<std::string>();
  fault.status = body.value("status", 500);
  if (body.contains("body")) {
    fault.body = body["body"].is_string() ? body["body"].get<std::string>() : body["body"].dump();
  }
  if (body.contains("retry_after")) fault.retry_after_seconds = body["retry_after"].get<int>();
  fault.times = body.value("times", 1);
  fault.stall_ms = body.value("stall_ms", 0);
  fault.after_acting = body.value("after_acting", false);
  if (body.contains("truncate_after_bytes")) {
    fault.truncate_after_bytes = body["truncate_after_bytes"].get<std::uint64_t>();
  }
  fault.reset = body.value("reset", false);
  if (body.contains("drip_bytes_per_second")) {
    const json& rate = body["drip_bytes_per_second"];
    if (!rate.is_number_integer()) {
      throw std::invalid_argument(R"("drip_bytes_per_second" must be an integer)");
    }
    fault.drip_bytes_per_second = rate.get<int>();
  }
  fault.content_type = body.value("content_type", fault.content_type);
  return fault;
}

void checkFault(const Fault& fault) {
  if (fault.drip_bytes_per_second && *fault.drip_bytes_per_second < 1) {
    throw std::invalid_argument(R"("drip_bytes_per_second" must be at least 1)");
  }
  if (fault.content_type.empty()) throw std::invalid_argument(R"("content_type" is empty)");
}

json pendingFaultJson(const Fault& fault) {
  return {{"route", fault.route}, {"times", fault.times}, {"status", fault.status}};
}

}  // namespace useapi::luma::mock
