# Per-target build settings. Nothing here touches global flags: each target
# opts in, so third-party code compiled into a target (the ImGui backends)
# can be given its own, quieter settings.

# fangsiang_target_defaults(<target>)
#   C++20, the project's warnings, and the sanitizers when enabled.
function(fangsiang_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
      -Wcast-align -Wunused -Woverloaded-virtual
      -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  endif()
  fangsiang_target_sanitize(${target})
endfunction()

# fangsiang_target_sanitize(<target>)
#   ASan + UBSan for the target when FANGSIANG_SANITIZE is on. Used alone for
#   third-party sources we compile ourselves, which must not get our warnings.
function(fangsiang_target_sanitize target)
  if(FANGSIANG_FUZZ)
    # Coverage for libFuzzer in every library a fuzz target links; the
    # targets themselves add -fsanitize=fuzzer. -O1, as libFuzzer's own
    # documentation advises: the parsers run 6 to 25 times faster than at
    # the Debug build's -O0, with the asserts and the sanitizers kept.
    target_compile_options(${target} PRIVATE -O1
      -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  elseif(FANGSIANG_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

# fangsiang_library(<name> SOURCES <files...> [PUBLIC <libs...>] [PRIVATE <libs...>])
#   One folder's library: fangsiang_<name>, aliased fangsiang::<name>, its
#   headers in include/, the project's defaults.
function(fangsiang_library name)
  cmake_parse_arguments(L "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(fangsiang_${name} STATIC ${L_SOURCES})
  add_library(fangsiang::${name} ALIAS fangsiang_${name})
  target_include_directories(fangsiang_${name} PUBLIC include)
  target_link_libraries(fangsiang_${name} PUBLIC ${L_PUBLIC} PRIVATE ${L_PRIVATE})
  fangsiang_target_defaults(fangsiang_${name})
endfunction()
