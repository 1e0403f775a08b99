#include "download/media_file_name.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>

namespace useapi::luma::detail {
namespace {

bool isStillImage(std::string_view kind) {
  return kind == "image" || kind == "thumbnail" || kind == "last_frame";
}

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool keptInName(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '@' || c == '+';
}

}  // namespace

std::string mediaFileStem(std::string_view jobid, std::string_view kind) {
  std::string name;
  name.reserve(kMaxIdPartOfName + 32);
  for (const char c : jobid.substr(0, kMaxIdPartOfName)) {
    const bool kept = keptInName(static_cast<unsigned char>(c));
    // A leading '.' would hide the file, a leading '-' would read as a command's option.
    name += kept && !(name.empty() && (c == '.' || c == '-')) ? c : '_';
  }
  if (name.empty()) name = "job";
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint64_t hash = fnv1a(jobid);
  name += '_';
  for (int shift = 60; shift >= 16; shift -= 4) name += kHex[(hash >> shift) & 0xf];
  name += '_';
  name += kind;
  return name;
}

std::string mediaExtension(std::string_view kind, std::string_view head) {
  if (kind == "video") return "mp4";
  if (kind == "video_hdr_exr") return "zip";
  if (!isStillImage(kind)) return "bin";
  if (startsWith(head, "\x89PNG\r\n\x1a\n")) return "png";
  if (startsWith(head, "\xff\xd8\xff")) return "jpg";
  if (head.size() >= 12 && startsWith(head, "RIFF") && head.substr(8, 4) == "WEBP") return "webp";
  return kind == "image" ? "png" : "jpg";
}

std::vector<std::string> possibleMediaExtensions(std::string_view kind) {
  if (isStillImage(kind)) return {"png", "jpg", "webp"};
  return {mediaExtension(kind, {})};
}

std::string fileHead(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(16, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return head;
}

}  // namespace useapi::luma::detail
