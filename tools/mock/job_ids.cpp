#include "mock/job_ids.hpp"

#include <cstdio>
#include <ctime>
#include <random>

namespace useapi::luma::mock {
namespace {

constexpr unsigned kRequestDigitsModulo = 1000000;

}  // namespace

std::string jobIdStem(std::chrono::system_clock::time_point created, unsigned request_digits,
                      char letter) {
  const auto since_epoch = created.time_since_epoch();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(created);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stem[48];
  std::snprintf(stem, sizeof stem, "j%02d%02d%02d%02d%02d%03d%06u%c", utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis),
                request_digits % kRequestDigitsModulo, letter);
  return stem;
}

std::string jobIdOf(const std::string& stem, int user, const std::string& email,
                    const std::string& uuid) {
  return stem + "-u" + std::to_string(user) + "-email:" + email + ":" + uuid + "-bot:luma";
}

RequestDigits::RequestDigits(std::optional<unsigned> first) {
  if (first) {
    next_ = *first % kRequestDigitsModulo;
    return;
  }
  std::random_device device;
  next_ = static_cast<unsigned>(device() % kRequestDigitsModulo);
}

unsigned RequestDigits::next() {
  const unsigned digits = next_;
  next_ = (next_ + 1) % kRequestDigitsModulo;
  return digits;
}

}  // namespace useapi::luma::mock
