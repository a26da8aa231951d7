# Sourced by the scripts that run cage (tests/platform/
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

# start_xvfb LOG: an X server of its own for cage's X11 backend, 1280x1024,
# on the first display number from 90 with no lock file; returns when it
# answers. Sets xvfb_display (":N") and xvfb_pid. Clients reach it by its
# abstract socket, which the mount namespace of cage_as_user does not hide.
start_xvfb() {
    n=90
    while [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    xvfb_display=":$n"
    Xvfb "$xvfb_display" -screen 0 1280x1024x24 -nolisten tcp -ac >"$1" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 1 50); do
        xwd -root -display "$xvfb_display" -silent >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "Xvfb did not answer on $xvfb_display in 5 s:" >&2
    cat "$1" >&2
    return 1
}
