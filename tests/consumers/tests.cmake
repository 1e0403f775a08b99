# Tests of useapi_luma as its users see it. Included from tests/CMakeLists.txt.
#  - Every public header compiles on its own (a generated .cpp per header; the build is the test).
#  - Tiny consumer projects build and run a program against the library through
#    find_package (an install into a temporary prefix), add_subdirectory and pkg-config.
#  - A shared build (the add_subdirectory one) exports the API and nothing else.

# One translation unit per public header, including that header alone.
file(GLOB_RECURSE _useapi_luma_public_headers CONFIGURE_DEPENDS
  RELATIVE "${PROJECT_SOURCE_DIR}/include" "${PROJECT_SOURCE_DIR}/include/*.hpp")
list(APPEND _useapi_luma_public_headers useapi/luma/version.hpp useapi/luma/export.hpp)
set(_useapi_luma_header_sources)
foreach(header IN LISTS _useapi_luma_public_headers)
  string(MAKE_C_IDENTIFIER "${header}" name)
  set(source "${CMAKE_CURRENT_BINARY_DIR}/header_tests/${name}.cpp")
  file(CONFIGURE OUTPUT "${source}" CONTENT "#include <${header}>  // and nothing before it\n")
  list(APPEND _useapi_luma_header_sources "${source}")
endforeach()
add_library(useapi_luma_header_tests OBJECT ${_useapi_luma_header_sources})
# Alone means alone: never merged into unity batches (CMAKE_UNITY_BUILD, as scripts/test builds).
set_target_properties(useapi_luma_header_tests PROPERTIES UNITY_BUILD OFF)
target_link_libraries(useapi_luma_header_tests PRIVATE useapi::luma)
useapi_luma_enable_warnings(useapi_luma_header_tests)
add_test(NAME PublicHeadersCompileAlone
  COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --config $<CONFIG>
          --target useapi_luma_header_tests)

# The consumer projects, driven by run_consumer.sh.
set(_useapi_luma_consumers "${CMAKE_CURRENT_BINARY_DIR}/consumers")
set(_useapi_luma_driver bash "${CMAKE_CURRENT_LIST_DIR}/run_consumer.sh")
set(_useapi_luma_consumer_env
  "LUMA_BUILD_DIR=${PROJECT_BINARY_DIR}"
  "LUMA_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
  "LUMA_PREFIX=${_useapi_luma_consumers}/prefix"
  "LUMA_LIBDIR=${CMAKE_INSTALL_LIBDIR}"
  "LUMA_VERSION=${PROJECT_VERSION}"
  "LUMA_CONFIG=$<CONFIG>"
  "LUMA_GENERATOR=${CMAKE_GENERATOR}"
  "LUMA_CXX=${CMAKE_CXX_COMPILER}")

# Labelled `consumer`: each rebuilds the project, so a sanitizer build skips them (ctest -LE).
# Their high COST makes `ctest -j` start them first, beside the short tests, instead of leaving
# a minute-long build alone on one core at the end of the run.
function(_useapi_luma_consumer_test name step)
  add_test(NAME ${name}
    COMMAND ${_useapi_luma_driver} ${step} "${_useapi_luma_consumers}/${step}")
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "${_useapi_luma_consumer_env}" TIMEOUT 600 LABELS consumer COST 1000 ${ARGN})
endfunction()

if(USEAPI_LUMA_INSTALL)
  _useapi_luma_consumer_test(ConsumerInstallIntoTemporaryPrefix install
    FIXTURES_SETUP useapi_luma_installed)
  _useapi_luma_consumer_test(ConsumerFindPackageBuildsAndRuns find_package
    FIXTURES_REQUIRED useapi_luma_installed)
  _useapi_luma_consumer_test(ExamplesBuildAgainstTheInstalledPackage examples
    FIXTURES_REQUIRED useapi_luma_installed)
  find_program(USEAPI_LUMA_PKG_CONFIG pkg-config)
  find_program(USEAPI_LUMA_MAKE make)
  if(USEAPI_LUMA_PKG_CONFIG AND USEAPI_LUMA_MAKE)
    _useapi_luma_consumer_test(ConsumerPkgConfigBuildsAndRuns pkg_config
      FIXTURES_REQUIRED useapi_luma_installed)
  endif()
endif()
# The subproject is built shared, and the visibility test inspects that same build.
_useapi_luma_consumer_test(ConsumerAddSubdirectoryBuildsAndRuns add_subdirectory
  FIXTURES_SETUP useapi_luma_subproject_built)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  _useapi_luma_consumer_test(SharedLibraryExportsOnlyTheApi shared_visibility
    FIXTURES_REQUIRED useapi_luma_subproject_built)
endif()
