# Sourced by the scripts that run cage headless (tests/platform/
# wayland_session_test.sh, tests/bench/cage_session.sh).
#
# cage_as_user USER COMMAND...: runs COMMAND as is when not root; as root,
# as USER (cage refuses to run as root: it could not drop root for good),
# in a mount namespace with a fresh /tmp/.X11-unix, because cage starts
# Xwayland, which refuses that folder when another user's session left it
# behind.
cage_as_user() {
    cage_user=$1
    shift
    if [ "$(id -u)" != 0 ]; then
        "$@"
        return
    fi
    [ -d /tmp/.X11-unix ] || mkdir -m 1777 /tmp/.X11-unix
    unshare --mount --propagation private -- sh -c \
        'mount -t tmpfs -o mode=1777 tmpfs /tmp/.X11-unix && exec runuser -u "$0" -- "$@"' "$cage_user" "$@"
}
