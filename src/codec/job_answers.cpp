#include "codec/job_answers.hpp"

#include <algorithm>
#include <cctype>
#include <new>
#include <optional>
#include <string>

#include "codec/json_document.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

// The API's error answers are a few dozen bytes; anything much larger is someone else's page.
constexpr std::size_t kLargestNotFoundAnswer = 4096;
// A batch has 4 jobs; a body naming far more is not believed beyond these.
constexpr std::size_t kMostSalvagedIds = 64;
const std::string kNotFoundAnswer = "a 404 answer";
const std::string kCreationAnswer = "a creation answer";

// The ids a creation answer names, as far as it can be read.
struct NamedIds {
  std::string jobid;
  std::vector<std::string> jobids;

  void addListed(std::string id) {
    if (id.empty() || jobids.size() >= kMostSalvagedIds) return;
    if (std::find(jobids.begin(), jobids.end(), id) == jobids.end()) {
      jobids.push_back(std::move(id));
    }
  }
  bool empty() const { return jobid.empty() && jobids.empty(); }
};

// Reads the top-level "jobid" string and the strings of the top-level "jobids" array of `text`,
// keeping what was read before the text stops being JSON.
void readNamedIds(std::string_view text, NamedIds& ids) {
  try {
    std::string padded = paddedCopy(text);
    readJsonObject(padded, true, kCreationAnswer, [&](JsonField& top) {
      top.forEachField([&](std::string_view key, JsonField& field) {
        if (key == "jobid") {
          if (auto id = field.textIfValid(); id && !id->empty()) ids.jobid = std::move(*id);
          return true;
        }
        if (key != "jobids" || !field.isArray()) return false;
        field.forEachElement([&](JsonField& element) {
          if (auto id = element.textIfValid()) ids.addListed(std::move(*id));
        });
        return true;
      });
    });
  } catch (const Error&) {
    // Not JSON from here on: what was read before stays.
  } catch (const std::bad_alloc&) {
    // Out of memory: what was read before stays.
  }
}

}  // namespace

bool isApiJobNotFoundAnswer(std::string_view body) {
  if (body.empty() || body.size() > kLargestNotFoundAnswer) return false;
  std::optional<std::string> message;
  try {
    std::string padded = paddedCopy(body);
    readJsonObject(padded, true, kNotFoundAnswer, [&](JsonField& top) {
      top.forEachField([&](std::string_view key, JsonField& field) {
        if (key != "error") return false;
        message = field.textIfValid();  // a repeated key counts as its last occurrence
        return true;
      });
    });
  } catch (const Error&) {
    return false;
  } catch (const std::bad_alloc&) {
    return false;
  }
  if (!message) return false;
  std::transform(message->begin(), message->end(), message->begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return message->find("job") != std::string::npos;
}

std::vector<std::string> jobIdsNamedIn(std::string_view body) {
  NamedIds ids;
  readNamedIds(body, ids);
  // A body cut inside a string is refused whole by the parser's first pass: read it again up to
  // where that string opened, so that the fields before it still count.
  if (ids.empty()) {
    const auto last_quote = body.rfind('"');
    if (last_quote != std::string_view::npos) readNamedIds(body.substr(0, last_quote), ids);
  }
  // As a decoded answer is journaled: an image batch's jobs, else the one job.
  if (!ids.jobids.empty()) return std::move(ids.jobids);
  if (!ids.jobid.empty()) return {ids.jobid};
  return {};
}

}  // namespace useapi::luma::detail
