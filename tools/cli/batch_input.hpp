#pragma once
// The input of `luma batch`: JSON Lines, one item per line, with the API's wire field names.

#include <cstddef>
#include <istream>
#include <string>
#include <useapi/luma.hpp>
#include <useapi/luma/batch.hpp>
#include <vector>

namespace useapi::luma::cli {

/// The items read from a batch input, or every problem found in it.
struct BatchInput {
  std::vector<BatchItem> items;       ///< In input order; only meaningful when problems is empty.
  std::vector<std::size_t> lines;     ///< The line number (from 1) of each item.
  std::vector<std::string> problems;  ///< "line N (id): ...", in line order.
};

/// Reads JSON Lines from `in`: each non-blank line an object with "type" ("image" or "video"),
/// an optional "id" (default "line-N"), and the request's wire fields (prompt, model, resolution,
/// aspect_ratio, duration, dynamic_range, imageStart, imageEnd, imageCharacter, imageRef1 to
/// imageRef4, email; null is the same as absent). Lines holding only spaces are skipped. Every
/// problem is collected: text that is not a JSON object, an unknown field or one of the other
/// type, a value of the wrong JSON type or not among the allowed ones, an invalid or repeated id,
/// and each problem validate() finds in the request.
BatchInput parseBatchInput(std::istream& in);

}  // namespace useapi::luma::cli
