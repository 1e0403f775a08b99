// validate(): every problem of a request at once, each a sentence a user can act on.

#include <string>
#include <vector>

#include "model/compatibility_matrix.hpp"
#include "model/prompt_text.hpp"
#include "useapi/luma/requests.hpp"

namespace useapi::luma {
namespace {

using detail::cellFor;
using detail::describe;
using detail::rulesFor;

template <class Enum>
bool isKnown(Enum value) noexcept {
  return toString(value) != "unknown";
}

class Problems {
 public:
  void add(std::string problem) { list_.push_back(std::move(problem)); }
  std::vector<std::string> take() { return std::move(list_); }

 private:
  std::vector<std::string> list_;
};

void checkPrompt(const std::string& prompt, Problems& problems) {
  if (prompt.empty()) {
    problems.add("prompt: is empty; give 1 to 2000 characters");
    return;
  }
  if (const auto offset = detail::firstInvalidUtf8(prompt)) {
    problems.add("prompt: is not valid UTF-8 (bad byte at offset " + std::to_string(*offset) + ")");
    return;
  }
  const std::size_t length = detail::utf16Length(prompt);
  if (length > detail::kMaxPromptLength) {
    problems.add("prompt: " + std::to_string(length) +
                 " characters (UTF-16 units) is over the limit of 2000");
  }
}

// Optional free-text fields: when set, non-empty valid UTF-8.
void checkText(const char* wire_name, const std::optional<std::string>& value, Problems& problems) {
  if (!value) return;
  if (value->empty()) {
    problems.add(std::string(wire_name) + ": is set but empty; leave it unset or give a value");
  } else if (detail::firstInvalidUtf8(*value)) {
    problems.add(std::string(wire_name) + ": is not valid UTF-8");
  }
}

void checkReplyUrl(const std::optional<std::string>& url, Problems& problems) {
  checkText("replyUrl", url, problems);
  if (!url || url->empty()) return;
  const bool http = url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0;
  if (!http || url->find_first_of(" \t\r\n") != std::string::npos) {
    problems.add("replyUrl " + *url + ": must be an http:// or https:// URL without spaces");
  }
}

// The account an assetRef names ("u<id>-email:<email>-image:<uuid>"), when it names one.
std::optional<std::string> accountOfAssetRef(const std::string& ref) {
  const std::string email_tag = "-email:";
  const std::string image_tag = "-image:";
  const auto start = ref.find(email_tag);
  const auto end = ref.rfind(image_tag);
  if (start == std::string::npos || end == std::string::npos || end <= start + email_tag.size()) {
    return std::nullopt;
  }
  return ref.substr(start + email_tag.size(), end - start - email_tag.size());
}

// All refs must belong to one account, and to `email` when it is given.
void checkRefAccounts(const std::vector<std::pair<std::string, std::string>>& named_refs,
                      const std::optional<std::string>& email, Problems& problems) {
  std::optional<std::string> account = email;
  const char* account_source = "email";
  std::string first_ref_field;
  for (const auto& [field, ref] : named_refs) {
    const auto owner = accountOfAssetRef(ref);
    if (!owner) continue;
    if (!account) {
      account = owner;
      first_ref_field = field;
      account_source = nullptr;
      continue;
    }
    if (*owner != *account) {
      const std::string against =
          account_source ? std::string("email ") + *account : first_ref_field + "'s " + *account;
      std::string message = field;
      message += ": belongs to account ";
      message += *owner;
      message += ", not ";
      message += against;
      message += "; all references must come from one account";
      problems.add(message);
    }
  }
}

void checkRef(const std::string& field, const std::string& ref, Problems& problems) {
  if (ref.empty()) {
    problems.add(field + ": is empty; give an assetRef from POST /assets/{email}");
  } else if (detail::firstInvalidUtf8(ref)) {
    problems.add(field + ": is not valid UTF-8");
  }
}

}  // namespace

std::vector<std::string> validate(const ImageRequest& request) {
  Problems problems;
  checkPrompt(request.prompt, problems);

  const ImageModel model = request.model.value_or(ImageModel::PhotonV2);
  const bool model_known = isKnown(model);
  if (!model_known) problems.add("model: is not a known image model; use photon-v2 or image-v2");
  if (request.aspect_ratio && !isKnown(*request.aspect_ratio)) {
    problems.add("aspect_ratio: is not a known value; use 9:16, 3:4, 1:1, 4:3, 16:9 or 21:9");
  }

  if (request.image_refs.size() > detail::kMaxImageRefs) {
    problems.add("imageRefs: " + std::to_string(request.image_refs.size()) +
                 " given, at most 4 are allowed");
  }
  std::vector<std::pair<std::string, std::string>> named_refs;
  for (std::size_t i = 0; i < request.image_refs.size(); ++i) {
    named_refs.emplace_back("imageRef" + std::to_string(i + 1), request.image_refs[i]);
    checkRef(named_refs.back().first, named_refs.back().second, problems);
  }

  if (request.resolution && model_known) {
    const Resolution resolution = *request.resolution;
    const auto& rules = rulesFor(model);
    const std::string model_name(toString(model));
    if (!isKnown(resolution)) {
      problems.add("resolution: is not a known value; " + model_name + " supports " +
                   describe(rules.resolutions));
    } else if (!rules.resolutions.contains(resolution)) {
      problems.add("resolution " + std::string(toString(resolution)) + ": " + model_name +
                   " supports " + describe(rules.resolutions));
    } else if (!request.image_refs.empty() && !rules.resolutions_with_refs.contains(resolution)) {
      problems.add("resolution " + std::string(toString(resolution)) + ": " + model_name +
                   " with image references supports " + describe(rules.resolutions_with_refs) +
                   " only; use that or leave resolution unset");
    }
  }

  checkText("email", request.email, problems);
  checkReplyUrl(request.reply_url, problems);
  checkText("replyRef", request.reply_ref, problems);
  checkRefAccounts(named_refs, request.email, problems);
  return problems.take();
}

std::vector<std::string> validate(const VideoRequest& request) {
  Problems problems;
  checkPrompt(request.prompt, problems);

  const VideoModel model = request.model.value_or(VideoModel::RayV3Flash);
  const DynamicRange range = request.dynamic_range.value_or(DynamicRange::Sdr);
  const Duration duration = request.duration.value_or(Duration::S5);
  bool combination_checkable = true;
  if (!isKnown(model)) {
    problems.add(
        "model: is not a known video model; use ray-v3-flash, ray-v3 or "
        "ray-v3-reasoning");
    combination_checkable = false;
  }
  if (!isKnown(range)) {
    problems.add("dynamic_range: is not a known value; use sdr, hdr or hdr_exr");
    combination_checkable = false;
  }
  if (!isKnown(duration)) {
    problems.add("duration: is not a known value; use 5s or 10s");
    combination_checkable = false;
  }
  if (request.resolution && !isKnown(*request.resolution)) {
    problems.add("resolution: is not a known value; use draft, 540p, 720p or 1080p");
    combination_checkable = false;
  }
  if (request.aspect_ratio && !isKnown(*request.aspect_ratio)) {
    problems.add("aspect_ratio: is not a known value; use 9:16, 3:4, 1:1, 4:3, 16:9 or 21:9");
  }

  if (combination_checkable) {
    const auto& rules = rulesFor(model);
    const auto& cell = cellFor(rules, range);
    const std::string model_name(toString(model));
    const std::string range_name(toString(range));
    // An unset resolution is the documented default (draft). ray-v3-reasoning's row lacks
    // draft, so leaving it unset there is a mistake of its own: say which ones to choose.
    const Resolution resolution = request.resolution.value_or(Resolution::Draft);
    const std::string resolution_label =
        std::string(toString(resolution)) + (request.resolution ? "" : " (the default)");
    if (!request.resolution && !rules.sdr.resolutions.contains(resolution)) {
      const std::string choices = cell.resolutions.contains(Resolution::P720) &&
                                          cell.resolutions.contains(Resolution::P1080)
                                      ? "720p or 1080p"
                                      : describe(cell.resolutions);
      problems.add("resolution: unset, and the API's default (draft) is outside " + model_name +
                   "'s matrix; choose " + choices);
    } else if (!rules.sdr.resolutions.contains(resolution)) {
      problems.add("resolution " + resolution_label + ": " + model_name + " supports " +
                   describe(rules.sdr.resolutions));
    } else if (!cell.resolutions.contains(resolution)) {
      problems.add("resolution " + resolution_label + ": " + range_name + " with " + model_name +
                   " supports " + describe(cell.resolutions));
    }
    if (!cell.durations.contains(duration)) {
      problems.add("duration " + std::string(toString(duration)) + ": " + range_name + " with " +
                   model_name + " supports " + describe(cell.durations) + " only");
    }
    if (request.image_character) {
      if (!rules.image_character_with_sdr) {
        problems.add("imageCharacter: " + model_name +
                     " does not take a character reference; only ray-v3 with sdr does");
      } else if (range != DynamicRange::Sdr) {
        problems.add("imageCharacter: " + model_name +
                     " takes a character reference with sdr "
                     "only, not " +
                     range_name);
      }
    }
    if ((request.image_start || request.image_end) && !rules.image_start_end) {
      problems.add("imageStart/imageEnd: " + model_name + " does not take keyframes");
    }
  }
  if (request.image_character && (request.image_start || request.image_end)) {
    problems.add(
        "imageCharacter: cannot be combined with imageStart or imageEnd; use one or "
        "the other");
  }

  std::vector<std::pair<std::string, std::string>> named_refs;
  if (request.image_start) named_refs.emplace_back("imageStart", *request.image_start);
  if (request.image_end) named_refs.emplace_back("imageEnd", *request.image_end);
  if (request.image_character) named_refs.emplace_back("imageCharacter", *request.image_character);
  for (const auto& [field, ref] : named_refs) checkRef(field, ref, problems);

  checkText("email", request.email, problems);
  checkReplyUrl(request.reply_url, problems);
  checkText("replyRef", request.reply_ref, problems);
  checkRefAccounts(named_refs, request.email, problems);
  return problems.take();
}

}  // namespace useapi::luma
