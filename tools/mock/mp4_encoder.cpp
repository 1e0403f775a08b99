// MP4 synthesis for the Luma mock: renders a short seeded animation (mp4_scene), codes it as
// H.264 Baseline video (h264_writer) and stores it in an ISO BMFF (MP4) file, written here.
// Every frame is an IDR picture whose macroblocks are all I_PCM (raw samples), so no real
// compression is needed and only the standard library is used.
#include "mock/h264_writer.hpp"
#include "mock/media_synthesis.hpp"
#include "mock/mp4_scene.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace useapi::luma::mock {
namespace {

using mp4::kMacroblockSize;
using mp4::kPcmBytesPerMacroblock;

constexpr int kMaxVideoDimension = 4096;
constexpr int kMaxMacroblocksPerFrame = 36864;  // MaxFS of level 5.2, the largest level we signal
constexpr int kMaxFrames = 10000;
constexpr int kMaxFps = 240;
constexpr std::size_t kMaxVideoPayloadBytes = std::size_t{256} << 20;
constexpr std::uint32_t kMovieTimescale = 1000;  // mvhd/tkhd durations in milliseconds
constexpr std::uint32_t kTicksPerFrame = 1000;   // media timescale is fps * kTicksPerFrame

// Big-endian byte builder for box payloads.
class Bytes {
 public:
  Bytes& u8(std::uint32_t value) { return put(value, 1); }
  Bytes& u16(std::uint32_t value) { return put(value, 2); }
  Bytes& u32(std::uint32_t value) { return put(value, 4); }
  Bytes& zeros(std::size_t count) {
    data_.append(count, '\0');
    return *this;
  }
  Bytes& raw(const std::string& bytes) {
    data_ += bytes;
    return *this;
  }
  const std::string& str() const { return data_; }

 private:
  Bytes& put(std::uint32_t value, int byteCount) {
    for (int i = byteCount - 1; i >= 0; --i) {
      data_.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
    }
    return *this;
  }

