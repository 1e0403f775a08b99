#pragma once
// A small XML reader for tests: checks that a document is well-formed (balanced tags, quoted
// attributes, only the predefined and numeric entities, nothing after the root) and lists its
// elements with their attributes, so that a test can count what a picture holds.

#include <cctype>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace useapi::luma::testing {

/// One element of a document, in document order.
struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  ///< Values with entities still escaped.
  std::string text;                               ///< Character data directly inside it.
  std::size_t depth = 0;                          ///< 0 for the root.
};

/// The elements of `document`; throws std::runtime_error saying where it is not well-formed.
inline std::vector<XmlElement> parseXml(const std::string& document) {
  std::vector<XmlElement> elements;
  std::vector<std::size_t> open;  // indices into elements
  bool root_closed = false;
  std::size_t at = 0;
  const auto fail = [&](const std::string& why) {
    throw std::runtime_error("not well-formed at offset " + std::to_string(at) + ": " + why);
  };
  const auto isNameChar = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' ||
           c == '.' || (static_cast<unsigned char>(c) >= 0x80);
  };
  const auto checkEntities = [&](const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') fail("a control character");
      if (text[i] == '<') fail("a '<' in text or a value");
      if (text[i] != '&') continue;
      const std::size_t end = text.find(';', i);
      if (end == std::string::npos) fail("an '&' without ';'");
      const std::string entity = text.substr(i + 1, end - i - 1);
      const bool named = entity == "amp" || entity == "lt" || entity == "gt" || entity == "quot" ||
                         entity == "apos";
      const bool numeric = entity.size() > 1 && entity[0] == '#' &&
                           entity.find_first_not_of("0123456789", 1) == std::string::npos;
      if (!named && !numeric) fail("an unknown entity &" + entity + ";");
      i = end;
    }
  };
  const auto skipSpace = [&] {
    while (at < document.size() && std::isspace(static_cast<unsigned char>(document[at])) != 0) {
      ++at;
    }
  };
  const auto readName = [&] {
    const std::size_t begin = at;
    while (at < document.size() && isNameChar(document[at])) ++at;
    if (at == begin) fail("a name was expected");
    return document.substr(begin, at - begin);
  };

  if (document.compare(0, 5, "<?xml") == 0) {
    const std::size_t end = document.find("?>");
    if (end == std::string::npos) fail("an unended declaration");
    at = end + 2;
  }
  while (at < document.size()) {
    if (document[at] != '<') {
      const std::size_t end = document.find('<', at);
      const std::string text =
          document.substr(at, end == std::string::npos ? std::string::npos : end - at);
      checkEntities(text);
      const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
      if (open.empty() && !blank) fail("text outside the root element");
      if (!open.empty()) elements[open.back()].text += text;
      at = end == std::string::npos ? document.size() : end;
      continue;
    }
    if (document.compare(at, 4, "<!--") == 0) {
      const std::size_t end = document.find("-->", at);
      if (end == std::string::npos) fail("an unended comment");
      at = end + 3;
      continue;
    }
    if (document.compare(at, 2, "</") == 0) {
      at += 2;
      const std::string name = readName();
      skipSpace();
      if (at >= document.size() || document[at] != '>') fail("'>' expected");
      ++at;
      if (open.empty() || elements[open.back()].name != name) fail("</" + name + "> unmatched");
      open.pop_back();
      if (open.empty()) root_closed = true;
      continue;
    }
    ++at;
    if (root_closed) fail("a second root element");
    XmlElement element;
    element.name = readName();
    element.depth = open.size();
    for (;;) {
      skipSpace();
      if (at >= document.size()) fail("an unended tag");
      if (document[at] == '>' || document.compare(at, 2, "/>") == 0) break;
      const std::string attribute = readName();
      skipSpace();
      if (at >= document.size() || document[at] != '=') fail("'=' expected after " + attribute);
      ++at;
      skipSpace();
      const char quote = at < document.size() ? document[at] : '\0';
      if (quote != '"' && quote != '\'') fail("a quoted value expected for " + attribute);
      const std::size_t end = document.find(quote, at + 1);
      if (end == std::string::npos) fail("an unended value");
      const std::string value = document.substr(at + 1, end - at - 1);
      checkEntities(value);
      if (!element.attributes.emplace(attribute, value).second) fail("a repeated attribute");
      at = end + 1;
    }
    const bool empty = document[at] == '/';
    at += empty ? 2 : 1;
    elements.push_back(element);
    if (empty) {
      if (open.empty()) root_closed = true;
    } else {
      open.push_back(elements.size() - 1);
    }
  }
  if (!open.empty()) fail("<" + elements[open.back()].name + "> is never closed");
  if (elements.empty()) fail("no root element");
  return elements;
}

}  // namespace useapi::luma::testing
