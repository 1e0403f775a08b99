#include "local_images.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>

#include "local_files.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {
namespace {

bool endsLikeAnImage(const std::string& value) {
  std::string extension = std::filesystem::path(value).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".png" || extension == ".jpg" || extension == ".jpeg" || extension == ".webp";
}

// The account the uploads go to: --email, else the only one.
std::string uploadAccount(Client& client, const std::optional<std::string>& email) {
  if (email && !email->empty()) return *email;
  const auto accounts = client.listAccounts();
  if (accounts.size() == 1) return accounts.front().email;
  if (accounts.empty()) {
    throw ValidationError(
        {"a local image needs an account to upload it to, and there is none: "
         "add one with `luma account add -`"});
  }
  std::vector<std::string> emails;
  for (const auto& account : accounts) emails.push_back(account.email);
  throw ValidationError(
      {"a local image is uploaded to the account the job runs on, and there are " +
       std::to_string(accounts.size()) + " (" + printableList(emails) +
       "): say which with --email"});
}

std::vector<std::string*> localImagesAmong(const std::vector<std::string*>& inputs) {
  std::vector<std::string*> local;
  for (std::string* input : inputs) {
    if (input != nullptr && isLocalImage(*input)) local.push_back(input);
  }
  return local;
}

// An assetRef as POST /assets answers it ("u<id>-email:<email>-image:<uuid>"), of `email`'s
// account when given; without one it names no account, so it agrees with any.
std::string placeholderRef(const std::optional<std::string>& email) {
  if (email && !email->empty()) return "u0-email:" + *email + "-image:a-local-file";
  return "a-local-file";
}

}  // namespace

void validateBeforeUploads(const std::vector<std::string*>& inputs,
                           const std::optional<std::string>& email,
                           const std::function<std::vector<std::string>()>& validate) {
  const std::vector<std::string*> local = localImagesAmong(inputs);
  if (local.empty()) return;
  std::vector<std::string> files;
  for (std::string* input : local) {
    files.push_back(*input);
    *input = placeholderRef(email);
  }
  std::vector<std::string> problems;
  try {
    problems = validate();
  } catch (...) {
    for (std::size_t i = 0; i < local.size(); ++i) *local[i] = files[i];
    throw;
  }
  for (std::size_t i = 0; i < local.size(); ++i) *local[i] = files[i];
  if (!problems.empty()) throw ValidationError(problems);
}

bool isLocalImage(const std::string& value) {
  std::error_code ignored;
  return std::filesystem::is_regular_file(value, ignored) || endsLikeAnImage(value);
}

void uploadLocalImages(Client& client, std::optional<std::string>& email,
                       const std::vector<std::string*>& inputs) {
  const std::vector<std::string*> local = localImagesAmong(inputs);
  if (local.empty()) return;
  for (const std::string* file : local) checkReadableFile(*file);  // before any request
  const std::string account = uploadAccount(client, email);
  email = account;
  for (std::string* file : local) {
    const Asset uploaded = client.uploadAsset(account, *file);
    std::cerr << "uploaded " << printable(*file) << " to " << printable(account) << " as "
              << printable(uploaded.asset_ref) << '\n';
    *file = uploaded.asset_ref;
  }
}

}  // namespace useapi::luma::cli