  std::string data_;
};

// Everything the moov box describes about the single video track.
struct Track {
  int width;
  int height;
  int frames;
  int fps;
  std::string sps;  // NAL unit including its header byte
  std::string pps;  // NAL unit including its header byte
  std::vector<std::uint32_t> sample_sizes;
  std::uint32_t chunk_offset;  // file offset of the first sample (inside mdat)
};

// A plain box: 32-bit size, four-character type, payload.
std::string box(const char* type, const std::string& payload) {
  return Bytes()
      .u32(static_cast<std::uint32_t>(8 + payload.size()))
      .raw(std::string(type, 4))
      .raw(payload)
      .str();
}

// A full box: the payload is preceded by an 8-bit version and 24-bit flags.
std::string fullBox(const char* type, std::uint32_t version, std::uint32_t flags,
                    const std::string& payload) {
  return box(type, Bytes().u32((version << 24) | (flags & 0xFFFFFF)).raw(payload).str());
}

// The identity transformation matrix used by mvhd and tkhd.
std::string unityMatrix() {
  return Bytes()
      .u32(0x00010000)
      .u32(0)
      .u32(0)
      .u32(0)
      .u32(0x00010000)
      .u32(0)
      .u32(0)
      .u32(0)
      .u32(0x40000000)
      .str();
}

// Track duration in the movie timescale (milliseconds), rounded.
std::uint32_t movieDuration(const Track& track) {
  const std::uint64_t millis =
      (static_cast<std::uint64_t>(track.frames) * kMovieTimescale + track.fps / 2) / track.fps;
  return static_cast<std::uint32_t>(millis);
}

// ftyp: ISO base media brand, compatible with AVC players.
std::string fileTypeBox() {
  return box("ftyp",
             Bytes().raw("isom").u32(0x200).raw("isom").raw("iso2").raw("avc1").raw("mp41").str());
}

// mvhd: movie timescale and duration, normal rate and volume, next track id 2.
std::string movieHeaderBox(const Track& track) {
  return fullBox("mvhd", 0, 0,
                 Bytes()
                     .u32(0)
                     .u32(0)
                     .u32(kMovieTimescale)
                     .u32(movieDuration(track))
                     .u32(0x00010000)
                     .u16(0x0100)
                     .zeros(10)
                     .raw(unityMatrix())
                     .zeros(24)
                     .u32(2)
                     .str());
}

// tkhd: enabled track 1 with its presentation size in 16.16 fixed point.
std::string trackHeaderBox(const Track& track) {
  return fullBox("tkhd", 0, 0x000003,
                 Bytes()
                     .u32(0)
                     .u32(0)
                     .u32(1)
                     .u32(0)
                     .u32(movieDuration(track))
                     .zeros(8)
                     .u16(0)
                     .u16(0)
                     .u16(0)
                     .u16(0)
                     .raw(unityMatrix())
                     .u32(static_cast<std::uint32_t>(track.width) << 16)
                     .u32(static_cast<std::uint32_t>(track.height) << 16)
                     .str());
}

// mdhd: media timescale (fps * kTicksPerFrame), duration, language "und".
std::string mediaHeaderBox(const Track& track) {
  const auto timescale = static_cast<std::uint32_t>(track.fps) * kTicksPerFrame;
  const auto duration = static_cast<std::uint32_t>(track.frames) * kTicksPerFrame;
  return fullBox("mdhd", 0, 0,
                 Bytes().u32(0).u32(0).u32(timescale).u32(duration).u16(0x55C4).u16(0).str());
}

// hdlr: declares the track as video.
std::string handlerBox() {
  return fullBox("hdlr", 0, 0,
                 Bytes().u32(0).raw("vide").zeros(12).raw("VideoHandler").zeros(1).str());
}

// vmhd: video media header (copy graphics mode).
std::string videoMediaHeaderBox() { return fullBox("vmhd", 0, 1, Bytes().u16(0).zeros(6).str()); }

// dinf/dref: one self-contained 'url ' entry (media is in this file).
std::string dataInformationBox() {
  return box("dinf", fullBox("dref", 0, 0, Bytes().u32(1).raw(fullBox("url ", 0, 1, "")).str()));
}

// avcC: decoder configuration with 4-byte NAL lengths, one SPS and one PPS.
std::string avcConfigurationBox(const Track& track) {
  return box("avcC", Bytes()
                         .u8(1)
                         .raw(track.sps.substr(1, 3))  // profile, constraint flags, level
                         .u8(0xFC | 3)
                         .u8(0xE0 | 1)
                         .u16(static_cast<std::uint32_t>(track.sps.size()))
                         .raw(track.sps)
                         .u8(1)
                         .u16(static_cast<std::uint32_t>(track.pps.size()))
                         .raw(track.pps)
                         .str());
}

// avc1: visual sample entry (size, 72 dpi, 24-bit depth) carrying avcC.
std::string avcSampleEntry(const Track& track) {
  std::string compressor = "luma-mock I_PCM";
  compressor.insert(compressor.begin(), static_cast<char>(compressor.size()));
  compressor.resize(32, '\0');
  return box("avc1", Bytes()
                         .zeros(6)
                         .u16(1)
                         .u16(0)
                         .u16(0)
                         .zeros(12)
                         .u16(static_cast<std::uint32_t>(track.width))
                         .u16(static_cast<std::uint32_t>(track.height))
                         .u32(0x00480000)
                         .u32(0x00480000)
                         .u32(0)
                         .u16(1)
                         .raw(compressor)
                         .u16(0x0018)
                         .u16(0xFFFF)
                         .raw(avcConfigurationBox(track))
                         .str());
}

// stsd: the single sample description.
std::string sampleDescriptionBox(const Track& track) {
  return fullBox("stsd", 0, 0, Bytes().u32(1).raw(avcSampleEntry(track)).str());
}

// stts: every sample lasts one frame.
std::string timeToSampleBox(const Track& track) {
  return fullBox(
      "stts", 0, 0,
      Bytes().u32(1).u32(static_cast<std::uint32_t>(track.frames)).u32(kTicksPerFrame).str());
}

// stsc: all samples live in one chunk.
std::string sampleToChunkBox(const Track& track) {
  return fullBox("stsc", 0, 0,
                 Bytes().u32(1).u32(1).u32(static_cast<std::uint32_t>(track.frames)).u32(1).str());
}

// stsz: the size of each sample.
std::string sampleSizeBox(const Track& track) {
  Bytes payload;
  payload.u32(0).u32(static_cast<std::uint32_t>(track.sample_sizes.size()));
  for (const std::uint32_t size : track.sample_sizes) payload.u32(size);
  return fullBox("stsz", 0, 0, payload.str());
}

// stco: file offset of the single chunk.
std::string chunkOffsetBox(const Track& track) {
  return fullBox("stco", 0, 0, Bytes().u32(1).u32(track.chunk_offset).str());
}

// stbl: sample tables. No stss: every sample is an IDR, i.e. a sync sample.
std::string sampleTableBox(const Track& track) {
  return box("stbl", sampleDescriptionBox(track) + timeToSampleBox(track) +
                         sampleToChunkBox(track) + sampleSizeBox(track) + chunkOffsetBox(track));
}

// moov: movie header and the single video track (trak/mdia/minf/stbl).
std::string movieBox(const Track& track) {
  const std::string minf =
      box("minf", videoMediaHeaderBox() + dataInformationBox() + sampleTableBox(track));
  const std::string mdia = box("mdia", mediaHeaderBox(track) + handlerBox() + minf);
  return box("moov", movieHeaderBox(track) + box("trak", trackHeaderBox(track) + mdia));
}

// Renders and encodes every frame as a length-prefixed IDR NAL unit; records sample sizes.
std::string encodeSamples(Track& track, std::uint32_t seed) {
  const mp4::Style style = mp4::styleFor(seed);
  std::string samples;
  for (int i = 0; i < track.frames; ++i) {
    const mp4::YuvFrame frame =
        mp4::renderFrame(style, track.width, track.height, static_cast<double>(i) / track.frames);
    const std::string nal = mp4::idrSlice(frame, i % 2);
    const std::string sample = Bytes().u32(static_cast<std::uint32_t>(nal.size())).raw(nal).str();
    track.sample_sizes.push_back(static_cast<std::uint32_t>(sample.size()));
    samples += sample;
  }
  return samples;
}

// Rejects sizes that are not whole macroblocks, empty or too large clips, bad frame rates.
void validateClip(int width, int height, int frames, int fps) {
  if (width <= 0 || height <= 0 || width % kMacroblockSize != 0 || height % kMacroblockSize != 0) {
    throw std::invalid_argument("makeMp4: width and height must be positive multiples of 16");
  }
  if (width > kMaxVideoDimension || height > kMaxVideoDimension ||
      (width / kMacroblockSize) * (height / kMacroblockSize) > kMaxMacroblocksPerFrame) {
    throw std::invalid_argument("makeMp4: frame size too large");
  }
  if (frames <= 0 || frames > kMaxFrames) {
    throw std::invalid_argument("makeMp4: frames must be in 1..10000");
  }
  if (fps <= 0 || fps > kMaxFps) throw std::invalid_argument("makeMp4: fps must be in 1..240");
  const std::size_t macroblocks =
      static_cast<std::size_t>(width / kMacroblockSize) * (height / kMacroblockSize);
  if (macroblocks * kPcmBytesPerMacroblock * static_cast<std::size_t>(frames) >
      kMaxVideoPayloadBytes) {
    throw std::invalid_argument("makeMp4: clip too large");
  }
}

}  // namespace

std::string makeMp4(int width, int height, int frames, int fps, std::uint32_t seed) {
  validateClip(width, height, frames, fps);
  Track track{width,
              height,
              frames,
              fps,
              mp4::sequenceParameterSet(width, height, fps),
              mp4::pictureParameterSet(),
              {},
              0};
  const std::string samples = encodeSamples(track, seed);
  const std::string fileType = fileTypeBox();
  // stco needs the absolute offset of mdat's payload, which follows ftyp and moov;
  // moov's size does not depend on that offset, so measure it first.
  const std::size_t movieSize = movieBox(track).size();
  track.chunk_offset = static_cast<std::uint32_t>(fileType.size() + movieSize + 8);
  return fileType + movieBox(track) + box("mdat", samples);
}

}  // namespace useapi::luma::mock
