// Prompt length (UTF-16 code units, as the server counts) and UTF-8 validity, for both request
// types; and UTF-8 validity of the other text fields. Rules from shared/spec/luma-api.md.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "useapi/luma.hpp"

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::useapi::luma::ImageRequest;
using ::useapi::luma::validate;
using ::useapi::luma::VideoModel;
using ::useapi::luma::VideoRequest;

constexpr char kEAcute[] = "\xC3\xA9";            // U+00E9: 2 bytes, 1 UTF-16 unit
constexpr char kEuro[] = "\xE2\x82\xAC";          // U+20AC: 3 bytes, 1 UTF-16 unit
constexpr char kGrinning[] = "\xF0\x9F\x98\x80";  // U+1F600: 4 bytes, 2 UTF-16 units
constexpr char kRef[] = "u12345-email:user@example.com-image:0a1b2c3d-0000-4000-8000-000000000001";

std::string repeat(const std::string& unit, int times) {
  std::string result;
  for (int i = 0; i < times; ++i) result += unit;
  return result;
}

std::string describeProblems(const std::vector<std::string>& problems) {
  std::ostringstream out;
  out << problems.size() << " problem(s)";
  for (const std::string& problem : problems) out << "\n    - " << problem;
  return out.str();
}

// A byte string printed as escaped text, so failures show which case broke.
std::string escaped(const std::string& text) {
  if (text.size() > 40) return "(" + std::to_string(text.size()) + " bytes)";
  std::ostringstream out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7F) {
      out << c;
    } else {
      static const char kHex[] = "0123456789ABCDEF";
      out << "\\x" << kHex[c >> 4] << kHex[c & 0xF];
    }
  }
  return out.str();
}

// Validates a request of each type whose only field is the prompt (everything else defaults).
struct RequestKind {
  const char* name;
  std::function<std::vector<std::string>(const std::string&)> validate_prompt;
};

const std::vector<RequestKind>& requestKinds() {
  static const std::vector<RequestKind> kKinds = {
      {"ImageRequest",
       [](const std::string& prompt) {
         ImageRequest request;
         request.prompt = prompt;
         return validate(request);
       }},
      {"VideoRequest",
       [](const std::string& prompt) {
         VideoRequest request;
         request.prompt = prompt;
         return validate(request);
       }},
  };
  return kKinds;
}

enum class Verdict { Valid, TooLongOrEmpty, BadUtf8 };

struct PromptCase {
  const char* name;
  std::string prompt;
  Verdict verdict;
};

std::vector<PromptCase> promptCases() {
  using V = Verdict;
  return {
      {"empty", "", V::TooLongOrEmpty},
      {"1 ASCII char", "a", V::Valid},
      {"1 e-acute", kEAcute, V::Valid},
      {"1 emoji (2 units)", kGrinning, V::Valid},
      {"2000 ASCII", std::string(2000, 'a'), V::Valid},
      {"2001 ASCII", std::string(2001, 'a'), V::TooLongOrEmpty},
      {"2000 e-acute (4000 bytes)", repeat(kEAcute, 2000), V::Valid},
      {"2001 e-acute", repeat(kEAcute, 2001), V::TooLongOrEmpty},
      {"2000 euro signs (6000 bytes)", repeat(kEuro, 2000), V::Valid},
      {"2001 euro signs", repeat(kEuro, 2001), V::TooLongOrEmpty},
      {"1000 emoji (2000 units)", repeat(kGrinning, 1000), V::Valid},
      {"1000 emoji + a", repeat(kGrinning, 1000) + "a", V::TooLongOrEmpty},
      {"1998 ASCII + emoji (2000 units)", std::string(1998, 'a') + kGrinning, V::Valid},
      {"1999 ASCII + emoji (2001 units)", std::string(1999, 'a') + kGrinning, V::TooLongOrEmpty},
      {"lone continuation byte 0x80", "\x80", V::BadUtf8},
      {"continuation byte inside text",
       "abc\x80"
       "def",
       V::BadUtf8},
      {"truncated 2-byte sequence at end", "abc\xC3", V::BadUtf8},
      {"truncated 3-byte sequence at end", "abc\xE2\x82", V::BadUtf8},
      {"truncated 4-byte sequence at end", "abc\xF0\x9F\x98", V::BadUtf8},
      {"lead byte followed by ASCII", "\xC3(", V::BadUtf8},
      {"overlong slash C0 AF", "\xC0\xAF", V::BadUtf8},
      {"overlong C1 BF", "\xC1\xBF", V::BadUtf8},
      {"overlong 3-byte slash", "\xE0\x80\xAF", V::BadUtf8},
      {"overlong 4-byte slash", "\xF0\x80\x80\xAF", V::BadUtf8},
      {"high surrogate ED A0 80", "\xED\xA0\x80", V::BadUtf8},
      {"low surrogate ED BF BF", "\xED\xBF\xBF", V::BadUtf8},
      {"beyond U+10FFFF", "\xF4\x90\x80\x80", V::BadUtf8},
      {"byte 0xFF", "\xFF", V::BadUtf8},
      {"byte 0xFE",
       "a\xFE"
       "b",
       V::BadUtf8},
      {"5-byte form", "\xF8\x88\x80\x80\x80", V::BadUtf8},
      {"2000 ASCII with a 0xFF inside", std::string(1000, 'a') + "\xFF" + std::string(999, 'a'),
       V::BadUtf8},
  };
}

