# End to end with the seed pages' literal ids and bodies: the library and the `luma` CLI against
# a server that answers exactly as the public docs show.
add_executable(useapi_luma_e2e_tests e2e/seed_literal_ids_test.cpp)
target_include_directories(useapi_luma_e2e_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(useapi_luma_e2e_tests PRIVATE LUMA_CLI_PATH="$<TARGET_FILE:luma>")
target_link_libraries(useapi_luma_e2e_tests
  PRIVATE useapi::luma PkgConfig::CPP_HTTPLIB GTest::gtest_main)
add_dependencies(useapi_luma_e2e_tests luma)
useapi_luma_enable_warnings(useapi_luma_e2e_tests)
gtest_discover_tests(useapi_luma_e2e_tests DISCOVERY_TIMEOUT 60)
