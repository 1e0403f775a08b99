// renderBatchTimeline: an SVG picture of a batch run, one lane per account slot, so that a user
// sees at a glance whether the slots were kept busy.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "useapi/luma/batch.hpp"

namespace useapi::luma {
namespace {

// Layout, in SVG user units.
constexpr double kLabelWidth = 260;
constexpr double kPlotWidth = 900;
constexpr double kRightMargin = 30;
constexpr double kTopMargin = 56;
constexpr double kLaneHeight = 16;
constexpr double kBarHeight = 12;
constexpr double kTailHeight = 4;
constexpr double kAccountGap = 8;
constexpr double kAxisHeight = 34;
constexpr double kLegendHeight = 30;

// One job drawn: where it sits and how it looks.
struct Bar {
  const BatchItemResult* item = nullptr;
  std::int64_t start = 0;            // submission
  std::int64_t end = 0;              // the job's end (or the end of the picture, still running)
  std::optional<std::int64_t> tail;  // the last file on disk, after `end`
  std::size_t lane = 0;              // within its account
};

struct AccountLanes {
  std::string email;
  std::vector<Bar> bars;
  std::size_t lanes = 0;
};

struct Palette {
  const char* name;
  const char* bar;
  const char* tail;
};

// Colours by outcome; the download tail is a lighter shade of the bar's.
Palette paletteOf(BatchItemState state) {
  switch (state) {
    case BatchItemState::Completed:
      return {"completed", "#2e9d4f", "#a8dcb5"};
    case BatchItemState::Failed:
      return {"failed", "#d33c3c", "#f0aaaa"};
    case BatchItemState::Rejected:
      return {"rejected", "#e08a1e", "#f4cf9f"};
    case BatchItemState::Uncertain:
      return {"uncertain", "#8a4fbf", "#d3b8ea"};
    default:
      return {"running", "#3a78c9", "#a9c6ec"};
  }
}

// One Unicode scalar decoded from `text` at `at` (advanced past it); nullopt for a byte that
// does not start a valid UTF-8 sequence (then `at` moves one byte).
std::optional<char32_t> decodeUtf8(const std::string& text, std::size_t& at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    ++at;
    return lead;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
  } else {
    ++at;
    return std::nullopt;
  }
  if (at + length > text.size()) {
    ++at;
    return std::nullopt;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) {
      ++at;
      return std::nullopt;
    }
    value = (value << 6) | (byte(at + i) & 0x3F);
  }
  const bool overlong = (length == 3 && value < 0x800) || (length == 4 && value < 0x10000);
  if (overlong || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    ++at;
    return std::nullopt;
  }
  at += length;
  return value;
}

// `text` as XML character data or an attribute value: markup characters escaped, characters
// XML 1.0 does not allow (controls, invalid UTF-8, U+FFFE/U+FFFF) replaced by U+FFFD.
std::string escapeXml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t begin = at;
    const std::optional<char32_t> scalar = decodeUtf8(text, at);
    const bool allowed = scalar && (*scalar >= 0x20 || *scalar == '\t' || *scalar == '\n') &&
                         *scalar != 0xFFFE && *scalar != 0xFFFF;
    if (!allowed) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    switch (*scalar) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        out.append(text, begin, at - begin);
    }
  }
  return out;
}

