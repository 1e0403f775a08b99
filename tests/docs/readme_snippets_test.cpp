// The documentation's C++ is code the build compiles: every ```cpp block of the README and of
// docs/*.md stands verbatim in a file of examples/.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> cppBlocks(const std::string& markdown) {
  const std::string open = "```cpp\n";
  const std::string close = "```";
  std::vector<std::string> blocks;
  for (auto start = markdown.find(open); start != std::string::npos;
       start = markdown.find(open, start)) {
    start += open.size();
    const auto end = markdown.find(close, start);
    if (end == std::string::npos) break;
    blocks.push_back(markdown.substr(start, end - start));
    start = end + close.size();
  }
  return blocks;
}

TEST(Readme, EveryCppBlockIsCompiledExampleCode) {
  const fs::path root = USEAPI_LUMA_SOURCE_DIR;
  std::vector<fs::path> pages = {root / "README.md"};
  for (const auto& entry : fs::directory_iterator(root / "docs")) {
    if (entry.path().extension() == ".md") pages.push_back(entry.path());
  }
  std::vector<std::pair<std::string, std::string>> examples;
  for (const auto& entry : fs::directory_iterator(root / "examples")) {
    if (entry.path().extension() == ".cpp") {
      examples.emplace_back(entry.path().filename().string(), readFile(entry.path()));
    }
  }
  ASSERT_GE(cppBlocks(readFile(root / "README.md")).size(), 3u)
      << "the README shows code for each capability";
  for (const auto& page : pages) {
    for (const auto& block : cppBlocks(readFile(page))) {
      bool found = false;
      for (const auto& [name, text] : examples) {
        found = found || text.find(block) != std::string::npos;
      }
      EXPECT_TRUE(found) << "this block of " << page.filename().string()
                         << " is not in any examples/*.cpp file:\n"
                         << block;
    }
  }
}

TEST(Readme, TheFirstProgramIsFifteenLinesOfExamplesQuickstart) {
  const fs::path root = USEAPI_LUMA_SOURCE_DIR;
  const std::string readme = readFile(root / "README.md");
  const auto section = readme.find("### A first program");
  ASSERT_NE(section, std::string::npos) << "the README shows a first program";
  const std::vector<std::string> blocks = cppBlocks(readme.substr(section));
  ASSERT_FALSE(blocks.empty());
  const std::string& program = blocks.front();
  EXPECT_EQ(std::count(program.begin(), program.end(), '\n'), 15) << program;
  EXPECT_EQ(program, readFile(root / "examples" / "quickstart.cpp"))
      << "the first program is examples/quickstart.cpp, whole";
}

}  // namespace
