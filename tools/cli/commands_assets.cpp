// luma asset upload EMAIL FILE.

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "local_files.hpp"
#include "output.hpp"
#include "terminal_text.hpp"

namespace useapi::luma::cli {

void addAssetCommands(CLI::App& app, Action& action) {
  CLI::App* asset = app.add_subcommand("asset", "Upload reference images");
  asset->require_subcommand(1);
  struct UploadArgs {
    std::string email;
    std::string file;
  };
  auto args = std::make_shared<UploadArgs>();
  CLI::App* upload = asset->add_subcommand("upload", "Upload a JPEG, PNG or WebP image");
  upload->add_option("email", args->email, "The account it is for")->required();
  upload->add_option("file", args->file, "The image file")->required();
  upload->callback([&action, args] {
    action = [args](Session& session) {
      checkReadableFile(args->file);  // a local problem, told as one, before anything is sent
      const Asset uploaded = session.client.uploadAsset(args->email, args->file);
      if (session.options.json) {
        nlohmann::json record = parsedRaw(uploaded.raw);
        printJson({{"assetRef", uploaded.asset_ref},
                   {"email", uploaded.email},
                   {"url", uploaded.url},
                   {"record", record}});
      } else {
        std::cout << printable(uploaded.asset_ref) << '\n';
      }
      return ExitSuccess;
    };
  });
}

}  // namespace useapi::luma::cli
