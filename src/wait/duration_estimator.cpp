#include "wait/duration_estimator.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace useapi::luma::detail {

using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// A string field of `object`, empty when missing or not a string.
std::string stringField(const nlohmann::json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end() || !found->is_string()) return {};
  return found->get<std::string>();
}

// How many jobs of a kind must be seen before what was seen replaces the prior.
constexpr int kObservationsToTrust = 3;

}  // namespace

std::string JobKind::key() const {
  std::string text = type == JobType::Image ? "image" : type == JobType::Video ? "video" : "job";
  for (const std::string* part : {&model, &resolution, &duration, &dynamic_range}) {
    if (!part->empty()) text += " " + *part;
  }
  return text;
}

JobKind kindOf(const Job& record) {
  JobKind kind;
  kind.type = record.type;
  // The record was already read and checked by the decoder; this second, lenient reading only
  // looks for the request's fields, and a record without them is a kind of its type alone.
  const nlohmann::json parsed = nlohmann::json::parse(record.raw, nullptr, false);
  if (!parsed.is_object()) return kind;
  const auto request = parsed.find("request");
  if (request == parsed.end() || !request->is_object()) return kind;
  kind.model = stringField(*request, "model");
  kind.resolution = stringField(*request, "resolution");
  kind.duration = stringField(*request, "duration");
  kind.dynamic_range = stringField(*request, "dynamic_range");
  if (kind.type == JobType::Unknown) {
    const std::string type = stringField(parsed, "type");
    if (type == "image") kind.type = JobType::Image;
    if (type == "video") kind.type = JobType::Video;
  }
  return kind;
}

DurationEstimate DurationEstimator::prior(const JobKind& kind) {
  // The docs: images and draft videos take 30-60 s, a 1080p video about 3 minutes; the other
  // resolutions lie between. A 10 s video and an HDR one take longer (our assumption: the docs
  // give no figure; observe() corrects it after a few jobs).
  if (kind.type == JobType::Image) return {seconds(45), seconds(15)};
  double expected_s = 90;
  if (kind.resolution == "draft") expected_s = 45;
  if (kind.resolution == "540p") expected_s = 80;
  if (kind.resolution == "720p") expected_s = 120;
  if (kind.resolution == "1080p") expected_s = 180;
  if (kind.duration == "10s") expected_s *= 1.5;
  if (!kind.dynamic_range.empty() && kind.dynamic_range != "sdr") expected_s *= 1.25;
  const auto expected = milliseconds(static_cast<long long>(expected_s * 1000));
  return {expected, expected / 3};
}

DurationEstimate DurationEstimator::estimate(const JobKind& kind) const {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = learned_.find(kind.key());
    if (found != learned_.end() && found->second.count >= kObservationsToTrust) {
      // Jobs of a kind that end evenly within +-h of their mean have a deviation of h / sqrt(3):
      // the spread is that half-width, widened while the observations are few.
      const Learned& learned = found->second;
      const double half_width = std::sqrt(3 * learned.variance_ms2) * (1 + 2.0 / learned.count);
      return {milliseconds(static_cast<long long>(learned.mean_ms)),
              milliseconds(static_cast<long long>(half_width))};
    }
  }
  return prior(kind);
}

void DurationEstimator::observe(const JobKind& kind, milliseconds took) {
  if (took <= milliseconds(0)) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  Learned& learned = learned_[kind.key()];
  // Welford's running mean and variance.
  ++learned.count;
  const double value = static_cast<double>(took.count());
  const double delta = value - learned.mean_ms;
  learned.mean_ms += delta / learned.count;
  const double m2 = learned.variance_ms2 * (learned.count - 1) + delta * (value - learned.mean_ms);
  learned.variance_ms2 = m2 / learned.count;
}

}  // namespace useapi::luma::detail
