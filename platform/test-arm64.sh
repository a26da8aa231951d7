#!/bin/sh
# Fangsiang for arm64 (Raspberry Pi 4/5), made and tested on an amd64
# Debian 12 machine without changing its amd64 packages:
#   1. the host's amd64 packages: debian-packages.txt (what the tests run:
#      PostgreSQL's server, node, chromium) and arm64-packages.txt (the
#      cross compilers, qemu-user-static, mmdebstrap);
#   2. an arm64 sysroot under build/arm64/sysroot holding the arm64 library
#      -dev packages of debian-packages.txt, made with mmdebstrap (kept, and
#      made again only when that list changes);
#   3. qemu-aarch64 registered with the kernel's binfmt_misc, so that an
#      arm64 test's own arm64 children (fangsiang-hub serve, the kiosk) run;
#   4. one RelWithDebInfo build with Debian's hardening flags for arm64
#      (cmake/arm64-toolchain.cmake), the one the packages are made from;
#   5. ctest, every test program under qemu-aarch64 (labels named in
#      ARM64_EXCLUDE, none by default, are left out);
#   6. the arm64 .debs with CPack, their dependencies found by
#      dpkg-shlibdeps in the sysroot's dpkg database, checked by lintian.
#
#   sh platform/test-arm64.sh            (make test-arm64; needs root)
#   ARM64_CTEST_ARGS="-L core" sh platform/test-arm64.sh   (a part of ctest)
#   ARM64_STEPS="build test" ...          (only some of: sysroot build test package)
#   ARM64_TARGETS="fangsiang-hub record_test" ...   (build only those targets)
#
# Not part of `make test`: the build and the emulated tests take far longer
# than CI's time allows.
set -eu

WORK=${ARM64_WORK:-build/arm64}
SYSROOT=$WORK/sysroot
BUILD=$WORK/build
SUITE=bookworm
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
STEPS=${ARM64_STEPS:-sysroot build test package}
# ctest labels to leave out, e.g. ARM64_EXCLUDE="browser postgresql".
ARM64_EXCLUDE=${ARM64_EXCLUDE:-}
ARM64_CTEST_ARGS=${ARM64_CTEST_ARGS:-}
ARM64_TIMEOUT=${ARM64_TIMEOUT:-1800}
ARM64_TARGETS=${ARM64_TARGETS:-}

here=$(cd "$(dirname "$0")" && pwd)

