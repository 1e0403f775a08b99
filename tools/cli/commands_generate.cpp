// luma image PROMPT ... and luma video PROMPT ...: submit, wait, save.

#include <iostream>
#include <memory>
#include <stdexcept>

#include "commands.hpp"
#include "enum_option.hpp"
#include "exit_codes.hpp"
#include "local_files.hpp"
#include "local_images.hpp"
#include "output.hpp"
#include "secret_input.hpp"
#include "submission.hpp"
#include "terminal_text.hpp"
#include "wait_and_save.hpp"
#include "webhook_flags.hpp"

namespace useapi::luma::cli {
namespace {

// The options image and video share beyond the request.
struct Delivery {
  bool no_wait = false;
  std::string out = ".";
  std::string prompt_file;  // --prompt-file: the prompt is read from it
};

// The prompt as an argument, or --prompt-file FILE (one of the two). Returns the check, for the
// command's callback, that one was given.
std::function<void()> addPromptOptions(CLI::App& command, std::string& prompt, Delivery& delivery,
                                       const std::string& help) {
  CLI::Option* text = command.add_option("prompt", prompt, help + " (- reads it from stdin)");
  CLI::Option* file = command.add_option("--prompt-file", delivery.prompt_file,
                                         "Read the prompt from FILE (- for stdin)");
  text->excludes(file);
  return [text, file] {
    if (text->count() == 0 && file->count() == 0) {
      throw CLI::RequiredError("a prompt or --prompt-file");
    }
  };
}

void addDeliveryOptions(CLI::App& command, Delivery& delivery) {
  command.add_flag("--no-wait", delivery.no_wait, "Print the job ids and return without waiting");
  command.add_option("--out", delivery.out, "Folder to save the results in")->capture_default_str();
}

// Everything local that can fail is checked before a paid request goes out: the prompt file is
// read, --out is a folder where files can be created (made if missing).
void checkBeforeSending(const Delivery& delivery, std::string& prompt) {
  if (delivery.prompt_file == "-" || (delivery.prompt_file.empty() && prompt == "-")) {
    try {
      prompt = readAllTrimmed(std::cin, "the prompt");
    } catch (const std::invalid_argument& empty) {
      throw ValidationError({empty.what()});
    }
  } else if (!delivery.prompt_file.empty()) {
    prompt = readTextFile(delivery.prompt_file);
  }
  if (!delivery.no_wait) checkWritableFolder(delivery.out, "--out");
}

// The batch's own id is not what to wait on (GET of it is undocumented): say which ids are, once
// at submission, since the CLI remembers nothing across runs.
void printBatch(std::ostream& out, const ImageBatch& batch, const std::string& ids_where) {
  out << "image batch " << printable(batch.jobid) << ": its " << batch.jobids.size()
      << " image jobs are " << ids_where << "; to wait for them again: luma job wait "
      << printableList(batch.jobids) << '\n';
}

// Prints the submitted ids (one per line, or JSON) for --no-wait.
int printSubmitted(const Session& session, const std::vector<std::string>& jobids,
                   const std::optional<std::string>& batch) {
  if (session.options.json) {
    nlohmann::json document = {{"jobs", nlohmann::json::array()}};
    if (batch) document["batch"] = *batch;
    for (const auto& jobid : jobids) {
      document["jobs"].push_back({{"jobid", jobid}, {"status", "submitted"}});
    }
    printJson(document);
  } else {
    for (const auto& jobid : jobids) std::cout << printable(jobid) << '\n';
  }
  return ExitSuccess;
}

void addImageCommand(CLI::App& app, Action& action) {
  auto request = std::make_shared<ImageRequest>();
  auto delivery = std::make_shared<Delivery>();
  CLI::App* command = app.add_subcommand("image", "Generate a batch of 4 images and save them");
  const auto require_prompt =
      addPromptOptions(*command, request->prompt, *delivery, "What to picture");
  addEnumOption(*command, "--model", request->model, {ImageModel::PhotonV2, ImageModel::ImageV2},
                "Model");
  addEnumOption(*command, "--resolution", request->resolution,
                {Resolution::P720, Resolution::P1080}, "Resolution");
  addEnumOption(*command, "--aspect-ratio", request->aspect_ratio,
                {AspectRatio::R9x16, AspectRatio::R3x4, AspectRatio::R1x1, AspectRatio::R4x3,
                 AspectRatio::R16x9, AspectRatio::R21x9},
                "Aspect ratio");
  command->add_option("--ref", request->image_refs,
                      "Reference image: an assetRef, or a local file uploaded first (up to 4)");
  command->add_option_function<std::string>(
      "--email", [request](const std::string& email) { request->email = email; },
      "The account to use");
  addDeliveryOptions(*command, *delivery);
  auto webhook = std::make_shared<WebhookFlags>();
  addWebhookOptions(*command, *webhook);
  command->callback([&action, request, delivery, require_prompt, webhook] {
    require_prompt();
    action = [request, delivery, webhook](Session& session) {
      checkBeforeSending(*delivery, request->prompt);
      const auto receiver = startWebhookReceiver(session.client, *webhook);
      std::vector<std::string*> images;
      for (auto& ref : request->image_refs) images.push_back(&ref);
      validateBeforeUploads(images, request->email, [&] { return validate(*request); });
      uploadLocalImages(session.client, request->email, images);
      const ImageBatch batch =
          submitOnce(delivery->out, [&] { return session.client.generateImages(*request); });
      if (delivery->no_wait) {
        if (!session.options.json) printBatch(std::cerr, batch, "the ids above");
        return printSubmitted(session, batch.jobids, batch.jobid);
      }
      if (!session.options.json) printBatch(std::cout, batch, "below");
      SaveOptions save;
      save.folder = delivery->out;
      save.batch = batch.jobid;
      return waitAndSave(session, batch.jobids, save);
    };
  });
}

void addVideoCommand(CLI::App& app, Action& action) {
  auto request = std::make_shared<VideoRequest>();
  auto delivery = std::make_shared<Delivery>();
  CLI::App* command = app.add_subcommand("video", "Generate a video and save it");
  const auto require_prompt =
      addPromptOptions(*command, request->prompt, *delivery, "What to film");
  addEnumOption(*command, "--model", request->model,
                {VideoModel::RayV3Flash, VideoModel::RayV3, VideoModel::RayV3Reasoning}, "Model");
  addEnumOption(*command, "--resolution", request->resolution,
                {Resolution::Draft, Resolution::P540, Resolution::P720, Resolution::P1080},
                "Resolution");
  addEnumOption(*command, "--aspect-ratio", request->aspect_ratio,
                {AspectRatio::R9x16, AspectRatio::R3x4, AspectRatio::R1x1, AspectRatio::R4x3,
                 AspectRatio::R16x9, AspectRatio::R21x9},
                "Aspect ratio");
  addEnumOption(*command, "--duration", request->duration, {Duration::S5, Duration::S10},
                "Duration");
  addEnumOption(*command, "--dynamic-range", request->dynamic_range,
                {DynamicRange::Sdr, DynamicRange::Hdr, DynamicRange::HdrExr}, "Dynamic range");
  const auto text = [command](const char* name, std::optional<std::string>& slot,
                              const char* help) {
    std::optional<std::string>* target = &slot;
    command->add_option_function<std::string>(
        name, [target](const std::string& value) { *target = value; }, help);
  };
  text("--start", request->image_start,
       "Start keyframe: an assetRef, or a local file uploaded first");
  text("--end", request->image_end, "End keyframe: an assetRef, or a local file uploaded first");
  text("--character", request->image_character,
       "Character: an assetRef, or a local file uploaded first");
  text("--email", request->email, "The account to use");
  addDeliveryOptions(*command, *delivery);
  auto webhook = std::make_shared<WebhookFlags>();
  addWebhookOptions(*command, *webhook);
  command->callback([&action, request, delivery, require_prompt, webhook] {
    require_prompt();
    action = [request, delivery, webhook](Session& session) {
      checkBeforeSending(*delivery, request->prompt);
      const auto receiver = startWebhookReceiver(session.client, *webhook);
      std::vector<std::string*> images;
      for (auto* slot : {&request->image_start, &request->image_end, &request->image_character}) {
        if (*slot) images.push_back(&**slot);
      }
      validateBeforeUploads(images, request->email, [&] { return validate(*request); });
      uploadLocalImages(session.client, request->email, images);
      const Job job =
          submitOnce(delivery->out, [&] { return session.client.generateVideo(*request); });
      if (delivery->no_wait) return printSubmitted(session, {job.jobid}, std::nullopt);
      SaveOptions save;
      save.folder = delivery->out;
      return waitAndSave(session, {job.jobid}, save);
    };
  });
}

}  // namespace

void addGenerateCommands(CLI::App& app, Action& action) {
  addImageCommand(app, action);
  addVideoCommand(app, action);
}

}  // namespace useapi::luma::cli
