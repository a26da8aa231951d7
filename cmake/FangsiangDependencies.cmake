# Every dependency is a Debian package (platform/debian-packages.txt); each
# becomes an imported target here so the folders can link by name.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# The hub's PostgreSQL backend.
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Thai text analysis (normalisation, word breaking) is core: search and the
# hub's keyword figures need it without any UI.
pkg_check_modules(THAI REQUIRED IMPORTED_TARGET libthai)
# libthai's dictionary format, to add an office's own words to it.
pkg_check_modules(DATRIE REQUIRED IMPORTED_TARGET datrie-0.2)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 2.0 REQUIRED)
find_package(tomlplusplus 3 REQUIRED)

if(FANGSIANG_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()

# ui/ and platform/: Dear ImGui (static libimgui.a; its stb_truetype comes
# from libstb), SDL2, libthai, and libpng for saving frames.
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
# Receipt printers behind CUPS (libcups2-dev; Debian ships no cups.pc).
find_path(CUPS_INCLUDE_DIR cups/cups.h REQUIRED)
find_library(CUPS_LIBRARY cups REQUIRED)
add_library(Fangsiang::Cups INTERFACE IMPORTED)
target_include_directories(Fangsiang::Cups SYSTEM INTERFACE ${CUPS_INCLUDE_DIR})
target_link_libraries(Fangsiang::Cups INTERFACE ${CUPS_LIBRARY})

# sync/ and the hub: libcurl (client), cpp-httplib (hub server, built by
# Debian with OpenSSL), zstd (batches), libqrencode (enrolment QR codes).
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# The hub's guarded server speaks TLS itself (hub/src/guarded_server.cpp).
find_package(OpenSSL REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
# The hub's publish reads XLSForm workbooks (.xlsx): libzip and expat. The
# kiosk never links them. The hub's reports are written as XLSX with
# libxlsxwriter (which the tests also write their workbooks with) and as PDF
# with Cairo and Pango (Thai shaped and line-broken).
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)
