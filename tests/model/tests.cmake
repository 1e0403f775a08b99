# The model tests (values, errors, validation rules). Included from tests/CMakeLists.txt after
# include(GoogleTest); expects GTest to be found there (found here if it was not).

if(NOT TARGET GTest::gtest_main OR NOT TARGET GTest::gmock)
  find_package(GTest REQUIRED)
endif()

add_executable(useapi_luma_model_tests
  ${CMAKE_CURRENT_LIST_DIR}/values_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/prompt_rules_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/image_matrix_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/video_matrix_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/api_surface_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compatibility_support_test.cpp
)
target_link_libraries(useapi_luma_model_tests
  PRIVATE useapi::luma GTest::gtest_main GTest::gmock)
if(COMMAND useapi_luma_enable_warnings)
  useapi_luma_enable_warnings(useapi_luma_model_tests)
endif()
gtest_discover_tests(useapi_luma_model_tests)