# dpkg_db ROOT: a dpkg database in ROOT for the packages whose .debs are in
# ROOT/var/cache/apt/archives (the extract variant installs none): their
# status, file lists and symbols/shlibs files, which is what dpkg-query
# --search and dpkg-shlibdeps read. mmdebstrap runs it as an extract hook.
dpkg_db() {
    db=$1/var/lib/dpkg
    mkdir -p "$db/info" "$db/updates"
    : > "$db/status"
    echo 1 > "$db/info/format"
    tmp=$(mktemp -d)
    for deb in "$1"/var/cache/apt/archives/*.deb; do
        pkg=$(dpkg-deb -f "$deb" Package)
        name=$pkg
        [ "$(dpkg-deb -f "$deb" Multi-Arch)" = same ] && name=$pkg:$(dpkg-deb -f "$deb" Architecture)
        dpkg-deb -f "$deb" | awk '{ print } NR == 1 { print "Status: install ok installed" }' >> "$db/status"
        echo >> "$db/status"
        dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\./|/|; s|/$||; s|^$|/.|' > "$db/info/$name.list"
        rm -rf "$tmp/c"
        dpkg-deb -e "$deb" "$tmp/c"
        for f in symbols shlibs triggers; do
            [ -f "$tmp/c/$f" ] && cp "$tmp/c/$f" "$db/info/$name.$f"
        done
    done
    rm -rf "$tmp"
    echo "dpkg database: $(grep -c '^Package:' "$db/status") packages"
}
if [ "${1:-}" = --dpkg-db ]; then
    dpkg_db "$2"
    exit 0
fi
step() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
fail() { printf 'test-arm64: FAILED: %s\n' "$*" >&2; exit 1; }
want() { case " $STEPS " in *" $1 "*) return 0 ;; esac; return 1; }
elapsed() { echo "$1: $(( $(date +%s) - $2 )) s"; }

[ "$(id -u)" -eq 0 ] || fail "run as root (mmdebstrap, binfmt_misc): sudo make test-arm64"

step "Host packages (amd64 only)"
sh "$here/install-deps.sh" "$here/debian-packages.txt"
sh "$here/install-deps.sh" "$here/arm64-packages.txt"
mkdir -p "$WORK"
SYSROOT=$(cd "$WORK" && pwd)/sysroot
BUILD=$(cd "$WORK" && pwd)/build

# The library -dev packages of debian-packages.txt (not compilers, tools or
# clang's runtime), the C and C++ libraries' own, and its fonts: under
# qemu-aarch64 -L an arm64 program sees the sysroot's /usr/share/fonts
# instead of the host's, and without the Thai fonts there Pango falls back
# to one with no Thai glyphs (a PDF whose Thai text reads back as hex).
packages="libc6-dev libstdc++-12-dev $(grep -v '^[[:space:]]*#' "$here/debian-packages.txt" |
    grep -E '^(lib[^[:space:]]*-dev|catch2|nlohmann-json3-dev|fonts-[^[:space:]]*)$' | grep -v '^libclang' | tr '\n' ' ')"
packages=$(echo $packages)
stamp="$SUITE arm64: $packages"

if want sysroot; then
    step "arm64 sysroot ($SYSROOT)"
    # The mirrors this machine's apt uses: $mirror and $security.
    . "$here/apt-mirrors.sh"
    if [ -f "$SYSROOT/.fangsiang-packages" ] && [ "$(cat "$SYSROOT/.fangsiang-packages")" = "$stamp" ]; then
        echo "reusing it: its package list is unchanged"
    else
        t=$(date +%s)
        rm -rf "$SYSROOT" "$SYSROOT.part"
        # --variant=extract unpacks the packages and their dependencies
        # without running anything of theirs: no emulation needed, and no
        # dpkg database: dpkg_db writes the part of one dpkg-shlibdeps needs.
        mmdebstrap --variant=extract --architectures=arm64 \
            --include="$(echo "$packages" | tr ' ' ',')" \
            --extract-hook='sh '"$here"'/test-arm64.sh --dpkg-db "$1"' \
            "$SUITE" "$SYSROOT.part" \
            "deb $mirror $SUITE main" "deb $mirror $SUITE-updates main" "deb $security $SUITE-security main"
        # Absolute links (libz.so -> /lib/...) would reach the host's amd64
        # files: make them relative inside the sysroot. /dev and /tmp go, so
        # qemu's -L prefix sends those to the host's.
        find "$SYSROOT.part" -type l -lname '/*' ! -path "$SYSROOT.part/etc/*" ! -path "$SYSROOT.part/dev/*" |
            while read -r link; do
                target=$(readlink "$link")
                ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$SYSROOT.part$target")" "$link"
            done
        rm -rf "$SYSROOT.part/dev" "$SYSROOT.part/tmp" "$SYSROOT.part/var/cache/apt/archives"
        echo "$stamp" > "$SYSROOT.part/.fangsiang-packages"
        mv "$SYSROOT.part" "$SYSROOT"
        elapsed "sysroot" "$t"
    fi
fi
[ -f "$SYSROOT/.fangsiang-packages" ] || fail "no arm64 sysroot at $SYSROOT: run with ARM64_STEPS containing sysroot"

# The kernel runs arm64 programs with qemu: the tests' children and
# help2man's run of the programs need it. Debian's qemu-user-static ships
# the rule; a machine whose binfmt_misc is not mounted gets it mounted.
step "binfmt_misc: qemu-aarch64"
binfmt=/proc/sys/fs/binfmt_misc
if [ ! -e "$binfmt/register" ]; then
    mount -t binfmt_misc binfmt_misc "$binfmt" || fail "cannot mount $binfmt: arm64 children of the tests could not run"
fi
if [ ! -e "$binfmt/qemu-aarch64" ]; then
    cat /usr/lib/binfmt.d/qemu-aarch64.conf > "$binfmt/register" || fail "cannot register qemu-aarch64 with binfmt_misc"
fi
echo "$(head -n 1 "$binfmt/qemu-aarch64"): $(sed -n 's/^interpreter //p' "$binfmt/qemu-aarch64")"
# binfmt's qemu finds the arm64 loader and libraries here.
export QEMU_LD_PREFIX="$SYSROOT"

if want build; then
    step "Configure and build ($BUILD)"
    t=$(date +%s)
    DEB_BUILD_MAINT_OPTIONS=hardening=+all
    export DEB_BUILD_MAINT_OPTIONS
    flags() { dpkg-architecture -aarm64 -c dpkg-buildflags --get "$1" 2>/dev/null; }
    launcher=""
    if command -v ccache >/dev/null 2>&1; then
        launcher="-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
    fi
    # CPack installs what was built (ARM64_TARGETS may leave test programs
    # out) rather than building everything again first.
    # shellcheck disable=SC2086
    cmake -S . -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE="$(pwd)/cmake/arm64-toolchain.cmake" \
        -DFANGSIANG_ARM64_SYSROOT="$SYSROOT" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DFANGSIANG_BUILD_BENCHMARKS=OFF -DFANGSIANG_PACKAGE=ON -DCMAKE_INSTALL_PREFIX=/usr $launcher \
        -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON \
        "-DCMAKE_C_FLAGS=$(flags CFLAGS) $(flags CPPFLAGS)" \
        "-DCMAKE_CXX_FLAGS=$(flags CXXFLAGS) $(flags CPPFLAGS)" \
        "-DCMAKE_EXE_LINKER_FLAGS=$(flags LDFLAGS)"
    # shellcheck disable=SC2086
    cmake --build "$BUILD" -j "$JOBS" ${ARM64_TARGETS:+--target $ARM64_TARGETS}
    elapsed "build" "$t"
    file "$BUILD/apps/fangsiang-hub"
fi

if want test; then
    step "ctest under qemu-aarch64${ARM64_EXCLUDE:+ (leaving out labels: $ARM64_EXCLUDE)}"
    t=$(date +%s)
    exclude=$(echo "$ARM64_EXCLUDE" | tr ' ' '|')
    status=0
    # shellcheck disable=SC2086
    (cd "$BUILD" && ctest --output-on-failure --timeout "$ARM64_TIMEOUT" -j "$JOBS" \
        ${exclude:+-LE "^($exclude)\$"} $ARM64_CTEST_ARGS) || status=$?
    elapsed "ctest" "$t"
    [ "$status" -eq 0 ] || fail "ctest under qemu-aarch64 (exit $status)"
fi

if want package; then
    step "arm64 packages"
    t=$(date +%s)
    sh "$here/install-deps.sh" "$here/packaging-packages.txt"
    rm -f "$BUILD"/*.deb
    # dpkg-shlibdeps for arm64 finds the libraries in the sysroot's folders
    # (packaging/CMakeLists.txt gives it them with -l) and asks dpkg-query
    # which package holds each: this dpkg-query answers from the sysroot's
    # database (dpkg_db), with the sysroot's paths.
    mkdir -p "$WORK/bin"
    cat > "$WORK/bin/dpkg-query" <<'WRAPPER'
#!/bin/sh
# dpkg-query on the arm64 sysroot's packages (platform/test-arm64.sh).
root=${FANGSIANG_ARM64_SYSROOT:?}
if [ "$1" = --search ]; then
    shift
    [ "$1" = -- ] && shift
    for f; do set -- "$@" "${f#"$root"}"; shift; done
    /usr/bin/dpkg-query --root="$root" --search -- "$@" | sed "s|: /|: $root/|"
else
    exec /usr/bin/dpkg-query --root="$root" "$@"
fi
WRAPPER
    chmod +x "$WORK/bin/dpkg-query"
    bin=$(cd "$WORK/bin" && pwd)
    (cd "$BUILD" && DEB_HOST_ARCH=arm64 FANGSIANG_ARM64_SYSROOT="$SYSROOT" PATH="$bin:$PATH" cpack -G DEB)
    lintian --fail-on error "$BUILD"/*.deb
    for deb in "$BUILD"/*.deb; do
        printf '%s: %s\n  Depends: %s\n' "$(basename "$deb")" "$(dpkg-deb -f "$deb" Architecture)" \
            "$(dpkg-deb -f "$deb" Depends)"
    done
    elapsed "packages" "$t"
fi
