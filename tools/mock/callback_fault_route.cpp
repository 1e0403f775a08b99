#include "mock/callback_fault_route.hpp"

#include <stdexcept>

#include "mock/http_answers.hpp"

namespace useapi::luma::mock {

using nlohmann::json;

CallbackFault callbackFaultOfJson(const json& body) {
  CallbackFault fault;
  fault.kind = body.at("kind").get<std::string>();
  fault.times = body.value("times", fault.times);
  fault.delay_ms = body.value("delay_ms", fault.delay_ms);
  fault.dead_attempts = body.value("dead_attempts", fault.dead_attempts);
  fault.final_only = body.value("final_only", fault.final_only);
  return fault;
}

void postCallbackFault(WebhookDispatcher& webhooks, const httplib::Request& req,
                       httplib::Response& res) {
  const json body = json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("kind") || !body["kind"].is_string()) {
    return answerError(res, 400, R"(A callback fault needs a "kind" such as "drop")");
  }
  try {
    CallbackFault fault = callbackFaultOfJson(body);
    const std::string kind = fault.kind;
    webhooks.queueFault(std::move(fault));
    answer(res, 200, {{"queued", kind}});
  } catch (const json::exception& error) {
    answerError(res, 400,
                std::string("A callback fault field has the wrong type: ") + error.what());
  } catch (const std::invalid_argument& error) {
    answerError(res, 400, error.what());
  }
}

}  // namespace useapi::luma::mock
