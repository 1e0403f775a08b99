#include "batch_input.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

namespace useapi::luma::cli {
namespace {

using nlohmann::json;

// The wire fields each item type takes (besides "type" and "id").
const std::set<std::string>& imageFields() {
  static const std::set<std::string> fields = {"prompt",       "model",     "resolution",
                                               "aspect_ratio", "imageRef1", "imageRef2",
                                               "imageRef3",    "imageRef4", "email"};
  return fields;
}

const std::set<std::string>& videoFields() {
  static const std::set<std::string> fields = {
      "prompt",        "model",      "resolution", "aspect_ratio",   "duration",
      "dynamic_range", "imageStart", "imageEnd",   "imageCharacter", "email"};
  return fields;
}

std::string jsonTypeName(const json& value) {
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "a " + std::string(value.type_name());
}

// A value quoted for a message, cut short when long.
std::string quotedValue(const std::string& text) {
  constexpr std::size_t kShown = 60;
  return "\"" + (text.size() > kShown ? text.substr(0, kShown) + "..." : text) + "\"";
}

// Reads the fields of one line's object into `request`, adding a problem for each bad one.
class BatchLineReader {
 public:
  BatchLineReader(const json& object, std::vector<std::string>& problems)
      : object_(object), problems_(problems) {}

  // The field's text; nullopt when absent, null, or not a string (a problem then).
  std::optional<std::string> text(const std::string& name) {
    const auto found = object_.find(name);
    if (found == object_.end() || found->is_null()) return std::nullopt;
    if (!found->is_string()) {
      wrong_type_.insert(name);
      problems_.push_back(name + ": must be a string, not " + jsonTypeName(*found));
      return std::nullopt;
    }
    return found->get<std::string>();
  }

  template <class Enum>
  void choice(const std::string& name, std::optional<Enum>& target,
              std::initializer_list<Enum> allowed) {
    const auto value = text(name);
    if (!value) return;
    const std::optional<Enum> parsed = fromString<Enum>(*value);
    bool listed = false;
    for (const Enum option : allowed) listed = listed || (parsed && *parsed == option);
    if (listed) {
      target = parsed;
      return;
    }
    std::string names;
    for (const Enum option : allowed) {
      names += (names.empty() ? "" : ", ") + std::string(toString(option));
    }
    problems_.push_back(name + ": " + quotedValue(*value) + " is not one of " + names);
  }

  /// True when the field was given with a JSON type other than string (already a problem).
  bool wrongType(const std::string& name) const { return wrong_type_.count(name) != 0; }

 private:
  std::set<std::string> wrong_type_;
  const json& object_;
  std::vector<std::string>& problems_;
};

ImageRequest readImage(BatchLineReader& reader) {
  ImageRequest request;
  request.prompt = reader.text("prompt").value_or("");
  reader.choice("model", request.model, {ImageModel::PhotonV2, ImageModel::ImageV2});
  reader.choice("resolution", request.resolution, {Resolution::P720, Resolution::P1080});
  reader.choice("aspect_ratio", request.aspect_ratio,
                {AspectRatio::R9x16, AspectRatio::R3x4, AspectRatio::R1x1, AspectRatio::R4x3,
                 AspectRatio::R16x9, AspectRatio::R21x9});
  for (const char* name : {"imageRef1", "imageRef2", "imageRef3", "imageRef4"}) {
    if (auto ref = reader.text(name)) request.image_refs.push_back(std::move(*ref));
  }
  request.email = reader.text("email");
  return request;
}

VideoRequest readVideo(BatchLineReader& reader) {
  VideoRequest request;
  request.prompt = reader.text("prompt").value_or("");
  reader.choice("model", request.model,
                {VideoModel::RayV3Flash, VideoModel::RayV3, VideoModel::RayV3Reasoning});
  reader.choice("resolution", request.resolution,
                {Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080});
  reader.choice("aspect_ratio", request.aspect_ratio,
                {AspectRatio::R9x16, AspectRatio::R3x4, AspectRatio::R1x1, AspectRatio::R4x3,
                 AspectRatio::R16x9, AspectRatio::R21x9});
  reader.choice("duration", request.duration, {Duration::S5, Duration::S10});
  reader.choice("dynamic_range", request.dynamic_range,
                {DynamicRange::Sdr, DynamicRange::Hdr, DynamicRange::HdrExr});
  request.image_start = reader.text("imageStart");
  request.image_end = reader.text("imageEnd");
  request.image_character = reader.text("imageCharacter");
  request.email = reader.text("email");
  return request;
}

// The problems validateBatch finds in one item, without its "item 1 (id): " prefix: the id
// rule and the request's validate(), as the library states them.
std::vector<std::string> itemProblems(const BatchItem& item) {
  std::vector<std::string> problems = validateBatch({item});
  for (auto& problem : problems) {
    const std::size_t colon = problem.find("): ");
    if (problem.rfind("item 1 (", 0) == 0 && colon != std::string::npos) {
      problem.erase(0, colon + 3);
    }
  }
  return problems;
}

bool blankLine(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

}  // namespace

BatchInput parseBatchInput(std::istream& in) {
  BatchInput input;
  std::map<std::string, std::size_t> id_lines;  // id -> line that used it first
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (blankLine(line)) continue;
    std::string id = "line-" + std::to_string(number);
    std::vector<std::string> problems;
    const auto report = [&] {
      for (const auto& problem : problems) {
        std::string located = "line " + std::to_string(number) + " (" + id + "): ";
        input.problems.push_back(located.append(problem));
      }
    };
    const json object = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded() || !object.is_object()) {
      problems.push_back(object.is_discarded()
                             ? "is not JSON"
                             : "is " + jsonTypeName(object) + ", not a JSON object");
      report();
      continue;
    }
    BatchLineReader reader(object, problems);
    if (const auto given = reader.text("id")) id = *given;
    const std::optional<std::string> type = reader.text("type");
    const std::set<std::string>* fields = nullptr;
    if (!type) {
      if (object.find("type") == object.end()) problems.emplace_back("type: is missing");
    } else if (*type == "image") {
      fields = &imageFields();
    } else if (*type == "video") {
      fields = &videoFields();
    } else {
      problems.push_back("type: " + quotedValue(*type) + " is not one of image, video");
    }
    for (const auto& [name, value] : object.items()) {
      if (name == "type" || name == "id" || (fields != nullptr && fields->count(name) != 0)) {
        continue;
      }
      const bool known = imageFields().count(name) != 0 || videoFields().count(name) != 0;
      if (!known) {
        problems.push_back(name + ": is not a known field");
      } else if (fields != nullptr) {
        problems.push_back(name + ": is not a field of " +
                           (*type == "image" ? "an image" : "a video") + " item");
      }
    }
    if (fields != nullptr) {
      BatchItem item;
      item.id = id;
      if (*type == "image") {
        item.request = readImage(reader);
      } else {
        item.request = readVideo(reader);
      }
      for (auto& problem : itemProblems(item)) {
        // "prompt: is empty" says nothing more once the prompt was refused as a number.
        const std::string field = problem.substr(0, problem.find(':'));
        if (!reader.wrongType(field)) problems.push_back(std::move(problem));
      }
      if (const auto [first, fresh] = id_lines.emplace(id, number); !fresh) {
        problems.push_back("the id is already used on line " + std::to_string(first->second));
      }
      input.items.push_back(std::move(item));
      input.lines.push_back(number);
    }
    report();
  }
  return input;
}

}  // namespace useapi::luma::cli
