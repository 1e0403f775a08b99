#pragma once
// What the batch reads from an item's request: its type, its wire body, the account it is pinned
// to, its model, and the request to send to a chosen account.

#include <optional>
#include <string>

#include "useapi/luma/batch.hpp"

namespace useapi::luma::detail {

/// "image" or "video".
std::string itemType(const BatchItem& item);
/// The item's wire body as POST /images or /videos would send it (canonical JSON), which a
/// rerun compares to know it runs the same batch.
std::string canonicalRequest(const BatchItem& item);
/// The account the item must run on: its `email`, else the account of its asset refs
/// (`u<userid>-email:<email>-image:<uuid>`); nullopt when any account will do.
std::optional<std::string> pinnedAccount(const BatchItem& item);
/// The email inside an assetRef, or nullopt when it has none.
std::optional<std::string> emailOfAssetRef(const std::string& ref);
/// The model's wire string, the server's default when unset ("photon-v2", "ray-v3-flash").
std::string modelOf(const BatchItem& item);
/// The item's request with `email` set to `account`, always sent explicitly.
BatchItem withAccount(const BatchItem& item, const std::string& account);

}  // namespace useapi::luma::detail
