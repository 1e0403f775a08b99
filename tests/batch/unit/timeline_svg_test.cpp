// renderBatchTimeline (batch.hpp): a well-formed SVG with one lane per account slot (lanes taken
// greedily per account from submission and end times), one bar per submitted job from its
// submission to its end coloured by outcome, a lighter tail to the moment its files were saved,
// a time axis in seconds, account labels and a legend; server text escaped.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "batch/unit/xml_checker.hpp"
#include "useapi/luma.hpp"
#include "useapi/luma/batch.hpp"

namespace {

namespace luma = ::useapi::luma;
using luma::testing::parseXml;
using luma::testing::XmlElement;
using ::testing::HasSubstr;

constexpr std::int64_t kStart = 1'760'000'000'000;  // a Unix time in ms

struct JobTimes {
  std::string id;
  std::string account;
  luma::BatchItemState state;
  std::optional<std::int64_t> submitted_s;  // seconds after kStart
  std::optional<std::int64_t> finished_s;
  std::optional<std::int64_t> saved_s;
};

luma::BatchReport reportOf(const std::vector<JobTimes>& jobs) {
  luma::BatchReport report;
  for (const auto& job : jobs) {
    luma::BatchItemResult item;
    item.id = job.id;
    item.type = "video";
    item.account = job.account;
    item.state = job.state;
    const auto at = [](std::optional<std::int64_t> s) -> std::optional<std::int64_t> {
      if (!s) return std::nullopt;
      return kStart + *s * 1000;
    };
    item.submitted_ms = at(job.submitted_s);
    item.finished_ms = at(job.finished_s);
    item.saved_ms = at(job.saved_s);
    report.items.push_back(item);
  }
  return report;
}

bool hasClass(const XmlElement& element, const std::string& name) {
  const auto found = element.attributes.find("class");
  if (found == element.attributes.end()) return false;
  const std::string& classes = " " + found->second + " ";
  return classes.find(" " + name + " ") != std::string::npos;
}

std::size_t countClass(const std::vector<XmlElement>& elements, const std::string& name) {
  return static_cast<std::size_t>(std::count_if(elements.begin(), elements.end(),
                                                [&](const auto& e) { return hasClass(e, name); }));
}

std::vector<std::string> textsOfClass(const std::vector<XmlElement>& elements,
                                      const std::string& name) {
  std::vector<std::string> texts;
  for (const auto& element : elements) {
    if (hasClass(element, name)) texts.push_back(element.text);
  }
  return texts;
}

double attribute(const XmlElement& element, const std::string& name) {
  return std::stod(element.attributes.at(name));
}

using State = luma::BatchItemState;

// Account a: 4 jobs, at most 2 at once (a3 starts exactly when a1 ends: the same slot); account
// b: 1 job; one rejected item never submitted (no bar).
const std::vector<JobTimes> kTwoAccounts = {
    {"a1", "a@example.com", State::Completed, 0, 10, 12},
    {"a2", "a@example.com", State::Completed, 1, 8, 9},
    {"a3", "a@example.com", State::Failed, 10, 15, std::nullopt},
    {"a4", "a@example.com", State::Completed, 9, 20, 21},
    {"b1", "b@example.com", State::Uncertain, 2, 6, std::nullopt},
    {"r1", "", State::Rejected, std::nullopt, std::nullopt, std::nullopt},
};

TEST(BatchTimeline, IsAWellFormedSvgDocument) {
  const std::string svg = luma::renderBatchTimeline(reportOf(kTwoAccounts));
  const auto elements = parseXml(svg);
  EXPECT_EQ(elements.front().name, "svg");
  EXPECT_EQ(elements.front().attributes.at("xmlns"), "http://www.w3.org/2000/svg");
}

TEST(BatchTimeline, HasOneLanePerSlotEachAccountHadBusyAtOnceTakenGreedily) {
  const auto elements = parseXml(luma::renderBatchTimeline(reportOf(kTwoAccounts)));
  // a: a1 [0,10) and a2 [1,8) need two lanes; a4 [9,20) takes a2's lane, a3 [10,15) a1's.
  EXPECT_EQ(countClass(elements, "lane"), 3U);
  EXPECT_THAT(textsOfClass(elements, "account"),
              ::testing::ElementsAre("a@example.com", "b@example.com"));
  EXPECT_THAT(textsOfClass(elements, "slot"), ::testing::ElementsAre("slot 1", "slot 2", "slot 1"));
}

TEST(BatchTimeline, DrawsOneBarPerSubmittedJobColouredByOutcome) {
  const auto elements = parseXml(luma::renderBatchTimeline(reportOf(kTwoAccounts)));
  EXPECT_EQ(countClass(elements, "job"), 5U);        // r1 was never submitted
  EXPECT_EQ(countClass(elements, "completed"), 3U);  // a1, a2, a4
  std::set<std::string> fills_by_outcome[3];
  for (const auto& element : elements) {
    if (!hasClass(element, "job")) continue;
    const std::string fill = element.attributes.at("fill");
    if (hasClass(element, "completed")) fills_by_outcome[0].insert(fill);
    if (hasClass(element, "failed")) fills_by_outcome[1].insert(fill);
    if (hasClass(element, "uncertain")) fills_by_outcome[2].insert(fill);
  }
  for (const auto& fills : fills_by_outcome) EXPECT_EQ(fills.size(), 1U);
  EXPECT_NE(*fills_by_outcome[0].begin(), *fills_by_outcome[1].begin());
  EXPECT_NE(*fills_by_outcome[0].begin(), *fills_by_outcome[2].begin());
  EXPECT_NE(*fills_by_outcome[1].begin(), *fills_by_outcome[2].begin());
}

TEST(BatchTimeline, BarsSpanSubmissionToEndOnOneScaleAndTailsReachTheSave) {
  const auto elements = parseXml(luma::renderBatchTimeline(reportOf(kTwoAccounts)));
  std::vector<const XmlElement*> jobs;
  std::vector<const XmlElement*> tails;
  for (const auto& element : elements) {
    if (hasClass(element, "job")) jobs.push_back(&element);
    if (hasClass(element, "tail")) tails.push_back(&element);
  }
  ASSERT_EQ(jobs.size(), 5U);
  ASSERT_EQ(tails.size(), 3U);  // a1, a2, a4 were saved after they ended
  // In the order drawn (account a by submission: a1, a2, a4, a3; then b1), the bar widths are
  // proportional to the durations 10, 7, 11, 5, 4 seconds.
  const double per_second = attribute(*jobs[0], "width") / 10.0;
  const std::vector<double> seconds = {10, 7, 11, 5, 4};
  const std::vector<double> starts = {0, 1, 9, 10, 2};
  const double origin = attribute(*jobs[0], "x");
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    EXPECT_NEAR(attribute(*jobs[i], "width"), seconds[i] * per_second, 0.2) << i;
    EXPECT_NEAR(attribute(*jobs[i], "x"), origin + starts[i] * per_second, 0.2) << i;
  }
  // a1's tail runs from its end (10 s) to its save (12 s), in a lighter shade than its bar.
  EXPECT_NEAR(attribute(*tails[0], "x"), origin + 10 * per_second, 0.2);
  EXPECT_NEAR(attribute(*tails[0], "width"), 2 * per_second, 0.2);
  EXPECT_NE(tails[0]->attributes.at("fill"), jobs[0]->attributes.at("fill"));
}