// `text` cut to what fits left of the slot labels, ending in an ellipsis when cut (never inside
// a UTF-8 sequence).
std::string shortened(const std::string& text) {
  constexpr std::size_t kMaxLabelBytes = 34;
  if (text.size() <= kMaxLabelBytes) return text;
  std::size_t end = kMaxLabelBytes - 1;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "\xE2\x80\xA6";
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string seconds(std::int64_t ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buffer;
}

// A tick step of 1, 2 or 5 times a power of ten seconds giving at most about 10 ticks.
double tickStepSeconds(double span_seconds) {
  double step = 1;
  while (span_seconds / step > 10) {
    if (span_seconds / (step * 2) <= 10) return step * 2;
    if (span_seconds / (step * 5) <= 10) return step * 5;
    step *= 10;
  }
  return step;
}

// The jobs of every account, each put in the first lane of its account that is free at its
// submission (greedy by submission time): as many lanes as the slots the account had busy at once.
std::vector<AccountLanes> assignLanes(const BatchReport& report, std::int64_t picture_end) {
  std::map<std::string, AccountLanes> accounts;
  for (const BatchItemResult& item : report.items) {
    if (!item.submitted_ms) continue;
    Bar bar;
    bar.item = &item;
    bar.start = *item.submitted_ms;
    bar.end = std::max(bar.start, item.finished_ms.value_or(picture_end));
    if (item.finished_ms && item.saved_ms && *item.saved_ms > bar.end) bar.tail = *item.saved_ms;
    AccountLanes& account = accounts[item.account];
    account.email = item.account;
    account.bars.push_back(bar);
  }
  std::vector<AccountLanes> ordered;
  for (auto& [email, account] : accounts) {
    std::stable_sort(account.bars.begin(), account.bars.end(),
                     [](const Bar& a, const Bar& b) { return a.start < b.start; });
    std::vector<std::int64_t> lane_free_at;  // when each lane's last job ended
    for (Bar& bar : account.bars) {
      std::size_t lane = 0;
      while (lane < lane_free_at.size() && lane_free_at[lane] > bar.start) ++lane;
      if (lane == lane_free_at.size()) lane_free_at.push_back(bar.end);
      lane_free_at[lane] = bar.end;
      bar.lane = lane;
    }
    account.lanes = lane_free_at.size();
    ordered.push_back(std::move(account));
  }
  return ordered;
}

class SvgWriter {
 public:
  SvgWriter(std::int64_t origin, std::int64_t span) : origin_(origin), span_(span) {}

  double x(std::int64_t ms) const {
    return kLabelWidth +
           kPlotWidth * static_cast<double>(ms - origin_) / static_cast<double>(span_);
  }

  void rect(const std::string& cls, double x, double y, double width, double height,
            const char* fill, const std::string& title = {}) {
    out_ += "<rect class=\"" + cls + "\" x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" +
            number(std::max(width, 1.0)) + "\" height=\"" + number(height) + "\" fill=\"" + fill +
            "\"";
    if (title.empty()) {
      out_ += "/>\n";
    } else {
      out_ += "><title>" + escapeXml(title) + "</title></rect>\n";
    }
  }

  void text(const std::string& cls, double x, double y, const std::string& content,
            const char* anchor = "start") {
    out_ += "<text class=\"" + cls + "\" x=\"" + number(x) + "\" y=\"" + number(y) +
            "\" text-anchor=\"" + anchor + "\">" + escapeXml(content) + "</text>\n";
  }

  void line(double x1, double y1, double x2, double y2, const char* stroke) {
    out_ += "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) +
            "\" y2=\"" + number(y2) + "\" stroke=\"" + stroke + "\"/>\n";
  }

  void raw(const std::string& markup) { out_ += markup; }
  std::string take() { return std::move(out_); }

 private:
  std::int64_t origin_;
  std::int64_t span_;
  std::string out_;
};

std::string barTitle(const Bar& bar) {
  const BatchItemResult& item = *bar.item;
  std::string title = item.id + " (" + item.type + "): " + std::string(toString(item.state)) +
                      ", " + seconds(bar.end - bar.start) + " from submission to " +
                      (item.finished_ms ? "its end" : "now");
  if (bar.tail) title += ", saved " + seconds(*bar.tail - bar.end) + " later";
  if (!item.error.empty()) title += "; " + item.error;
  return title;
}

}  // namespace

