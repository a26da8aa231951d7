#!/bin/sh
# Installs the Debian packages listed in platform/debian-packages.txt (or in
# the list given, e.g. platform/packaging-packages.txt for make package) that
# are not installed yet. Uses sudo when not run as root. Safe to run
# repeatedly: when nothing is missing it does nothing and needs no network.
set -eu
list="${1:-$(dirname "$0")/debian-packages.txt}"
missing=""
for pkg in $(grep -v '^[[:space:]]*#' "$list"); do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $pkg"
    fi
done
# The web dashboard is built with node and npm. Debian's nodejs and npm are
# installed only when there is no npm command at all: a machine with
# NodeSource's nodejs (which carries npm) would conflict with Debian's npm.
if ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

echo "Installing Debian packages:$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "error: packages are missing ($missing) and sudo is not available; install them as root" >&2
        exit 1
    }
    sudo=sudo
fi
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $missing