TEST(PromptRules, LengthInUtf16UnitsAndUtf8ValidityForBothRequestTypes) {
  for (const RequestKind& kind : requestKinds()) {
    for (const PromptCase& test : promptCases()) {
      const std::string where =
          std::string(kind.name) + ", " + test.name + " [" + escaped(test.prompt) + "]";
      std::vector<std::string> problems;
      ASSERT_NO_THROW(problems = kind.validate_prompt(test.prompt)) << where;
      switch (test.verdict) {
        case Verdict::Valid:
          EXPECT_TRUE(problems.empty()) << where << ": " << describeProblems(problems);
          break;
        case Verdict::TooLongOrEmpty:
          EXPECT_FALSE(problems.empty()) << where;
          EXPECT_THAT(problems, Contains(HasSubstr("prompt"))) << where;
          break;
        case Verdict::BadUtf8:
          EXPECT_FALSE(problems.empty()) << where;
          EXPECT_THAT(problems, Contains(HasSubstr("UTF-8")))
              << where << ": " << describeProblems(problems);
          break;
      }
    }
  }
}

TEST(PromptRules, EmbeddedNulIsAcceptedOrAClearProblemNeverACrash) {
  const std::string prompts[] = {std::string("a\0b", 3), std::string("\0", 1),
                                 std::string(1999, 'a') + std::string("\0", 1)};
  for (const RequestKind& kind : requestKinds()) {
    for (const std::string& prompt : prompts) {
      std::vector<std::string> problems;
      ASSERT_NO_THROW(problems = kind.validate_prompt(prompt)) << kind.name;
      for (const std::string& problem : problems) {
        EXPECT_THAT(problem, HasSubstr("prompt")) << kind.name << " [" << escaped(prompt) << "]";
      }
    }
  }
}

// Invalid UTF-8 in any other text field cannot be sent as JSON: it must be a problem, not a crash.
TEST(TextFieldRules, InvalidUtf8InOtherFieldsIsAProblemNotACrash) {
  const std::string bad_bytes[] = {"\xFF", "\xC0\xAF", "\x80", "\xED\xA0\x80"};
  struct FieldCase {
    const char* field;  // wire name
    std::function<std::vector<std::string>(const std::string&)> validate_with;
  };
  const std::vector<FieldCase> fields = {
      {"email (video)",
       [](const std::string& bad) {
         VideoRequest request;
         request.prompt = "ok";
         request.email = "us" + bad + "er@example.com";
         return validate(request);
       }},
      {"replyRef (video)",
       [](const std::string& bad) {
         VideoRequest request;
         request.prompt = "ok";
         request.reply_ref = "ref-" + bad;
         return validate(request);
       }},
      {"replyUrl (video)",
       [](const std::string& bad) {
         VideoRequest request;
         request.prompt = "ok";
         request.reply_url = "https://example.com/hook/" + bad;
         return validate(request);
       }},
      {"imageStart",
       [](const std::string& bad) {
         VideoRequest request;
         request.prompt = "ok";
         request.image_start = std::string(kRef) + bad;
         return validate(request);
       }},
      {"imageEnd",
       [](const std::string& bad) {
         VideoRequest request;
         request.prompt = "ok";
         request.image_end = std::string(kRef) + bad;
         return validate(request);
       }},
      {"imageCharacter",
       [](const std::string& bad) {
         VideoRequest request;
         request.prompt = "ok";
         request.model = VideoModel::RayV3;
         request.image_character = std::string(kRef) + bad;
         return validate(request);
       }},
      {"email (image)",
       [](const std::string& bad) {
         ImageRequest request;
         request.prompt = "ok";
         request.email = "us" + bad + "er@example.com";
         return validate(request);
       }},
      {"replyRef (image)",
       [](const std::string& bad) {
         ImageRequest request;
         request.prompt = "ok";
         request.reply_ref = "ref-" + bad;
         return validate(request);
       }},
      {"imageRef1",
       [](const std::string& bad) {
         ImageRequest request;
         request.prompt = "ok";
         request.image_refs = {std::string(kRef) + bad};
         return validate(request);
       }},
  };
  for (const FieldCase& field : fields) {
    for (const std::string& bad : bad_bytes) {
      const std::string where = std::string(field.field) + " with [" + escaped(bad) + "]";
      std::vector<std::string> problems;
      ASSERT_NO_THROW(problems = field.validate_with(bad)) << where;
      EXPECT_FALSE(problems.empty()) << where;
      EXPECT_THAT(problems, Contains(HasSubstr("UTF-8")))
          << where << ": " << describeProblems(problems);
    }
    // The same field with valid text is fine, so the problem above came from the bad bytes.
    EXPECT_TRUE(field.validate_with("").empty())
        << field.field
        << " is rejected even without bad bytes: " << describeProblems(field.validate_with(""));
  }
}

}  // namespace
