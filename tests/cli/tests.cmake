# The luma CLI: the built binary run against an in-process luma-mock.
add_executable(useapi_luma_cli_tests
  cli/cli_generate_test.cpp
  cli/cli_jobs_test.cpp
  cli/cli_errors_test.cpp
  cli/cli_local_checks_test.cpp
  cli/cli_delivery_test.cpp
  cli/cli_ids_test.cpp
  cli/cli_submit_test.cpp
  cli/cli_wait_status_test.cpp
  cli/cli_output_safety_test.cpp
  cli/cli_batch_test.cpp
  cli/cli_guidance_test.cpp
  cli/cli_secrets_test.cpp
  cli/cli_prompt_stdin_test.cpp
  cli/cli_models_test.cpp
  cli/cli_verbose_test.cpp
  cli/cli_local_images_test.cpp
  cli/cli_journal_test.cpp
  cli/cli_live_board_test.cpp
)
target_include_directories(useapi_luma_cli_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
  "${PROJECT_BINARY_DIR}/include")  # the generated useapi/luma/version.hpp
target_compile_definitions(useapi_luma_cli_tests PRIVATE LUMA_CLI_PATH="$<TARGET_FILE:luma>")
target_link_libraries(useapi_luma_cli_tests
  PRIVATE luma_mock nlohmann_json::nlohmann_json PkgConfig::CPP_HTTPLIB GTest::gtest_main)
add_dependencies(useapi_luma_cli_tests luma)
useapi_luma_enable_warnings(useapi_luma_cli_tests)
gtest_discover_tests(useapi_luma_cli_tests DISCOVERY_TIMEOUT 60)
