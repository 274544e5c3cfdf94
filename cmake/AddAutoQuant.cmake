# add_autoquant_library(name SOURCES... [DEPENDS tablegen-targets...]
#                       [LINK_LIBS libs...] [MLIR_LIBS mlir-components...])
#
# A static library that is installed and exported in AutoQuantTargets. MLIR
# components go through mlir_target_link_libraries so that one switch
# (AUTOQUANT_LINK_MLIR_DYLIB) selects libMLIR.so or the static archives.
function(add_autoquant_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK_LIBS;MLIR_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  add_library(AutoQuant::${name} ALIAS ${name})
  llvm_update_compile_flags(${name})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # Downstream users compile against the same LLVM/MLIR headers.
  target_include_directories(${name} SYSTEM PUBLIC
    ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
  target_compile_features(${name} PUBLIC cxx_std_17)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  if(ARG_LINK_LIBS)
    target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS})
  endif()
  if(ARG_MLIR_LIBS)
    mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
    # The imported MLIR dylib target does not carry libLLVM.so; the component
    # archives do.
    if(MLIR_LINK_MLIR_DYLIB)
      target_link_libraries(${name} PUBLIC LLVM)
    endif()
  endif()
  install(TARGETS ${name} EXPORT AutoQuantTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()
