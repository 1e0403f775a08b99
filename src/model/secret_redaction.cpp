#include "model/secret_redaction.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace useapi::luma::detail {
namespace {

// Every form in which a server or a decoder may echo `secret`.
std::vector<std::string> formsOf(const std::string& secret) {
  static constexpr char kUpper[] = "0123456789ABCDEF";
  static constexpr char kLower[] = "0123456789abcdef";
  std::string upper;
  std::string lower;
  std::string json;
  for (const char c : secret) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~';
    if (unreserved) {
      upper += c;
      lower += c;
    } else {
      upper += {'%', kUpper[byte >> 4], kUpper[byte & 15]};
      lower += {'%', kLower[byte >> 4], kLower[byte & 15]};
    }
    if (c == '"' || c == '\\' || c == '/') json += '\\';
    json += c;
  }
  std::vector<std::string> forms = {secret, upper, lower, json};
  // Longest first, so that a longer form is replaced before a shorter one inside it.
  std::sort(forms.begin(), forms.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  return forms;
}

struct Registry {
  std::shared_mutex mutex;
  std::map<std::string, int> counts;  // secret -> registrations
  std::vector<std::string> forms;     // of every registered secret, rebuilt on each change

  void rebuild() {
    forms.clear();
    for (const auto& [secret, count] : counts) {
      for (auto& form : formsOf(secret)) forms.push_back(std::move(form));
    }
    std::sort(forms.begin(), forms.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }
};

// Never destroyed: an Error may be built during static destruction, after the registry's end.
Registry& registry() {
  static auto* const instance = new Registry();
  return *instance;
}

}  // namespace

SecretRegistration::SecretRegistration(std::string secret) : secret_(std::move(secret)) {
  if (secret_.size() < kShortestRedactedSecret) return;
  Registry& shared = registry();
  std::unique_lock<std::shared_mutex> lock(shared.mutex);
  if (shared.counts[secret_]++ == 0) shared.rebuild();
}

SecretRegistration::~SecretRegistration() {
  if (secret_.size() < kShortestRedactedSecret) return;
  Registry& shared = registry();
  std::unique_lock<std::shared_mutex> lock(shared.mutex);
  const auto it = shared.counts.find(secret_);
  if (it == shared.counts.end() || --it->second > 0) return;
  shared.counts.erase(it);
  try {
    shared.rebuild();
  } catch (...) {  // out of memory: keep the old forms, which redact too much, never too little
  }
}

std::string redactSecrets(std::string text) noexcept {
  try {
    Registry& shared = registry();
    std::shared_lock<std::shared_mutex> lock(shared.mutex);
    for (const auto& form : shared.forms) {
      for (auto at = text.find(form); at != std::string::npos; at = text.find(form, at)) {
        text.replace(at, form.size(), kRedacted);
        at += std::char_traits<char>::length(kRedacted);
      }
    }
    return text;
  } catch (...) {
    return kRedacted;
  }
}

}  // namespace useapi::luma::detail
