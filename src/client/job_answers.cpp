#include "client/job_answers.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace useapi::luma::detail {
namespace {

// The API's error answers are a few dozen bytes; anything much larger is someone else's page.
constexpr std::size_t kLargestNotFoundAnswer = 4096;
// A batch has 4 jobs; a body naming far more is not believed beyond these.
constexpr std::size_t kMostSalvagedIds = 64;

// Keeps the top-level "jobid" string and the strings of the top-level "jobids" array, and
// nothing else: memory stays bounded by what it keeps, whatever the rest of the body holds.
class CreatedIdsReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool /*value*/) override { return true; }
  bool number_integer(number_integer_t /*value*/) override { return true; }
  bool number_unsigned(number_unsigned_t /*value*/) override { return true; }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override { return true; }
  bool binary(binary_t& /*value*/) override { return true; }
  std::string jobid;
  std::vector<std::string> jobids;

  bool string(string_t& value) override {
    if (value.empty()) return true;
    if (depth_ == 1 && key_ == "jobid") jobid = value;
    if (depth_ == 2 && in_jobids_array_ && jobids.size() < kMostSalvagedIds &&
        std::find(jobids.begin(), jobids.end(), value) == jobids.end()) {
      jobids.push_back(value);
    }
    return true;
  }
  bool start_object(std::size_t /*size*/) override {
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool key(string_t& value) override {
    if (depth_ == 1) key_ = value;
    return true;
  }
  bool start_array(std::size_t /*size*/) override {
    ++depth_;
    if (depth_ == 2 && key_ == "jobids") in_jobids_array_ = true;
    return true;
  }
  bool end_array() override {
    if (depth_ == 2) in_jobids_array_ = false;
    --depth_;
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*error*/) override {
    return false;  // keeps what was read before the error
  }

 private:
  int depth_ = 0;
  bool in_jobids_array_ = false;
  std::string key_;
};

}  // namespace

bool isApiJobNotFoundAnswer(std::string_view body) {
  if (body.empty() || body.size() > kLargestNotFoundAnswer) return false;
  const auto answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object()) return false;
  const auto error = answer.find("error");
  if (error == answer.end() || !error->is_string()) return false;
  std::string message = error->get<std::string>();
  std::transform(message.begin(), message.end(), message.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return message.find("job") != std::string::npos;
}

std::vector<std::string> jobIdsNamedIn(std::string_view body) {
  CreatedIdsReader reader;
  nlohmann::json::sax_parse(body, &reader, nlohmann::json::input_format_t::json,
                            /*strict=*/false);
  // As a decoded answer is journaled: an image batch's jobs, else the one job.
  if (!reader.jobids.empty()) return std::move(reader.jobids);
  if (!reader.jobid.empty()) return {reader.jobid};
  return {};
}

}  // namespace useapi::luma::detail
