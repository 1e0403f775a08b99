# The test kit users install (testing/): testing::MockServer and testing::MockConnection, and
# the examples that show them. Included from tests/CMakeLists.txt.
if(TARGET useapi_luma_testing)
  add_executable(useapi_luma_mock_server_tests testing/mock_server_test.cpp)
  target_link_libraries(useapi_luma_mock_server_tests
    PRIVATE useapi::luma_testing GTest::gtest_main GTest::gmock)
  useapi_luma_enable_warnings(useapi_luma_mock_server_tests)
  gtest_discover_tests(useapi_luma_mock_server_tests DISCOVERY_TIMEOUT 60)

  add_executable(useapi_luma_mock_connection_tests testing/mock_connection_test.cpp)
  target_link_libraries(useapi_luma_mock_connection_tests
    PRIVATE useapi::luma_mocks GTest::gtest_main)
  useapi_luma_enable_warnings(useapi_luma_mock_connection_tests)
  gtest_discover_tests(useapi_luma_mock_connection_tests DISCOVERY_TIMEOUT 60)
endif()
foreach(example IN ITEMS test_with_mock_connection test_with_mock_server)
  if(TARGET ${example})
    add_test(NAME ExampleTestPasses.${example} COMMAND ${example})
  endif()
endforeach()
