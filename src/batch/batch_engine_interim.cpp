// INTERIM, deleted when the batch engine (batchcore branch) is merged: runBatch and
// readBatchState only so that the library and the luma CLI link on the batchcli branch.

#include "useapi/luma/batch.hpp"
#include "useapi/luma/errors.hpp"

namespace useapi::luma {

BatchReport runBatch(const ClientOptions&, const std::vector<BatchItem>&, const BatchOptions&) {
  throw Error("not yet");
}

BatchReport runBatch(Client&, const std::vector<BatchItem>&, const BatchOptions&) {
  throw Error("not yet");
}

BatchReport readBatchState(const std::filesystem::path&) { throw Error("not yet"); }

}  // namespace useapi::luma
