// The live board on a terminal keeps to the screen: a summary line plus as many job lines as the
// rows allow, redrawn whole after a resize, each line shortened at a field boundary (no number
// cut).

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "cli/cli_test_fixture.hpp"

namespace useapi::luma::testing {
namespace {

// What the board wrote between two moves of the cursor up: the frame it drew there.
struct Segment {
  std::size_t up = 0;              // lines the cursor moved up before it (0 for the first)
  std::size_t offset = 0;          // where it starts in the output
  std::vector<std::string> lines;  // its lines, escape sequences removed
  std::size_t newlines = 0;
};

// Splits terminal output at each group of cursor-up sequences (ESC [ n A, n defaulting to 1).
std::vector<Segment> segmentsOf(const std::string& out) {
  static const std::regex escape("\x1b\\[([0-9;]*)([A-Za-z])");
  std::vector<Segment> segments(1);
  std::string line;
  bool content = false;
  for (std::size_t i = 0; i < out.size();) {
    std::smatch match;
    if (out[i] == '\x1b' &&
        std::regex_search(out.begin() + static_cast<std::ptrdiff_t>(i), out.end(), match, escape,
                          std::regex_constants::match_continuous)) {
      if (match[2] == "A") {
        const std::size_t lines = match[1].length() == 0 ? 1 : std::stoul(match[1]);
        if (content || segments.size() == 1) {
          if (!line.empty()) segments.back().lines.push_back(line);
          line.clear();
          segments.push_back({});
          segments.back().offset = i;
          content = false;
        }
        segments.back().up += lines;
      }
      i += static_cast<std::size_t>(match.length());
      continue;
    }
    if (out[i] == '\n') {
      segments.back().lines.push_back(line);
      line.clear();
      ++segments.back().newlines;
      content = true;
    } else if (out[i] != '\r') {
      line += out[i];
      content = true;
    }
    ++i;
  }
  if (!line.empty()) segments.back().lines.push_back(line);
  return segments;
}

std::vector<std::string> fieldsOf(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t from = 0;
  while (from <= line.size()) {
    const auto at = line.find("  ", from);
    fields.push_back(line.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) break;
    from = at + 2;
  }
  return fields;
}

class LiveBoardTest : public CliTest {
 protected:
  std::chrono::milliseconds jobDuration() const override { return std::chrono::milliseconds(2500); }

  // Two image batches submitted with --no-wait: 8 image job ids.
  std::vector<std::string> eightImageJobs() {
    std::vector<std::string> ids;
    for (int batch = 0; batch < 2; ++batch) {
      const CliResult result = run({"image", "a red fox", "--no-wait"});
      EXPECT_EQ(result.exit_code, 0) << result.err;
      std::istringstream lines(result.out);
      for (std::string id; std::getline(lines, id);) {
        if (!id.empty()) ids.push_back(id);
      }
    }
    return ids;
  }

