// The public entry points of batches: runBatch (with a client of its own, or the caller's) and
// readBatchState.

#include <filesystem>

#include "batch/batch_run.hpp"
#include "batch/batch_store.hpp"
#include "useapi/luma/batch.hpp"
#include "useapi/luma/client.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {
namespace {

void checkOptions(const BatchOptions& options) {
  if (options.state_file.empty()) throw Error("runBatch: BatchOptions::state_file is required");
  if (options.output_dir.empty()) throw Error("runBatch: BatchOptions::output_dir is required");
  std::error_code error;
  std::filesystem::create_directories(options.output_dir, error);
  if (error) {
    throw Error("runBatch: cannot create the output folder " + options.output_dir.string() + ": " +
                error.message());
  }
  const auto folder = options.state_file.parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, error);
}

void validateOrThrow(const std::vector<BatchItem>& items) {
  auto problems = validateBatch(items);
  if (!problems.empty()) throw ValidationError(std::move(problems));
}

}  // namespace

BatchReport runBatch(const ClientOptions& client_options, const std::vector<BatchItem>& items,
                     const BatchOptions& options) {
  validateOrThrow(items);
  ClientOptions own = client_options;
  own.retry.retry_capacity = false;  // a 429 puts the item back; the scheduler waits for a slot
  Client client(std::move(own));
  return runBatch(client, items, options);
}

BatchReport runBatch(Client& client, const std::vector<BatchItem>& items,
                     const BatchOptions& options) {
  validateOrThrow(items);
  checkOptions(options);
  detail::BatchRun run(client, items, options);
  return run.run();
}

BatchReport readBatchState(const std::filesystem::path& state_file) {
  return detail::readStateFile(state_file);
}

}  // namespace useapi::luma
