# cmake -P script: install AutoQuant from AUTOQUANT_BINARY_DIR into a scratch
# prefix, then configure, build and run the project in DOWNSTREAM_SOURCE_DIR.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${AUTOQUANT_BINARY_DIR} --prefix ${prefix})
set(linker_flags "")
if(LINKER)
  set(linker_flags -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=${LINKER})
endif()
run(${CMAKE_COMMAND} -G Ninja -S ${DOWNSTREAM_SOURCE_DIR} -B ${WORK_DIR}/build
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${linker_flags})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/downstream)
