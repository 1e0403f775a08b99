#pragma once
// Scripted faults as the /__mock/faults control routes read and list them.

#include <nlohmann/json.hpp>

#include "mock/mock_server.hpp"

namespace useapi::luma::mock {

/// The fault a POST /__mock/faults body describes ("route" required; the README names the
/// fields). Throws nlohmann::json::exception for a field of the wrong type and
/// std::invalid_argument for a drip rate that is not an integer.
Fault faultOfJson(const nlohmann::json& body);
/// Throws std::invalid_argument when a fault's values cannot work.
void checkFault(const Fault& fault);
/// A queued fault as GET /__mock/faults lists it: its route, times left and status.
nlohmann::json pendingFaultJson(const Fault& fault);

}  // namespace useapi::luma::mock
