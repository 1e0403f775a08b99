// The one-pass job record scanner against the full decoder (parseObject + jobFrom): what it reads
// must be field for field what the full decoder reads, and what it declines decodeJob must still
// read (or refuse) exactly as the full decoder does.

#include "codec/job_record_scanner.hpp"

#include <gmock/gmock.h>

#include <optional>
#include <string>

#include "codec/json_reader.hpp"
#include "codec/response_decoder.hpp"
#include "support/decoding.hpp"
#include "support/job_fields.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::testing {
namespace {

const std::string kEndpoint = "GET /jobs/x";

Job fullDecoder(const std::string& body) {
  const nlohmann::json document = detail::parseObject(body, kEndpoint);
  return detail::jobFrom(detail::JsonReader(document, kEndpoint));
}

// The scanner reads `body`, into the same fields as the full decoder.
void expectScanned(const std::string& body) {
  SCOPED_TRACE(body);
  const std::optional<Job> scanned = detail::scanJobRecord(body);
  ASSERT_TRUE(scanned.has_value()) << "the scanner declined it";
  EXPECT_EQ(jobFields(*scanned), jobFields(fullDecoder(body)));
  EXPECT_TRUE(scanned->raw.empty());
}

// The scanner declines `body`; decodeJob then reads it as the full decoder does.
void expectDeclinedButRead(const std::string& body) {
  SCOPED_TRACE(body);
  EXPECT_FALSE(detail::scanJobRecord(body).has_value()) << "the scanner should leave it";
  const Job decoded = detail::decodeJob(body, kEndpoint);
  EXPECT_EQ(jobFields(decoded), jobFields(fullDecoder(body)));
  EXPECT_EQ(decoded.raw, body);
}

// The scanner declines `body`; decodeJob then refuses it with the full decoder's message.
void expectDeclinedAndRefused(const std::string& body, const std::string& message_part) {
  SCOPED_TRACE(body);
  EXPECT_FALSE(detail::scanJobRecord(body).has_value()) << "the scanner should leave it";
  try {
    detail::decodeJob(body, kEndpoint);
    ADD_FAILURE() << "expected TransportError";
  } catch (const TransportError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr(message_part));
  }
}

TEST(JobRecordScanner, ReadsTheSpecsCompletedVideoAsTheFullDecoderDoes) {
  expectScanned(kCompletedVideo);
  const Job job = *detail::scanJobRecord(kCompletedVideo);
  EXPECT_EQ(job.jobid, kVideoJobid);
  EXPECT_EQ(job.status, JobStatus::Completed);
  ASSERT_TRUE(job.video.has_value());
  EXPECT_EQ(job.video->width, 1920);
  EXPECT_EQ(job.video->duration, 5.04);
}

TEST(JobRecordScanner, ReadsEveryUsualShapeAsTheFullDecoderDoes) {
  const std::string cases[] = {
      "{}",
      R"({"jobid":"j1","type":"image","status":"created","created":"2026-01-01T00:00:00Z"})",
      R"({"jobid":null,"type":null,"status":null,"created":null,"updated":null,"error":null,
          "replyRef":null,"response":null})",
      R"({"jobid":"j1","status":"failed","error":"line one\nline \"two\"\ttab \/ \\ \b\f\r"})",
      R"({"jobid":"j1","type":"spaceship","status":"dreaming"})",
      R"({"response":{"video_hdr_exr":"https:\/\/cdn.example.com\/frames.zip"}})",
      R"({"response":{"image":{"url":null,"width":null,"height":null,"duration":null}}})",
      R"({"response":{"video":{"width":1.9e2,"height":-0,"duration":-0.0}}})",
      R"({"response":{"video":{"width":2147483647,"height":-2147483647,"duration":1E-3}}})",
      R"({"response":{"image":{"url":"u","width":7.99,"height":-7.99}},"extra":"ignored"})",
      R"({"response":{"unknown":{"url":5},"image":{"url":"u","extra":[1,{"a":[]}]}}})",
      R"({"credits":{"dm_usage":40,"list":[true,false,null,-1.5e+3,"s",{},[]]},"jobid":"j"})",
      " \t\r\n{ \"jobid\" : \"j\" , \"response\" : { \"image\" : \"u\" } } \n",
      R"({"":"empty key","jobid":"j"})",
      R"({"extra":)" + nestedArrays(63) + R"(,"jobid":"j"})",  // 64 deep: the limit
      // Integers of up to 15 digits are summed by the scanner, longer ones read by from_chars.
      R"({"response":{"video":{"duration":999999999999999,"width":2147483647}}})",
      R"({"response":{"video":{"duration":-999999999999999,"height":-2147483647}}})",
      R"({"response":{"video":{"duration":9007199254740993}}})",
      R"({"response":{"video":{"duration":-1234567890123456789012}}})",
      R"({"credits":{"a":123456789012345,"b":1234567890123456,"c":-0},"jobid":"j"})",
  };
  for (const std::string& body : cases) expectScanned(body);
}

