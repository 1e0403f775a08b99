#pragma once
/// \file
/// Luma accounts configured at useapi.net (GET/POST/DELETE /accounts).

#include <optional>
#include <string>

#include "useapi/luma/export.hpp"

namespace useapi::luma {

/// An account's credit usage, when Luma reports it.
struct USEAPI_LUMA_EXPORT Credits {
  std::optional<double> usage;  ///< Credits used.
  std::optional<double> limit;  ///< Credits available in all.
};

/// A Luma account configured at useapi.net.
struct USEAPI_LUMA_EXPORT Account {
  std::string email;                                ///< Wire: account (or email).
  std::string user_id;                              ///< Luma's user id.
  std::optional<int> concurrency;                   ///< Jobs it may run at once.
  std::optional<int> executing;                     ///< Jobs it runs now.
  std::optional<int> refresh_count;                 ///< Session refreshes so far.
  std::optional<std::string> luma_session_expires;  ///< As sent, e.g. "2026-05-27 00:28:17 UTC".
  std::optional<std::string> updated;               ///< ISO 8601 of the last change.
  std::optional<std::string> refresh_last;          ///< When the session was last refreshed.
  std::optional<std::string> error;                 ///< Why the account is unusable, if it is.
  std::optional<Credits> credits;                   ///< Credit usage, when known.
  std::optional<bool> created;                      ///< Only from addAccount: new or updated.
  std::string raw;                                  ///< The whole JSON object as received.
};

}  // namespace useapi::luma
