# Warnings are set per target and PRIVATE, never in global flags, so that projects
# consuming useapi_luma through add_subdirectory() keep their own settings.
function(useapi_luma_enable_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(USEAPI_LUMA_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
