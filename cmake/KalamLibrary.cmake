# kalam_library(NAME SOURCES a.cc b.cc DEPS kalam_x ... PUBLIC_LIBS ... PRIVATE_LIBS ...)
# One folder = one library = one namespace kalam::<name>. A module sees only the headers of the
# modules it declares, so an upward include fails the build.
function(kalam_library NAME)
  cmake_parse_arguments(K "" "" "SOURCES;DEPS;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  add_library(kalam_${NAME} STATIC ${K_SOURCES})
  target_include_directories(kalam_${NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(kalam_${NAME} PUBLIC ${K_DEPS} ${K_PUBLIC_LIBS} PRIVATE ${K_PRIVATE_LIBS})
endfunction()

# kalam_test(NAME SOURCES ... DEPS ...): one GoogleTest binary per module, ctest label `unit`.
function(kalam_test NAME)
  if(NOT KALAM_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(K "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${NAME} ${K_SOURCES})
  target_link_libraries(${NAME} PRIVATE ${K_DEPS} kalam_testing GTest::gtest_main GTest::gmock)
  set_target_properties(${NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${NAME} COMMAND ${NAME})
  set_tests_properties(${NAME} PROPERTIES LABELS unit TIMEOUT 300)
endfunction()