// The scanner runs over text eight bytes at a time: a byte that ends the run must be seen in
// whichever of a word's eight places it falls, and at a string's end however long the string is.
TEST(JobRecordScanner, SeesABytePastPlainTextWhereverItFallsInAWord) {
  for (std::size_t before = 0; before <= 17; ++before) {
    const std::string pad(before, 'a');
    const std::string after = " and some more plain text";
    const auto record = [&](const std::string& middle) {
      std::string text = R"({"jobid":"j","error":")";
      text.append(pad).append(middle).append(after).append(R"(","k":")").append(pad);
      return text.append(R"("})");
    };
    expectScanned(record(""));
    expectScanned(record(R"(\n)"));
    expectScanned(record(R"(\")"));
    expectScanned(record(R"(\\)"));
    expectScanned(record(R"(\/)"));
    expectScanned(record("\x7F"));                         // DEL is plain text in JSON
    expectDeclinedButRead(record("\xC3\xA9"));             // non-ASCII
    expectDeclinedButRead(record(R"(\u00e9)"));            // a \u escape
    expectDeclinedAndRefused(record("\x1F"), "not JSON");  // a control byte
    expectDeclinedAndRefused(record(std::string(1, '\0')), "not JSON");
  }
}

TEST(JobRecordScanner, LeavesUnusualRecordsToTheFullDecoderWhichReadsThem) {
  expectDeclinedButRead(R"({"jobid":"j","error":"échec"})");           // non-ASCII
  expectDeclinedButRead(R"({"jobid":"\u006a1"})");                     // \u escape
  expectDeclinedButRead(R"({"jobid":"a","jobid":"b"})");               // a known field twice
  expectDeclinedButRead(R"({"response":{"image":"a","image":"b"}})");  // twice, nested
  expectDeclinedButRead(R"({"job\/id":"a","jobid":"b"})");             // an escaped key
  expectDeclinedButRead("\xEF\xBB\xBF{\"jobid\":\"j\"}");              // a byte order mark
}

TEST(JobRecordScanner, LeavesWrongRecordsToTheFullDecoderWhichRefusesThem) {
  expectDeclinedAndRefused(R"({"jobid":5})", "jobid as number, expected a string");
  expectDeclinedAndRefused(R"({"response":[]})", "response as array, expected an object");
  expectDeclinedAndRefused(R"({"response":{"video":7}})", "response.video as number");
  expectDeclinedAndRefused(R"({"response":{"video":{"width":"1"}}})",
                           "response.video.width as string, expected a number");
  expectDeclinedAndRefused(R"({"response":{"video":{"width":3e9}}})", "out of range");
  expectDeclinedAndRefused(R"({"extra":)" + nestedArrays(64) + "}", "nested deeper than 64");
  expectDeclinedAndRefused("[1]", "expected an object");
  for (const std::string not_json : {"",
                                     "{",
                                     R"({"jobid":"j",})",
                                     R"({"jobid":"j"} x)",
                                     R"({"a":01})",
                                     R"({"a":1.})",
                                     R"({"a":.5})",
                                     R"({"a":-})",
                                     R"({"a":1e})",
                                     R"({"a":+1})",
                                     R"({"a":tru})",
                                     R"({"a":nul})",
                                     "{\"a\":\"\x01\"}",
                                     R"({"a":"\x"})",
                                     R"({"a" 1})",
                                     R"({a:1})",
                                     R"({"a":[1,]})",
                                     R"({"a":[1 2]})",
                                     R"({"a":"open)",
                                     R"({"width":1e400})"}) {
    expectDeclinedAndRefused(not_json, "not JSON");
  }
}

}  // namespace
}  // namespace useapi::luma::testing
