# Cross-compiling for arm64 (Raspberry Pi 4/5, arm64 servers) on an amd64
# Debian machine: Debian's cross compilers (crossbuild-essential-arm64)
# against an arm64 sysroot that holds the arm64 -dev packages of
# platform/debian-packages.txt, made by platform/test-arm64.sh with
# mmdebstrap. The host keeps only amd64 packages.
#
#   cmake -S . -B build/arm64/build -DCMAKE_TOOLCHAIN_FILE=cmake/arm64-toolchain.cmake \
#     [-DFANGSIANG_ARM64_SYSROOT=/path/to/sysroot]
#
# Tests and the build-time test listing (Catch's discovery) run the arm64
# programs under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

if(NOT FANGSIANG_ARM64_SYSROOT)
  get_filename_component(FANGSIANG_ARM64_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../build/arm64/sysroot" ABSOLUTE)
endif()
set(FANGSIANG_ARM64_SYSROOT "${FANGSIANG_ARM64_SYSROOT}" CACHE PATH "The arm64 sysroot (platform/test-arm64.sh makes it)")
if(NOT EXISTS "${FANGSIANG_ARM64_SYSROOT}/usr/include")
  message(FATAL_ERROR "arm64 sysroot not found at ${FANGSIANG_ARM64_SYSROOT}: make it with platform/test-arm64.sh (make test-arm64)")
endif()
# try_compile projects read this file again: hand them the same sysroot.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FANGSIANG_ARM64_SYSROOT)

set(CMAKE_SYSROOT "${FANGSIANG_ARM64_SYSROOT}")
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Libraries, headers and CMake packages only from the sysroot; programs
# (pkg-config, npm, the PostgreSQL server the tests start) from the host.
set(CMAKE_FIND_ROOT_PATH "${CMAKE_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads only the sysroot's .pc files and prefixes their paths.
set(ENV{PKG_CONFIG_LIBDIR}
  "${CMAKE_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${CMAKE_SYSROOT}/usr/lib/pkgconfig:${CMAKE_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${CMAKE_SYSROOT}")

# qemu-user finds the arm64 loader and libraries in the sysroot. A test's
# own arm64 children (fangsiang-hub serve, the kiosk) are run by the
# kernel's binfmt_misc handler for arm64, which reads QEMU_LD_PREFIX
# (platform/test-arm64.sh registers the handler and sets the variable).
find_program(FANGSIANG_QEMU_AARCH64 qemu-aarch64-static qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${FANGSIANG_QEMU_AARCH64};-L;${CMAKE_SYSROOT}")
