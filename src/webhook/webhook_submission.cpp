#include "webhook/webhook_submission.hpp"

namespace useapi::luma::detail {

JobKind kindOf(const ImageRequest& request) {
  JobKind kind;
  kind.type = JobType::Image;
  kind.model = std::string(toString(request.model.value_or(ImageModel::PhotonV2)));
  kind.resolution = std::string(toString(request.resolution.value_or(Resolution::P720)));
  return kind;
}

JobKind kindOf(const VideoRequest& request) {
  JobKind kind;
  kind.type = JobType::Video;
  kind.model = std::string(toString(request.model.value_or(VideoModel::RayV3Flash)));
  kind.resolution = std::string(toString(request.resolution.value_or(Resolution::Draft)));
  kind.duration = std::string(toString(request.duration.value_or(Duration::S5)));
  kind.dynamic_range = std::string(toString(request.dynamic_range.value_or(DynamicRange::Sdr)));
  return kind;
}

std::string secretOfPath(std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const auto slash = path.rfind('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  return std::string(path);
}

}  // namespace useapi::luma::detail
