// Path parameters as RFC 3986 path segments (shared/spec/luma-api.md, "Path parameters"): pchar
// kept, everything else %XX, dot segments neutralised, so an id can never reach another endpoint.

#include "transport/path_segment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "useapi/luma/errors.hpp"

namespace {

using ::testing::HasSubstr;
using ::useapi::luma::ValidationError;
using ::useapi::luma::detail::encodePathSegment;

// RFC 3986 section 3.3: pchar = unreserved / pct-encoded / sub-delims / ":" / "@".
constexpr std::string_view kUnreserved =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
constexpr std::string_view kSubDelims = "!$&'()*+,;=";
constexpr std::string_view kColonAt = ":@";

bool keptLiterally(unsigned char c) {
  return kUnreserved.find(static_cast<char>(c)) != std::string_view::npos ||
         kSubDelims.find(static_cast<char>(c)) != std::string_view::npos ||
         kColonAt.find(static_cast<char>(c)) != std::string_view::npos;
}

std::string percentEncoded(unsigned char c) {
  static constexpr char kUpperHex[] = "0123456789ABCDEF";
  return {'%', kUpperHex[c >> 4], kUpperHex[c & 0x0F]};
}

bool isUpperHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

int hexValue(char c) { return c <= '9' ? c - '0' : c - 'A' + 10; }

// Percent-decodes `text`; the test fails if an escape is malformed.
std::string percentDecoded(const std::string& text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size()) {
      ADD_FAILURE() << "truncated escape in " << text;
      return decoded;
    }
    decoded += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
    i += 2;
  }
  return decoded;
}

TEST(EncodePathSegment, EachSingleByteKeptIfPcharElsePercentEncodedUppercase) {
  for (int byte = 0; byte < 256; ++byte) {
    const auto c = static_cast<unsigned char>(byte);
    const std::string segment(1, static_cast<char>(c));
    std::string expected;
    if (c == '.') {
      expected = "%2E";  // The dot segment "." (RFC 3986 section 3.3) must not be sent bare.
    } else if (keptLiterally(c)) {
      expected = segment;
    } else {
      expected = percentEncoded(c);
    }
    EXPECT_EQ(encodePathSegment(segment, "jobid"), expected) << "byte " << byte;
  }
}

TEST(EncodePathSegment, OnlyExactDotSegmentsAreSpecial) {
  struct Case {
    const char* input;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {".", "%2E"},
      {"..", "%2E%2E"},
      {"...", "..."},
      {"../accounts", "..%2Faccounts"},
      {"./x", ".%2Fx"},
      {"..%2F..", "..%252F.."},
      {".a", ".a"},
      {"a..", "a.."},
      {"a/b", "a%2Fb"},
      {"a b", "a%20b"},
      {"x?y#z", "x%3Fy%23z"},
      {"100%", "100%25"},
      {"%2E", "%252E"},
      {"[::1]", "%5B::1%5D"},
      {"caf\xC3\xA9", "caf%C3%A9"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(encodePathSegment(c.input, "jobid"), c.expected) << "input " << c.input;
  }
}

TEST(EncodePathSegment, RealIdsWithColonAndAtAreUnchanged) {
  const std::vector<std::string> ids = {
      "j0326140530123456789v-u12345-email:user@example.com:"
      "a1b2c3d4-e5f6-7890-abcd-ef1234567890-bot:luma",
      "j0326140530123456789i-u12345-email:user@example.com:"
      "b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma",
      "user@example.com",
      "first.last+tag@example.co.uk",
  };
  for (const std::string& id : ids) EXPECT_EQ(encodePathSegment(id, "jobid"), id);
}

TEST(EncodePathSegment, RandomBytesNeverYieldSlashQueryFragmentOrBarePercent) {
  std::mt19937 random(20260406);  // Fixed seed: a failure reproduces.
  std::uniform_int_distribution<int> length(1, 24);
  std::uniform_int_distribution<int> any_byte(0, 255);
  // Half the strings come from a small alphabet so dot segments and separators occur often.
  constexpr std::string_view kTricky = "./%?#@: a";
  std::uniform_int_distribution<std::size_t> tricky(0, kTricky.size() - 1);

  for (int round = 0; round < 5000; ++round) {
    std::string input;
    const int size = length(random);
    for (int i = 0; i < size; ++i) {
      input += round % 2 == 0 ? static_cast<char>(any_byte(random)) : kTricky[tricky(random)];
    }
    const std::string output = encodePathSegment(input, "jobid");
    SCOPED_TRACE("round " + std::to_string(round) + ", output " + output);

    EXPECT_EQ(output.find_first_of("/?#"), std::string::npos);
    EXPECT_NE(output, ".");
    EXPECT_NE(output, "..");
    bool well_formed = true;
    for (std::size_t i = 0; i < output.size(); ++i) {
      const auto c = static_cast<unsigned char>(output[i]);
      if (c == '%') {
        well_formed = well_formed && i + 2 < output.size() && isUpperHexDigit(output[i + 1]) &&
                      isUpperHexDigit(output[i + 2]);
        i += 2;
      } else {
        well_formed = well_formed && keptLiterally(c);
      }
    }
    EXPECT_TRUE(well_formed) << "a character outside pchar or a bare '%'";
    if (well_formed) {
      EXPECT_EQ(percentDecoded(output), input) << "does not decode back";
    }
  }
}

TEST(EncodePathSegment, EmptyValueThrowsValidationErrorNamingTheParameter) {
  for (const char* what : {"jobid", "email"}) {
    SCOPED_TRACE(what);
    try {
      const std::string encoded = encodePathSegment("", what);
      ADD_FAILURE() << "encoded an empty segment as '" << encoded << "'";
    } catch (const ValidationError& error) {
      ASSERT_FALSE(error.problems().empty());
      EXPECT_THAT(error.problems()[0], HasSubstr(what));
    }
  }
}

}  // namespace
