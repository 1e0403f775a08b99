#pragma once
// The timestamps and identifiers the mock issues.

#include <chrono>
#include <string>

namespace useapi::luma::mock {

/// A UTC ISO 8601 timestamp with milliseconds, like "2026-03-26T14:05:30.123Z".
std::string isoNow();
/// `time` as a UTC ISO 8601 timestamp with milliseconds, like "2026-03-26T14:05:30.123Z".
std::string isoOf(std::chrono::system_clock::time_point time);
/// The UTC date of `time`, like "2026-03-28" (the `updated` of an account summary).
std::string utcDate(std::chrono::system_clock::time_point time);
/// A UTC time in the style of luma_session_expires, like "2026-05-27 00:28:17 UTC".
std::string utcSeconds(std::chrono::system_clock::time_point time);
/// A random version 4 UUID in lower-case hex, like "0a1b2c3d-0000-4000-8000-00000000000a".
std::string randomUuid();
/// A UUID that is always the same for `text`, in the shape of a version 5 UUID
/// ("9ecac364-4b63-5b61-9241-297345710d63"): Luma's user_id of an account.
std::string stableUuid(const std::string& text);
/// The 16 lower-case hex digits of the FNV-1a 64-bit hash of `text` (stable across runs).
std::string stableHashHex(const std::string& text);

}  // namespace useapi::luma::mock
