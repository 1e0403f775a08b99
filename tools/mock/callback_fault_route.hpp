#pragma once
// The /__mock/callback-faults control route: scripted misdelivery of webhook callbacks.

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "mock/webhook_dispatcher.hpp"

namespace useapi::luma::mock {

/// The callback fault a control body describes: {"kind", "times", "delay_ms", "dead_attempts",
/// "final_only"} ("kind" required). Throws nlohmann::json::exception for a field of the wrong
/// type.
CallbackFault callbackFaultOfJson(const nlohmann::json& body);

/// POST /__mock/callback-faults: queues the fault; 200 {"queued": kind}, or 400 with the problem.
void postCallbackFault(WebhookDispatcher& webhooks, const httplib::Request& req,
                       httplib::Response& res);

}  // namespace useapi::luma::mock