TEST(BatchTimeline, HasATimeAxisInSecondsAndALegendOfEveryOutcome) {
  const auto elements = parseXml(luma::renderBatchTimeline(reportOf(kTwoAccounts)));
  const auto ticks = textsOfClass(elements, "tick");
  ASSERT_GE(ticks.size(), 3U);
  EXPECT_EQ(ticks.front(), "0");
  EXPECT_EQ(ticks.back(), "20");  // the run lasted 21 s: ticks every 5 s up to 20
  EXPECT_THAT(textsOfClass(elements, "axis"), ::testing::ElementsAre(HasSubstr("seconds")));
  const auto legend = textsOfClass(elements, "legend");
  for (const char* outcome : {"completed", "failed", "rejected", "uncertain", "running"}) {
    EXPECT_THAT(legend, ::testing::Contains(outcome));
  }
}

TEST(BatchTimeline, IdleSlotsShowAsGapsBetweenBarsOfALane) {
  // One slot used twice with 5 s of nothing between: the same lane, bars not touching.
  const auto elements = parseXml(luma::renderBatchTimeline(
      reportOf({{"x1", "a@example.com", State::Completed, 0, 5, std::nullopt},
                {"x2", "a@example.com", State::Completed, 10, 15, std::nullopt}})));
  EXPECT_EQ(countClass(elements, "lane"), 1U);
  std::vector<const XmlElement*> jobs;
  for (const auto& element : elements) {
    if (hasClass(element, "job")) jobs.push_back(&element);
  }
  ASSERT_EQ(jobs.size(), 2U);
  EXPECT_EQ(jobs[0]->attributes.at("y"), jobs[1]->attributes.at("y"));
  const double gap =
      attribute(*jobs[1], "x") - (attribute(*jobs[0], "x") + attribute(*jobs[0], "width"));
  EXPECT_NEAR(gap, attribute(*jobs[0], "width"), 0.2);
}

