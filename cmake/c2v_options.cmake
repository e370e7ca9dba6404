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
