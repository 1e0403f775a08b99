#include "connection/status_errors.hpp"

#include "codec/response_decoder.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma::detail {
namespace {

template <class ErrorClass>
std::exception_ptr make(const HttpResponse& response, const std::string& endpoint) {
  return std::make_exception_ptr(
      ErrorClass(response.status, errorMessageOf(response.body), response.body, endpoint));
}

}  // namespace

const char* mayHaveCreatedNote(const std::string& endpoint) noexcept {
  return endpoint.rfind("POST /assets", 0) == 0 ? kMayHaveStoredAsset : kMayHaveCreated;
}

std::exception_ptr apiErrorFor(const HttpResponse& response, const std::string& endpoint) {
  switch (response.status) {
    case 400:
      return make<BadRequestError>(response, endpoint);
    case 401:
      return make<UnauthorizedError>(response, endpoint);
    case 402:
      return make<PaymentRequiredError>(response, endpoint);
    case 403:
      return make<ForbiddenError>(response, endpoint);
    case 404:
      return make<NotFoundError>(response, endpoint);
    case 409:
      return make<ConflictError>(response, endpoint);
    case 422:
      return make<ContentModerationError>(response, endpoint);
    case 429:
      return make<CapacityError>(response, endpoint);
    case 596:
      return make<SessionError>(response, endpoint);
    default:
      break;
  }
  if (response.status >= 500 && response.status <= 599) {
    return make<ServerError>(response, endpoint);
  }
  if (response.status >= 300 && response.status <= 399) {
    ApiError redirect(response.status, errorMessageOf(response.body), response.body, endpoint);
    appendNote(redirect,
               "the API never answers with a redirect, and no API call follows one: check the "
               "base URL (a proxy, an old host or a wrong path)");
    return std::make_exception_ptr(std::move(redirect));
  }
  return make<ApiError>(response, endpoint);
}

std::exception_ptr transportErrorFor(const TransportFailure& failure, const std::string& endpoint,
                                     RequestKind kind) {
  std::string message = endpoint + ": " + failure.message;
  if (kind == RequestKind::CreatesResource && failure.request_sent) {
    message += std::string("; ") + mayHaveCreatedNote(endpoint);
  }
  return std::make_exception_ptr(TransportError(message));
}

bool isPermanentStatus(int status) noexcept {
  return status >= 400 && status <= 499 && status != 408 && status != 429;
}

HttpResponse successOrThrow(HttpOutcome outcome, const std::string& endpoint, RequestKind kind) {
  if (outcome.failure) std::rethrow_exception(transportErrorFor(*outcome.failure, endpoint, kind));
  if (!outcome.response) throw TransportError(endpoint + ": no answer");
  const int status = outcome.response->status;
  if (status < 200 || status > 299) {
    const bool may_have_acted = status >= 500 && status != 596;
    if (kind != RequestKind::CreatesResource || !may_have_acted) {
      std::rethrow_exception(apiErrorFor(*outcome.response, endpoint));
    }
    try {
      std::rethrow_exception(apiErrorFor(*outcome.response, endpoint));
    } catch (Error& error) {
      appendNote(error, mayHaveCreatedNote(endpoint));
      throw;
    }
  }
  return std::move(*outcome.response);
}

}  // namespace useapi::luma::detail