std::string renderBatchTimeline(const BatchReport& report) {
  std::optional<std::int64_t> first;
  std::int64_t last = 0;
  for (const BatchItemResult& item : report.items) {
    if (!item.submitted_ms) continue;
    first = std::min(first.value_or(*item.submitted_ms), *item.submitted_ms);
    for (const auto& moment : {item.submitted_ms, item.finished_ms, item.saved_ms}) {
      if (moment) last = std::max(last, *moment);
    }
  }
  const std::int64_t origin = first.value_or(0);
  const std::int64_t span = std::max<std::int64_t>(last - origin, 1000);
  const std::vector<AccountLanes> accounts = assignLanes(report, origin + span);

  std::size_t lanes = 0;
  std::size_t jobs = 0;
  double busy_ms = 0;
  for (const AccountLanes& account : accounts) {
    lanes += account.lanes;
    jobs += account.bars.size();
    for (const Bar& bar : account.bars) busy_ms += static_cast<double>(bar.end - bar.start);
  }
  const double plot_height =
      static_cast<double>(lanes) * kLaneHeight + static_cast<double>(accounts.size()) * kAccountGap;
  const double width = kLabelWidth + kPlotWidth + kRightMargin;
  const double height =
      kTopMargin + std::max(plot_height, kLaneHeight) + kAxisHeight + kLegendHeight;

  SvgWriter svg(origin, span);
  svg.raw(R"(<?xml version="1.0" encoding="UTF-8"?>)"
          "\n");
  svg.raw(R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" + number(width) + R"(" height=")" +
          number(height) + R"(" viewBox="0 0 )" + number(width) + " " + number(height) +
          R"(" font-family="sans-serif" font-size="11">)" + "\n");
  svg.rect("background", 0, 0, width, height, "#ffffff");

  std::string heading = "Batch timeline: " + std::to_string(report.items.size()) + " items, " +
                        std::to_string(jobs) + " submitted, " + std::to_string(lanes) +
                        " slots on " + std::to_string(accounts.size()) + " accounts, " +
                        seconds(last - origin);
  if (lanes > 0) {
    const double busy = 100.0 * busy_ms / (static_cast<double>(lanes) * static_cast<double>(span));
    heading += ", slots busy " + number(busy) + "% of the time";
  }
  svg.text("heading", 10, 20, heading);
  if (!report.stopped_by.empty()) svg.text("stopped", 10, 38, "Stopped: " + report.stopped_by);
  if (report.interrupted && report.stopped_by.empty()) {
    svg.text("stopped", 10, 38, "Interrupted before every item ended");
  }
  if (jobs == 0) svg.text("empty", kLabelWidth, kTopMargin + 12, "No job was submitted.");

  double y = kTopMargin;
  for (const AccountLanes& account : accounts) {
    const std::string label = account.email.empty() ? "(account unknown)" : account.email;
    svg.text("account", kLabelWidth - 50, y + kBarHeight, shortened(label), "end");
    for (std::size_t lane = 0; lane < account.lanes; ++lane) {
      const double lane_y = y + static_cast<double>(lane) * kLaneHeight;
      svg.rect("lane", kLabelWidth, lane_y, kPlotWidth, kBarHeight, "#f1f1f1");
      svg.text("slot", kLabelWidth - 6, lane_y + kBarHeight - 2, "slot " + std::to_string(lane + 1),
               "end");
    }
    // Tails first: where a slot is reused at once, the next job's bar covers the tail.
    for (const Bar& bar : account.bars) {
      if (!bar.tail) continue;
      const double lane_y = y + static_cast<double>(bar.lane) * kLaneHeight;
      svg.rect("tail", svg.x(bar.end), lane_y + kBarHeight - kTailHeight,
               svg.x(*bar.tail) - svg.x(bar.end), kTailHeight, paletteOf(bar.item->state).tail);
    }
    for (const Bar& bar : account.bars) {
      const double lane_y = y + static_cast<double>(bar.lane) * kLaneHeight;
      const Palette palette = paletteOf(bar.item->state);
      svg.rect(std::string("job ") + palette.name, svg.x(bar.start), lane_y,
               svg.x(bar.end) - svg.x(bar.start), kBarHeight, palette.bar, barTitle(bar));
    }
    y += static_cast<double>(account.lanes) * kLaneHeight + kAccountGap;
  }

  const double axis_y = kTopMargin + std::max(plot_height, kLaneHeight);
  svg.line(kLabelWidth, axis_y, kLabelWidth + kPlotWidth, axis_y, "#555555");
  const double span_seconds = static_cast<double>(span) / 1000.0;
  const double step = tickStepSeconds(span_seconds);
  for (double tick = 0; tick <= span_seconds + 1e-9; tick += step) {
    const double tick_x = kLabelWidth + kPlotWidth * tick / span_seconds;
    svg.line(tick_x, axis_y, tick_x, axis_y + 5, "#555555");
    char label[32];
    std::snprintf(label, sizeof label, "%g", tick);
    svg.text("tick", tick_x, axis_y + 17, label, "middle");
  }
  svg.text("axis", kLabelWidth + kPlotWidth, axis_y + 30, "seconds since the first submission",
           "end");

  double legend_x = kLabelWidth;
  const double legend_y = axis_y + kAxisHeight + 4;
  for (const BatchItemState state :
       {BatchItemState::Completed, BatchItemState::Failed, BatchItemState::Rejected,
        BatchItemState::Uncertain, BatchItemState::Running}) {
    const Palette palette = paletteOf(state);
    svg.rect("legend", legend_x, legend_y, 12, 12, palette.bar);
    svg.text("legend", legend_x + 16, legend_y + 10, palette.name);
    legend_x += 100;
  }
  svg.rect("legend", legend_x, legend_y + 4, 24, kTailHeight,
           paletteOf(BatchItemState::Completed).tail);
  svg.text("legend", legend_x + 28, legend_y + 10, "download after the job ended");
  svg.raw("</svg>\n");
  return svg.take();
}

}  // namespace useapi::luma
