// Recognising uploads by their first bytes, and the content types POST /assets accepts
// (shared/spec/luma-api.md, endpoint 5: image/jpeg, image/png or image/webp).

#include "model/image_type.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using ::useapi::luma::detail::imageTypeOf;
using ::useapi::luma::detail::isSupportedImageType;

// The bytes of a literal, embedded NULs included, without the terminating NUL.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

TEST(ImageTypeOf, RecognisesJpegPngAndWebpSignatures) {
  struct Case {
    const char* name;
    std::string bytes;
    const char* type;
  };
  const std::vector<Case> cases = {
      {"JPEG/JFIF", bytes("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), "image/jpeg"},
      {"JPEG/Exif",
       bytes("\xFF\xD8\xFF\xE1\x00\x18"
             "Exif\x00\x00"),
       "image/jpeg"},
      {"JPEG, 3 bytes only", bytes("\xFF\xD8\xFF"), "image/jpeg"},
      {"PNG", bytes("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR"), "image/png"},
      {"PNG, signature only", bytes("\x89PNG\r\n\x1A\n"), "image/png"},
      {"WebP", bytes("RIFF\x24\x00\x00\x00WEBPVP8 "), "image/webp"},
      {"WebP, 12 bytes only", bytes("RIFF\x00\x00\x00\x00WEBP"), "image/webp"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::optional<std::string_view> type = imageTypeOf(c.bytes);
    ASSERT_TRUE(type.has_value());
    EXPECT_EQ(*type, c.type);
    EXPECT_TRUE(isSupportedImageType(*type));
  }
}

TEST(ImageTypeOf, OtherFormatsAndShortInputsAreNotRecognised) {
  struct Case {
    const char* name;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {"empty", ""},
      {"GIF89a", bytes("GIF89a\x01\x00\x01\x00")},
      {"GIF87a", bytes("GIF87a\x01\x00\x01\x00")},
      {"BMP", bytes("BM\x36\x00\x00\x00\x00\x00")},
      {"RIFF WAVE", bytes("RIFF\x24\x00\x00\x00WAVEfmt ")},
      {"RIFF AVI", bytes("RIFF\x24\x00\x00\x00"
                         "AVI LIST")},
      {"RIFF alone", "RIFF"},
      {"RIFF without a form type", bytes("RIFF\x24\x00\x00\x00")},
      {"WebP cut after 11 bytes", bytes("RIFF\x00\x00\x00\x00WEB")},
      {"WEBP not at offset 8", bytes("RIFFWEBP\x00\x00\x00\x00")},
      {"PNG signature cut to 7 bytes", bytes("\x89PNG\r\n\x1A")},
      {"PNG signature cut to 4 bytes", bytes("\x89PNG")},
      {"PNG with a wrong last byte", bytes("\x89PNG\r\n\x1A\r")},
      {"JPEG cut to 2 bytes", bytes("\xFF\xD8")},
      {"JPEG cut to 1 byte", bytes("\xFF")},
      {"JPEG SOI without a marker", bytes("\xFF\xD8\x00\xE0")},
      {"text", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"},
      {"NUL bytes", std::string(16, '\0')},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(imageTypeOf(c.bytes), std::nullopt);
  }
}

TEST(IsSupportedImageType, AcceptsExactlyTheThreeDocumentedTypes) {
  struct Case {
    const char* content_type;
    bool supported;
  };
  const std::vector<Case> cases = {
      {"image/jpeg", true},  {"image/png", true},   {"image/webp", true},
      {"image/JPEG", false}, {"IMAGE/PNG", false},  {"image/jpg", false},
      {"image/gif", false},  {"image/bmp", false},  {"image/svg+xml", false},
      {"image/tiff", false}, {"", false},           {"image/", false},
      {"image/pngx", false}, {" image/png", false}, {"application/octet-stream", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.content_type);
    EXPECT_EQ(isSupportedImageType(c.content_type), c.supported);
  }
}

}  // namespace