  std::unique_ptr<CliProcess> waitOnTerminal(const std::vector<std::string>& ids,
                                             WindowSize window) const {
    std::vector<std::string> args = {"--poll-interval", "50", "job", "wait"};
    args.insert(args.end(), ids.begin(), ids.end());
    args.insert(args.end(), {"--out", folder_.string()});
    return std::make_unique<CliProcess>(LUMA_CLI_PATH, args, environment(), Stdout::Terminal,
                                        window);
  }
};

TEST_F(LiveBoardTest, MoreJobsThanRowsNeverScrollTheBoardOffTheScreen) {
  const auto ids = eightImageJobs();
  ASSERT_EQ(ids.size(), 8u);
  constexpr unsigned short kRows = 6;
  auto process = waitOnTerminal(ids, {kRows, 100});
  const CliResult result = process->finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto segments = segmentsOf(result.out);
  ASSERT_GT(segments.size(), 3u) << "the board was never redrawn:\n" << result.out;
  bool summarised = false;
  for (std::size_t i = 1; i < segments.size(); ++i) {
    EXPECT_LE(segments[i].up, segments[i - 1].newlines)
        << "frame " << i << " moved above the board:\n"
        << result.out;
    if (i + 1 == segments.size()) break;  // the last frame runs on into the closing report
    EXPECT_LE(segments[i].newlines, kRows - 1u) << "frame " << i << " scrolls the screen";
    for (const auto& line : segments[i].lines) {
      summarised = summarised || line.find("and ") != std::string::npos;
    }
  }
  EXPECT_TRUE(summarised) << "no line says how many jobs are not shown:\n" << result.out;
}

TEST_F(LiveBoardTest, AfterAResizeEveryLineFitsTheNewWidthWithNoNumberCut) {
  const auto ids = eightImageJobs();
  ASSERT_EQ(ids.size(), 8u);
  auto process = waitOnTerminal(ids, {12, 200});
  ASSERT_TRUE(process->waitForOutput("\x1b[", std::chrono::seconds(10)));
  process->waitForOutput("never printed", std::chrono::milliseconds(400));  // a few frames
  constexpr unsigned short kColumns = 30;
  constexpr unsigned short kRows = 7;
  process->resizeTerminal({kRows, kColumns});
  const std::size_t resized_at = process->outputSoFar().size();
  const CliResult result = process->finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto segments = segmentsOf(result.out);
  const auto is_id = [&](const std::string& text) {
    return std::find(ids.begin(), ids.end(), text) != ids.end();
  };
  static const std::regex label("#[0-9]+");
  static const std::regex seconds("[0-9]+s");
  std::size_t checked = 0;
  bool seconds_shown = false;
  std::size_t after_resize = 0;
  for (std::size_t i = 1; i + 1 < segments.size(); ++i) {
    EXPECT_LE(segments[i].up, segments[i - 1].newlines) << "frame " << i << " moved above";
    if (segments[i].offset < resized_at || ++after_resize <= 2) continue;  // drawn before it
    ++checked;
    for (const auto& line : segments[i].lines) {
      const auto fields = fieldsOf(line);
      if (fields.size() == 2 && std::regex_match(fields[0], label) && is_id(fields[1])) {
        continue;  // the legend, printed once when whole ids stopped fitting
      }
      EXPECT_LT(line.size(), kColumns) << "too wide for the resized terminal: " << line;
      for (std::size_t f = 0; f < fields.size(); ++f) {
        if (f == 0 && std::regex_match(fields[f], label)) continue;
        EXPECT_TRUE(fields[f].empty() ||
                    !std::isdigit(static_cast<unsigned char>(fields[f].back())))
            << "a number cut mid-way: " << line;
        seconds_shown = seconds_shown || std::regex_match(fields[f], seconds);
      }
    }
  }
  EXPECT_GE(checked, 2u) << "too few frames after the resize:\n" << result.out;
  EXPECT_TRUE(seconds_shown) << "the elapsed seconds never appear whole:\n" << result.out;
}

// `luma batch` too: after a resize its summary and running lines fit the new width, each cut only
// between whole fields (an item's id, its account, its seconds).
TEST_F(LiveBoardTest, BatchBoardFollowsAResizeWithWholeFields) {
  const std::filesystem::path input = folder_ / "batch.jsonl";
  {
    std::ofstream lines(input, std::ios::binary);
    for (char letter = 'a'; letter < 'i'; ++letter) {
      lines << R"({"type":"video","id":"a-rather-long-item-name-)" << letter
            << R"(","prompt":"waves"})" << '\n';
    }
  }
  const std::filesystem::path out = folder_ / "out";
  auto process =
      std::make_unique<CliProcess>(LUMA_CLI_PATH,
                                   std::vector<std::string>{"--poll-interval", "50", "batch",
                                                            input.string(), "--out", out.string()},
                                   environment(), Stdout::Terminal, WindowSize{12, 200});
  ASSERT_TRUE(process->waitForOutput("running", std::chrono::seconds(10)));
  process->waitForOutput("never printed", std::chrono::milliseconds(1200));  // running lines
  constexpr unsigned short kColumns = 36;
  process->resizeTerminal({8, kColumns});
  const std::size_t resized_at = process->outputSoFar().size();
  const CliResult result = process->finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto segments = segmentsOf(result.out);
  std::size_t checked = 0;
  std::size_t after_resize = 0;
  for (std::size_t i = 1; i + 1 < segments.size(); ++i) {
    if (segments[i].offset < resized_at || ++after_resize <= 1) continue;
    for (const auto& line : segments[i].lines) {
      if (line.find(out.string()) != std::string::npos) continue;  // a result: stays whole
      ++checked;
      EXPECT_LT(line.size(), kColumns) << "too wide for the resized terminal: " << line;
      for (const auto& field : fieldsOf(line)) {
        EXPECT_TRUE(field.empty() || !std::isdigit(static_cast<unsigned char>(field.back())))
            << "a number cut mid-way: " << line;
      }
    }
  }
  EXPECT_GE(checked, 1u) << "no board line after the resize:\n" << result.out;
}

}  // namespace
}  // namespace useapi::luma::testing
