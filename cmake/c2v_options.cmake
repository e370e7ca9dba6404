# Compiler flags shared by every target of the project (not by third_party).
add_library(c2v_warnings INTERFACE)
target_compile_options(c2v_warnings INTERFACE -Wall -Wextra -Wshadow -Wstrict-prototypes
  -Wmissing-prototypes -Wno-unused-parameter)
if(LR_WERROR)
  target_compile_options(c2v_warnings INTERFACE -Werror)
endif()
# POSIX APIs (clock_gettime, mkdtemp, fork, ...) under strict C11.
add_compile_definitions(_POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)

if(LR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer harnesses (tests/fuzz). They need clang's -fsanitize=fuzzer; with
# any other compiler the option does nothing, and the harnesses still replay
# their committed inputs through a plain driver in every build.
option(LR_FUZZ "Build the libFuzzer harnesses (clang only) with ASan + UBSan" OFF)
set(C2V_FUZZ_ENABLED OFF)
if(LR_FUZZ)
  if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(C2V_FUZZ_ENABLED ON)
    # The whole project is instrumented for coverage, so the fuzzer sees into
    # the library, not just the harness.
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
      -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
  else()
    message(WARNING "LR_FUZZ=ON needs clang (CC=clang); ${CMAKE_C_COMPILER_ID} builds no fuzzers")
  endif()
endif()
