#pragma once
// ClientOptions made whole (environment, checks) and turned into the transport's settings.

#include "transport/curl_transport.hpp"
#include "useapi/luma/options.hpp"

namespace useapi::luma::detail {

/// Fills the token and base URL from the environment, drops the base URL's trailing '/', and
/// checks them. Throws Error for no token, a token or user agent that cannot go on a header
/// line, or a base URL that is not http(s); never echoes the token.
ClientOptions resolved(ClientOptions options);

/// What the transport of a connection with these (resolved) options shares.
TransportSettings transportSettingsOf(const ClientOptions& options);

}  // namespace useapi::luma::detail
