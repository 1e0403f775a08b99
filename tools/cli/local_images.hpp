#pragma once
// A local image given where an assetRef goes (--start, --end, --character, --ref) is uploaded
// first, to the account the generation will run on, and its assetRef used instead; an assetRef
// is used as is.

#include <functional>
#include <optional>
#include <string>
#include <useapi/luma.hpp>
#include <vector>

namespace useapi::luma::cli {

/// Whether `value` of an image option is a local file to upload: a regular file exists there.
/// A value that does not exist but ends like an image file (.png, .jpg, .jpeg, .webp) is a local
/// file too (so that it is refused as missing instead of sent as an unknown assetRef).
bool isLocalImage(const std::string& value);

/// Judges the request that `inputs` point into as it will be sent once its local images are
/// uploaded, before any upload is spent on it: meanwhile each local image stands in as a
/// placeholder assetRef (of `email`'s account when given) and `validate` is asked for the
/// problems. Throws ValidationError with every one of them; restores the inputs either way. Does
/// nothing when no input is a local file (the generate call validates the request itself).
void validateBeforeUploads(const std::vector<std::string*>& inputs,
                           const std::optional<std::string>& email,
                           const std::function<std::vector<std::string>()>& validate);

/// Uploads every local image among `inputs` and replaces it by its assetRef. All of them are
/// checked readable first (LocalIoError). They go to `email`, or to the only account, which
/// then becomes `email` (the assets are that account's); several accounts and no `email` is a
/// ValidationError asking for --email. Says each upload on stderr. Nothing happens, and no
/// request is sent, when no input is a local file.
void uploadLocalImages(Client& client, std::optional<std::string>& email,
                       const std::vector<std::string*>& inputs);

}  // namespace useapi::luma::cli
