// POST /assets/{email} and the uploaded images' media URLs.

#include "mock/http_answers.hpp"
#include "mock/routes.hpp"

namespace useapi::luma::mock {

void postAsset(MockContext& mock, int user, const httplib::Request& req, httplib::Response& res) {
  const std::string email = req.matches[1];
  const auto account = mock.accounts.find(user, email);
  if (!account) return answerError(res, 404, "Unable to find configuration for email " + email);
  if (account->error) return answerError(res, 596, kAccountErrorMessage);
  const std::string content_type = req.get_header_value("Content-Type");
  if (const auto problem = uploadProblem(req.body.size(), content_type)) {
    return answerError(res, 400, *problem);
  }
  // The assetRef names the useapi user ("u12345", as job ids do), not Luma's user UUID.
  const MockAsset asset =
      mock.assets.add(user, std::to_string(user), email, req.body, content_type);
  answer(res, 200,
         {{"assetRef", asset.ref},
          {"email", email},
          {"upload",
           {{"id", asset.id},
            {"media",
             {{"url", mock.origin + "/media/assets/" + asset.id + "." + asset.extension}}}}}});
}

void getAssetMedia(MockContext& mock, const httplib::Request& req, httplib::Response& res,
                   std::optional<std::uint64_t> /*cut_after: the wrapper cuts bodies*/) {
  const auto asset = mock.assets.findById(req.matches[1]);
  if (!asset || asset->extension != req.matches[2]) {
    return answerError(res, 404, "Media not found");
  }
  res.set_content(*asset->bytes, asset->content_type);
}

}  // namespace useapi::luma::mock
