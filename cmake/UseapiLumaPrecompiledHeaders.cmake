# Precompiled headers, for build time only (scripts/test turns them on): the heavy headers every
# source of a target parses (the standard library, nlohmann/json, GoogleTest, cpp-httplib, CLI11)
# are compiled once per target instead of once per source. Off by default, so that a normal
# build, clang-tidy's compile database and projects using add_subdirectory() see every source
# include exactly what it names; the public headers are also compiled alone by a test.
option(USEAPI_LUMA_PRECOMPILE_HEADERS "Precompile the heavy headers of each target (build time)" OFF)

# Precompiles the common headers and the extra ones given (e.g. <gtest/gtest.h>) for `target`.
function(useapi_luma_precompile_headers target)
  if(NOT USEAPI_LUMA_PRECOMPILE_HEADERS)
    return()
  endif()
  target_precompile_headers(${target} PRIVATE
    <algorithm> <chrono> <cstddef> <cstdint> <filesystem> <functional> <map> <memory> <mutex>
    <optional> <stdexcept> <string> <string_view> <thread> <utility> <vector>
    <nlohmann/json.hpp> ${ARGN})
endfunction()
