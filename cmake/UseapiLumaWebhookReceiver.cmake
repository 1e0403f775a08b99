# useapi::luma_webhook: WebhookReceiver (<useapi/luma/webhook_receiver.hpp>), an embedded HTTP
# server feeding Client::deliverWebhook. A static library of its own, so that only the programs
# that link it need cpp-httplib; built when cpp-httplib is found (pkg-config). Included from the
# top-level CMakeLists.txt.
if(NOT TARGET PkgConfig::CPP_HTTPLIB)
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(CPP_HTTPLIB QUIET IMPORTED_TARGET GLOBAL cpp-httplib)
  endif()
endif()

if(TARGET PkgConfig::CPP_HTTPLIB)
  add_library(useapi_luma_webhook STATIC src/webhook/webhook_receiver.cpp)
  add_library(useapi::luma_webhook ALIAS useapi_luma_webhook)
  target_compile_features(useapi_luma_webhook PUBLIC cxx_std_17)
  target_link_libraries(useapi_luma_webhook
    PUBLIC useapi::luma Threads::Threads
    PRIVATE PkgConfig::CPP_HTTPLIB)
  set_target_properties(useapi_luma_webhook PROPERTIES EXPORT_NAME luma_webhook)
  useapi_luma_enable_warnings(useapi_luma_webhook)
  if(USEAPI_LUMA_INSTALL)
    install(TARGETS useapi_luma_webhook
      EXPORT useapi_luma_webhookTargets
      ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
      INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(EXPORT useapi_luma_webhookTargets
      NAMESPACE useapi::
      FILE useapi_luma_webhookTargets.cmake
      DESTINATION ${USEAPI_LUMA_CMAKE_DIR} COMPONENT development)
  endif()
endif()
