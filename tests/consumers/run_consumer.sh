#!/usr/bin/env bash
# Driver of the consumer tests (see tests.cmake). Usage: run_consumer.sh <step> <work-dir>, with
# the settings in the environment:
#   LUMA_BUILD_DIR  this project's build tree     LUMA_SOURCE_DIR  this project's source tree
#   LUMA_PREFIX     the temporary install prefix  LUMA_LIBDIR      CMAKE_INSTALL_LIBDIR
#   LUMA_VERSION    the expected version          LUMA_CONFIG      the build configuration
#   LUMA_GENERATOR, LUMA_CXX                      the generator and compiler to build with
# Steps: install, find_package, examples, add_subdirectory, pkg_config, shared_visibility (which checks the
# shared library the add_subdirectory step built). The find_package and add_subdirectory steps
# also run the test kit's consumers (useapi::luma_mocks, useapi::luma_testing).
set -euo pipefail
step=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
config=${LUMA_CONFIG:-}
cmake_args=(-G "$LUMA_GENERATOR" -DCMAKE_CXX_COMPILER="$LUMA_CXX" -DCMAKE_BUILD_TYPE="$config")
config_args=()  # the same configuration as this build ("" means none: no --config)
if [[ -n $config ]]; then config_args=(--config "$config"); fi
# The steps that compile the library again do it without optimisation and in unity batches (as
# a user's CMAKE_UNITY_BUILD would: the sources parse their shared headers once per batch, a third
# of the CPU time), to stay quick.
quick_args=(-G "$LUMA_GENERATOR" -DCMAKE_CXX_COMPILER="$LUMA_CXX" -DCMAKE_BUILD_TYPE=
  -DCMAKE_UNITY_BUILD=ON)

# Runs the built consumer and checks that it printed the version of this build.
run_consumer() {
  local out
  out=$("$1")
  echo "$out"
  if [[ $out != "useapi_luma $LUMA_VERSION "* ]]; then
    echo "expected \"useapi_luma $LUMA_VERSION ...\" from $1" >&2
    exit 1
  fi
}

# Runs the test kit's consumers built in $1: a gMock test over testing::MockConnection and a
# program against testing::MockServer.
run_test_kit_consumers() {
  "$1/mock_connection_consumer"
  "$1/mock_server_consumer"
}

case $step in
  install)
    rm -rf "$LUMA_PREFIX"
    cmake --install "$LUMA_BUILD_DIR" --prefix "$LUMA_PREFIX" "${config_args[@]}"
    ;;
  find_package)
    rm -rf "$work"
    cmake -S "$here/find_package" -B "$work" "${cmake_args[@]}" -DCMAKE_PREFIX_PATH="$LUMA_PREFIX"
    cmake --build "$work" "${config_args[@]}"
    run_consumer "$work/consumer"
    run_test_kit_consumers "$work"
    ;;
  examples)
    # examples/CMakeLists.txt on its own against the installed package, as the README tells a
    # user to build it; then the two examples of the test kit run (no network needed).
    rm -rf "$work"
    cmake -S "$LUMA_SOURCE_DIR/examples" -B "$work" "${quick_args[@]}" \
      -DCMAKE_PREFIX_PATH="$LUMA_PREFIX"
    cmake --build "$work" --parallel 2
    for example in quickstart quickstart_complete generate_image generate_video accounts_and_assets \
      resume_from_journal webhook_receiver webhook_waits; do
      [ -x "$work/$example" ] || { echo "examples: $example was not built" >&2; exit 1; }
    done
    "$work/test_with_mock_connection"
    "$work/test_with_mock_server"
    ;;
  add_subdirectory)
    # Built as a shared library with its install rules on, so that shared_visibility can check
    # this same build instead of compiling the library once more (the static flavour is what
    # the find_package and pkg-config consumers link).
    rm -rf "$work"
    cmake -S "$here/add_subdirectory" -B "$work" "${quick_args[@]}" \
      -DUSEAPI_LUMA_SOURCE_DIR="$LUMA_SOURCE_DIR" -DBUILD_SHARED_LIBS=ON -DUSEAPI_LUMA_INSTALL=ON
    cmake --build "$work" --parallel 2
    run_consumer "$work/consumer"
    run_test_kit_consumers "$work"
    ;;
  pkg_config)
    rm -rf "$work"
    mkdir -p "$work"
    export PKG_CONFIG_PATH="$LUMA_PREFIX/$LUMA_LIBDIR/pkgconfig"
    pkg-config --exists --print-errors useapi_luma
    make -C "$here/pkg_config" CXX="$LUMA_CXX" OUT="$work"
    # A shared build (BUILD_SHARED_LIBS) is found at run time as its users would find it from a
    # prefix the loader does not search.
    export LD_LIBRARY_PATH="$LUMA_PREFIX/$LUMA_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    run_consumer "$work/consumer"
    ;;
  shared_visibility)
    # A shared build (the one the add_subdirectory step made) exports the API and hides the
    # internals; a find_package consumer links with it alone.
    rm -rf "$work"
    mkdir -p "$work"
    shared_build="$(dirname "$work")/add_subdirectory"
    lib=$(find "$shared_build" -name 'libuseapi_luma.so.*' -type f | head -n 1)
    if [[ -z $lib ]]; then
      echo "no libuseapi_luma.so.* in $shared_build (run the add_subdirectory step first)" >&2
      exit 1
    fi
    symbols=$(nm -DC --defined-only "$lib")
    expect() {  # expect <present|absent> <symbol>
      if grep -qE "$2" <<<"$symbols"; then found=present; else found=absent; fi
      if [[ $found != "$1" ]]; then
        echo "$2 is $found in the exported symbols of $lib; expected $1" >&2
        exit 1
      fi
    }
    expect present ' useapi::luma::validate(\[abi:cxx11\])?\(useapi::luma::VideoRequest const&\)'
    expect present ' useapi::luma::Client::Client\(useapi::luma::ClientOptions\)'
    expect present ' typeinfo for useapi::luma::ApiError$'
    expect absent ' useapi::luma::detail::encodePathSegment'
    expect absent ' curl_'
    expect absent ' nlohmann::'
    soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
    if [[ $soname != "libuseapi_luma.so.${LUMA_VERSION%%.*}" ]]; then
      echo "SONAME is \"$soname\"; expected libuseapi_luma.so.${LUMA_VERSION%%.*}" >&2
      exit 1
    fi
    echo "$lib: API exported, internals hidden, SONAME $soname"
    # The exported API is enough for a program, and the package needs no private dependency.
    cmake --install "$shared_build" --prefix "$work/prefix"
    cmake -S "$here/find_package" -B "$work/consumer" "${quick_args[@]}" \
      -DCMAKE_PREFIX_PATH="$work/prefix"
    cmake --build "$work/consumer"
    run_consumer "$work/consumer/consumer"
    # (ldd's whole output first: grep -q quitting early would fail the pipe under pipefail)
    libraries=$(ldd "$work/consumer/consumer")
    if ! grep -q "$work/prefix/.*libuseapi_luma.so.${LUMA_VERSION%%.*}" <<<"$libraries"; then
      echo "the consumer does not use the installed shared library" >&2
      echo "$libraries" >&2
      exit 1
    fi
    ;;
  *)
    echo "unknown step: $step" >&2
    exit 2
    ;;
esac