TEST(BatchTimeline, AJobStillRunningReachesTheLatestMomentTheReportKnows) {
  const auto elements = parseXml(luma::renderBatchTimeline(
      reportOf({{"done", "a@example.com", State::Completed, 0, 8, std::nullopt},
                {"busy", "a@example.com", State::Running, 2, std::nullopt, std::nullopt}})));
  std::vector<const XmlElement*> jobs;
  for (const auto& element : elements) {
    if (hasClass(element, "job")) jobs.push_back(&element);
  }
  ASSERT_EQ(jobs.size(), 2U);
  EXPECT_TRUE(hasClass(*jobs[1], "running"));
  EXPECT_NEAR(attribute(*jobs[1], "width"), attribute(*jobs[0], "width") * 6.0 / 8.0, 0.2);
}

TEST(BatchTimeline, EscapesHostileIdsAccountsAndErrors) {
  luma::BatchReport report = reportOf(
      {{"a1", "<b>&amp;\"'</b>@x.com", State::Failed, 0, 3, std::nullopt},
       {"a2", std::string("ctl\x01\x1b[2J\xff\xfe@x.com"), State::Completed, 0, 3, std::nullopt}});
  report.items[0].error = "]]></title></svg><script>alert(1)</script>";
  report.stopped_by = "402 <Payment & \"required\">";
  const std::string svg = luma::renderBatchTimeline(report);
  const auto elements = parseXml(svg);  // throws when not well-formed
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find('\x1b'), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
  EXPECT_EQ(svg.find('\xff'), std::string::npos);
  EXPECT_EQ(std::count_if(elements.begin(), elements.end(),
                          [](const auto& e) { return e.name == "script"; }),
            0);
  EXPECT_THAT(textsOfClass(elements, "account"),
              ::testing::Contains("&lt;b&gt;&amp;amp;&quot;&apos;&lt;/b&gt;@x.com"));
}

TEST(BatchTimeline, ALongAccountIsCutShortWithAnEllipsisNeverInsideACharacter) {
  const std::string long_account = std::string(31, 'a') + "\xC3\xA9\xC3\xA9@example.com";
  const auto elements = parseXml(luma::renderBatchTimeline(
      reportOf({{"x1", long_account, State::Completed, 0, 5, std::nullopt}})));
  const auto accounts = textsOfClass(elements, "account");
  ASSERT_EQ(accounts.size(), 1U);
  EXPECT_EQ(accounts[0], std::string(31, 'a') + "\xC3\xA9\xE2\x80\xA6");
}

TEST(BatchTimeline, ABatchWithNothingSubmittedIsStillAPictureSayingSo) {
  const auto elements = parseXml(luma::renderBatchTimeline(
      reportOf({{"q1", "", State::Queued, std::nullopt, std::nullopt, std::nullopt}})));
  EXPECT_EQ(countClass(elements, "job"), 0U);
  EXPECT_EQ(countClass(elements, "lane"), 0U);
  EXPECT_THAT(textsOfClass(elements, "empty"), ::testing::ElementsAre(HasSubstr("No job")));
  EXPECT_NO_THROW(parseXml(luma::renderBatchTimeline(luma::BatchReport{})));
}

TEST(XmlChecker, RefusesDocumentsThatAreNotWellFormed) {
  for (const char* broken : {"<a><b></a></b>", "<a x=1/>", "<a>&nbsp;</a>", "<a>x & y</a>",
                             "<a/><b/>", "<a>", "<a x=\"<\"/>", "text"}) {
    EXPECT_THROW(parseXml(broken), std::runtime_error) << broken;
  }
  EXPECT_NO_THROW(parseXml("<?xml version=\"1.0\"?>\n<a x='1'><b>&amp;&#10;</b><!-- c --></a>\n"));
}

}  // namespace
