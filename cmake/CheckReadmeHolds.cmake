# ctest helper: fails unless the file README contains the file EXAMPLE verbatim, so the code
# the README shows is the code CI compiles.
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(FIND "${readme}" "${example}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${README} does not hold ${EXAMPLE} verbatim: copy the file into it")
endif()
