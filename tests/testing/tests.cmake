# The test kit users install (testing/): testing::MockServer and testing::MockConnection, and
# the examples that show them. Included from tests/CMakeLists.txt.
if(TARGET useapi_luma_testing)
  add_executable(useapi_luma_mock_server_tests testing/mock_server_test.cpp
    testing/mock_server_accounts_test.cpp testing/mock_server_media_test.cpp
    testing/mock_server_learned_polling_test.cpp)
  target_link_libraries(useapi_luma_mock_server_tests
    PRIVATE useapi::luma_testing GTest::gtest_main GTest::gmock)
  useapi_luma_enable_warnings(useapi_luma_mock_server_tests)
  gtest_discover_tests(useapi_luma_mock_server_tests DISCOVERY_TIMEOUT 60)

  add_executable(useapi_luma_mock_connection_tests testing/mock_connection_test.cpp)
  target_link_libraries(useapi_luma_mock_connection_tests
    PRIVATE useapi::luma_mocks GTest::gtest_main)
  useapi_luma_enable_warnings(useapi_luma_mock_connection_tests)
  gtest_discover_tests(useapi_luma_mock_connection_tests DISCOVERY_TIMEOUT 60)

  # Each header of the kit compiles on its own (the build is the test), as include/'s do.
  file(GLOB_RECURSE _useapi_luma_kit_headers CONFIGURE_DEPENDS
    RELATIVE "${PROJECT_SOURCE_DIR}/testing/include" "${PROJECT_SOURCE_DIR}/testing/include/*.hpp")
  set(_useapi_luma_kit_header_sources)
  foreach(header IN LISTS _useapi_luma_kit_headers)
    string(MAKE_C_IDENTIFIER "${header}" name)
    set(source "${CMAKE_CURRENT_BINARY_DIR}/header_tests/${name}.cpp")
    file(CONFIGURE OUTPUT "${source}" CONTENT "#include <${header}>  // and nothing before it\n")
    list(APPEND _useapi_luma_kit_header_sources "${source}")
  endforeach()
  add_library(useapi_luma_test_kit_header_tests OBJECT ${_useapi_luma_kit_header_sources})
  target_link_libraries(useapi_luma_test_kit_header_tests
    PRIVATE useapi::luma_testing useapi::luma_mocks)
  useapi_luma_enable_warnings(useapi_luma_test_kit_header_tests)
  add_test(NAME TestKitHeadersCompileAlone
    COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --config $<CONFIG>
            --target useapi_luma_test_kit_header_tests)
endif()
foreach(example IN ITEMS test_with_mock_connection test_with_mock_server)
  if(TARGET ${example})
    add_test(NAME ExampleTestPasses.${example} COMMAND ${example})
  endif()
endforeach()
