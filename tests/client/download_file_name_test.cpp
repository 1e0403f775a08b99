// The names downloadMedia gives files: the whole job id made safe plus its hash, never a part of
// the id alone; the extension from the kind and the content.

#include <gmock/gmock.h>

#include <set>
#include <string>
#include <vector>

#include "download/media_file_name.hpp"

namespace useapi::luma::detail {
namespace {

using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(DownloadFileName, IdsThatDifferAnywhereGetDifferentSafeNames) {
  const std::string seed = "j0326140530123456789i-u12345-email:[email protected]:";
  const std::vector<std::string> ids = {
      seed + "b2c3d4e5-f6a7-8901-bcde-f23456789012-bot:luma",
      seed + "c3d4e5f6-a7b8-9012-cdef-345678901234-bot:luma",
      "j1:a",
      "j1_a",
      "j1/a",
      "j1\\a",
      "j1 a",  // differ only in a byte made '_'
      std::string(500, 'j') + "1",
      std::string(500, 'j') + "2",  // differ only past the cut
      "",
      ".",
      "..",
      "-rf",
      "j\xc3\xa9\xff",
  };
  std::set<std::string> stems;
  for (const std::string& id : ids) {
    SCOPED_TRACE(id);
    const std::string stem = mediaFileStem(id, "image");
    stems.insert(stem);
    EXPECT_THAT(stem, EndsWith("_image"));
    EXPECT_THAT(stem, AllOf(Not(StartsWith(".")), Not(StartsWith("-")), Not(HasSubstr("/")),
                            Not(HasSubstr("\\")), Not(HasSubstr(" "))));
    for (const char c : stem) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << stem;
    // With ".webp" and the download's ".<name>.part-<20 digits>", far below 255 bytes.
    EXPECT_LE(stem.size() + 5 + 27, 255u);
  }
  EXPECT_EQ(stems.size(), ids.size()) << "two ids share a name";
  EXPECT_EQ(mediaFileStem(ids[0], "image"), mediaFileStem(ids[0], "image")) << "not stable";
  EXPECT_THAT(mediaFileStem(ids[0], "image"),
              StartsWith("j0326140530123456789i-u12345-email__email_protected__"
                         "b2c3d4e5-f6a7-8901-bcde-f23456789012-bot_luma_"));
}

TEST(DownloadFileName, TheExtensionComesFromTheKindAndTheContent) {
  const std::string png("\x89PNG\r\n\x1a\n....", 12);
  const std::string jpeg = "\xff\xd8\xff\xe0....";
  const std::string webp("RIFF\x10\0\0\0WEBPVP8 ", 16);
  struct Case {
    const char* kind;
    std::string head;
    const char* extension;
  };
  const std::vector<Case> cases = {
      {"image", png, "png"},          {"image", jpeg, "jpg"},         {"image", webp, "webp"},
      {"image", "#!/bin/sh", "png"},  {"image", "RIFF", "png"},       {"image", "", "png"},
      {"thumbnail", png, "png"},      {"thumbnail", "<html>", "jpg"}, {"last_frame", webp, "webp"},
      {"last_frame", "", "jpg"},      {"video", png, "mp4"},          {"video", "#!/bin/sh", "mp4"},
      {"video_hdr_exr", jpeg, "zip"}, {"something_new", png, "bin"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.kind) + " " + c.head);
    EXPECT_EQ(mediaExtension(c.kind, c.head), c.extension);
    EXPECT_THAT(possibleMediaExtensions(c.kind), ::testing::Contains(c.extension));
  }
}

}  // namespace
}  // namespace useapi::luma::detail
