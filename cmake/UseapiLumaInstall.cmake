# Install rules of useapi_luma: headers, the library, a CMake package (find_package(useapi_luma)
# giving useapi::luma, and the test kit's useapi::luma_mocks and useapi::luma_testing) and a
# pkg-config file. Included from the top-level CMakeLists.txt; testing/ calls
# useapi_luma_install_test_kit() once its targets exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(USEAPI_LUMA_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/useapi_luma"
  CACHE STRING "Where to install useapi_lumaConfig.cmake, relative to the prefix")

get_target_property(_useapi_luma_type useapi_luma TYPE)
if(_useapi_luma_type STREQUAL "STATIC_LIBRARY")
  set(USEAPI_LUMA_STATIC ON)
else()
  set(USEAPI_LUMA_STATIC OFF)
endif()

install(TARGETS useapi_luma
  EXPORT useapi_lumaTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
          NAMELINK_COMPONENT development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
  FILES_MATCHING PATTERN "*.hpp")
install(FILES
    "${PROJECT_BINARY_DIR}/include/useapi/luma/version.hpp"
    "${PROJECT_BINARY_DIR}/include/useapi/luma/export.hpp"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/useapi/luma COMPONENT development)

install(EXPORT useapi_lumaTargets
  NAMESPACE useapi::
  FILE useapi_lumaTargets.cmake
  DESTINATION ${USEAPI_LUMA_CMAKE_DIR} COMPONENT development)

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/useapi_lumaConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/useapi_lumaConfig.cmake"
  INSTALL_DESTINATION ${USEAPI_LUMA_CMAKE_DIR})
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/useapi_lumaConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES
    "${PROJECT_BINARY_DIR}/useapi_lumaConfig.cmake"
    "${PROJECT_BINARY_DIR}/useapi_lumaConfigVersion.cmake"
  DESTINATION ${USEAPI_LUMA_CMAKE_DIR} COMPONENT development)

# pkg-config: the prefix is found from the .pc file's own place, so the install is relocatable
# (cmake --install --prefix elsewhere works).
set(_useapi_luma_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(USEAPI_LUMA_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(USEAPI_LUMA_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(USEAPI_LUMA_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  file(RELATIVE_PATH _useapi_luma_pc_up "/root/${_useapi_luma_pc_dir}" "/root")
  string(REGEX REPLACE "/$" "" _useapi_luma_pc_up "${_useapi_luma_pc_up}")
  set(USEAPI_LUMA_PC_PREFIX "\${pcfiledir}/${_useapi_luma_pc_up}")
  set(USEAPI_LUMA_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(USEAPI_LUMA_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# A static library needs libcurl, SQLite and threads on the consumer's link line even without --static
# (many systems lack the static libraries that `pkg-config --static libcurl` asks for).
if(USEAPI_LUMA_STATIC)
  set(USEAPI_LUMA_PC_LIBS_EXTRA " -lcurl -lsqlite3 -lsimdjson -pthread")
else()
  set(USEAPI_LUMA_PC_LIBS_EXTRA " -pthread")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/useapi_luma.pc.in"
  "${PROJECT_BINARY_DIR}/useapi_luma.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/useapi_luma.pc"
  DESTINATION ${_useapi_luma_pc_dir} COMPONENT development)

# The test kit (testing/CMakeLists.txt): its headers, and one export file per target, so that
# the package loads each only when its dependencies are found (useapi_lumaConfig.cmake).
function(useapi_luma_install_test_kit)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/testing/include/"
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
    FILES_MATCHING PATTERN "*.hpp")
  foreach(kit IN ITEMS mocks testing)
    install(TARGETS useapi_luma_${kit}
      EXPORT useapi_luma_${kit}Targets
      ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
      INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(EXPORT useapi_luma_${kit}Targets
      NAMESPACE useapi::
      FILE useapi_luma_${kit}Targets.cmake
      DESTINATION ${USEAPI_LUMA_CMAKE_DIR} COMPONENT development)
  endforeach()
endfunction()
