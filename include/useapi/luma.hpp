#pragma once
/// \file
/// The whole public API of the useapi.net Luma client: `#include <useapi/luma.hpp>`.

#include "useapi/luma/accounts.hpp"
#include "useapi/luma/assets.hpp"
#include "useapi/luma/batch.hpp"
#include "useapi/luma/cancel_token.hpp"
#include "useapi/luma/client.hpp"
#include "useapi/luma/compatibility.hpp"
#include "useapi/luma/download_options.hpp"
#include "useapi/luma/errors.hpp"
#include "useapi/luma/job.hpp"
#include "useapi/luma/job_list.hpp"
#include "useapi/luma/options.hpp"
#include "useapi/luma/requests.hpp"
#include "useapi/luma/values.hpp"
#include "useapi/luma/version.hpp"
#include "useapi/luma/webhook.hpp"
