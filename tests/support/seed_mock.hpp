#pragma once
// luma-mock set up to mint the seed pages' literal ids (support/seed_ids.hpp): its first token's
// user is u12345, its account is the seed's, and its first request gets the seed's time, request
// digits and uuids, so that a test runs end to end against the very ids the docs show.

#include <array>
#include <chrono>
#include <cstddef>
#include <ctime>
#include <string>
#include <utility>

#include "mock/mock_server.hpp"
#include "support/seed_ids.hpp"

namespace useapi::luma::testing::seed {

/// The account email inside the seed's ids (as the published pages show it).
inline const std::string kEmail = "[email protected]";

/// kCreated as a time: 2026-03-26T14:05:30.123Z.
inline std::chrono::system_clock::time_point createdTime() {
  std::tm utc{};
  utc.tm_year = 2026 - 1900;
  utc.tm_mon = 3 - 1;
  utc.tm_mday = 26;
  utc.tm_hour = 14;
  utc.tm_min = 5;
  utc.tm_sec = 30;
  return std::chrono::system_clock::from_time_t(timegm(&utc)) + std::chrono::milliseconds(123);
}

/// The uuid of a seed id: the 36 characters before its "-bot:luma".
inline std::string uuidOf(const std::string& jobid) {
  const std::size_t suffix = std::string("-bot:luma").size();
  return jobid.substr(jobid.size() - suffix - 36, 36);
}

/// `options` (their first token is user u12345) changed so that the mock's first request is
/// minted with the seed's account, time and request digits, and its jobs take the uuids of
/// `ids` in order.
template <class Ids>
mock::MockOptions seedOptions(mock::MockOptions options, const Ids& ids) {
  options.email = kEmail;
  options.id_script.created = createdTime();
  options.id_script.first_request_digits = 456789;
  options.id_script.uuids.clear();
  for (const std::string& id : ids) options.id_script.uuids.push_back(uuidOf(id));
  return options;
}

/// A mock whose first POST /images answers the seed's batch: kImageBatchParentId and
/// kImageJobIds (send the seed's request to get kImagesAnswer exactly).
inline mock::MockOptions imageBatchOptions(mock::MockOptions options = {}) {
  return seedOptions(std::move(options), kImageBatchIds);
}

/// A mock whose first POST /videos answers kVideoJobId (send the seed's request to get
/// kVideosAnswer exactly).
inline mock::MockOptions videoOptions(mock::MockOptions options = {}) {
  return seedOptions(std::move(options), std::array<std::string, 1>{kVideoJobId});
}

}  // namespace useapi::luma::testing::seed
