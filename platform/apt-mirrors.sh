# Sourced by the scripts that make Debian roots with mmdebstrap
# (packaging/test-install.sh, platform/test-arm64.sh): sets $mirror and
# $security to the Debian and Debian security mirrors this machine's apt
# uses (deb822 or one-line sources), else Debian's own.
apt_sources="/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources"
# shellcheck disable=SC2086 # the globs are meant to expand
mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p; s/^deb \(http[^ ]*debian\) .*/\1/p' $apt_sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
# shellcheck disable=SC2086
security=$(sed -n 's/^URIs: *\([^ ]*debian-security\)$/\1/p; s/^deb \(http[^ ]*debian-security\) .*/\1/p' \
    $apt_sources 2>/dev/null | head -n 1)
security=${security:-http://deb.debian.org/debian-security}
