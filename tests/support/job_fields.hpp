#pragma once
// Every field of a Job written out on one line, so that two decodings can be compared exactly
// (numbers in hexadecimal, so -0 and 0 differ) and a difference reads plainly. Shared by the
// decoder tests and the decode fuzzer; needs nothing but the public headers.

#include <optional>
#include <sstream>
#include <string>

#include "useapi/luma/job.hpp"

namespace useapi::luma::testing {

inline void writeMedia(std::ostringstream& out, const char* name,
                       const std::optional<Media>& media) {
  out << ' ' << name << '=';
  if (!media) {
    out << "(none)";
    return;
  }
  out << "{url=" << media->url;
  out << " width=" << (media->width ? std::to_string(*media->width) : "(none)");
  out << " height=" << (media->height ? std::to_string(*media->height) : "(none)");
  out << " duration=";
  if (media->duration) {
    out << std::hexfloat << *media->duration << std::defaultfloat;
  } else {
    out << "(none)";
  }
  out << '}';
}

inline std::string optionalText(const std::optional<std::string>& text) {
  return text ? "\"" + *text + "\"" : "(none)";
}

/// Every field of `job` but `raw`, on one line.
inline std::string jobFields(const Job& job) {
  std::ostringstream out;
  out << "jobid=\"" << job.jobid << "\" type=" << static_cast<int>(job.type)
      << " status=" << static_cast<int>(job.status) << " status_text=\"" << job.status_text
      << "\" created=\"" << job.created << "\" updated=" << optionalText(job.updated)
      << " error=" << optionalText(job.error) << " reply_ref=" << optionalText(job.reply_ref);
  writeMedia(out, "image", job.image);
  writeMedia(out, "video", job.video);
  writeMedia(out, "thumbnail", job.thumbnail);
  writeMedia(out, "last_frame", job.last_frame);
  writeMedia(out, "video_hdr_exr", job.video_hdr_exr);
  return out.str();
}

}  // namespace useapi::luma::testing
