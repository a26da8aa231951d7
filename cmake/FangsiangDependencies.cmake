# Every dependency is a Debian package (platform/debian-packages.txt); each
# becomes an imported target here so the folders can link by name.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
find_package(nlohmann_json 3.10 REQUIRED)

if(FANGSIANG_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
