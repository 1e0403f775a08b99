#pragma once
// What the mock's routes share: its options, its stores and its webhook dispatcher.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mock/account_store.hpp"
#include "mock/asset_store.hpp"
#include "mock/job_store.hpp"
#include "mock/media_links.hpp"
#include "mock/mock_server.hpp"
#include "mock/webhook_dispatcher.hpp"

namespace useapi::luma::mock {

/// The number of the first token's user (u12345); the n-th token's user is this + n.
inline constexpr int kFirstUserId = 12345;

/// The state behind the routes. The stores and the dispatcher are thread-safe; `origin` is set
/// by start() before any request is served and not changed while serving.
struct MockContext {
  /// The state of a mock with `mock_options`: each token's user has the seeded account.
  explicit MockContext(MockOptions mock_options)
      : options(std::move(mock_options)),
        accounts(usersOf(options), options.email, options.accounts, options.concurrency),
        jobs(options.job_duration, options.id_script, options.job_durations, options.seed),
        media_links(options.media_ttl) {}

  /// The user of an API token; an empty token names the first token's user.
  std::optional<int> userOfToken(const std::string& token) const {
    if (token.empty()) return kFirstUserId;
    for (std::size_t i = 0; i < options.tokens.size(); ++i) {
      if (options.tokens[i] == token) return kFirstUserId + static_cast<int>(i);
    }
    return std::nullopt;
  }

  const MockOptions options;
  AccountStore accounts;
  AssetStore assets;
  JobStore jobs;
  WebhookDispatcher webhooks;  // after the stores: its payloads read them until it stops
  MediaLinks media_links;      ///< Job media URLs as GET /jobs/{jobid} hands them out.
  std::string origin;          ///< e.g. "http://127.0.0.1:40123", where media are served.

 private:
  static std::vector<int> usersOf(const MockOptions& options) {
    std::vector<int> users;
    for (std::size_t i = 0; i < options.tokens.size(); ++i) {
      users.push_back(kFirstUserId + static_cast<int>(i));
    }
    return users;
  }
};

}  // namespace useapi::luma::mock
