#!/bin/sh
# The packages as an office's IT person meets them, in a clean Debian 12
# root: install fangsiang-hub and fangsiang-kiosk with apt, set up the hub
# and serve it over TLS with its installed config, enrol the kiosk, make a
# record on it and sync it, check the hub holds it, then purge both and
# check nothing of theirs is left.
#
#   sh packaging/test-install.sh [PACKAGE_BUILD]   (default build/package;
#                                                    make test-install)
#
# Needs root (chroot, mounts) and the network for the Debian mirror named in
# /etc/apt/sources.list. The clean root is made once with mmdebstrap and
# kept as a tarball under build/install-test/; downloaded .debs are kept
# there too, so a rerun needs only apt's package lists.
set -eu

BUILD=${1:-build/package}
WORK=build/install-test
ROOT=$WORK/root
TARBALL=$WORK/bookworm-minbase.tar
ARCHIVES=$WORK/apt-archives
SUITE=bookworm

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'test-install: FAILED: %s\n' "$*" >&2; exit 1; }
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() { user=$1; shift; in_root runuser -u "$user" -- "$@"; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it makes a chroot): sudo make test-install"
start=$(date +%s)

# The mirrors this machine's apt uses: $mirror and $security.
. "$(dirname "$0")/../platform/apt-mirrors.sh"

hub_pid=""
cleanup() {
    if [ -n "$hub_pid" ] && kill -0 "$hub_pid" 2>/dev/null; then
        kill "$hub_pid"
        wait "$hub_pid" || true
    fi
    for m in "$ROOT/var/cache/apt/archives" "$ROOT/dev/pts" "$ROOT/dev" "$ROOT/proc"; do
        mountpoint -q "$m" 2>/dev/null && umount -l "$m"
    done
    rm -rf "$ROOT"
}
trap cleanup EXIT INT TERM

step "The packages (make package)"
set -- "$BUILD"/fangsiang-kiosk_*.deb "$BUILD"/fangsiang-hub_*.deb "$BUILD"/fangsiang-data_*.deb
for deb in "$@"; do
    [ -f "$deb" ] || fail "$deb is missing: run make package first"
    echo "$deb"
done

step "A clean Debian 12 root ($mirror)"
mkdir -p "$WORK" "$ARCHIVES/partial"
if [ ! -f "$TARBALL" ]; then
    echo "making $TARBALL with mmdebstrap (once; later runs reuse it)"
    mmdebstrap --variant=minbase --include=ca-certificates "$SUITE" "$TARBALL.part.tar" \
        "deb $mirror $SUITE main" "deb $mirror $SUITE-updates main" "deb $security $SUITE-security main"
    mv "$TARBALL.part.tar" "$TARBALL"
else
    echo "reusing $TARBALL"
fi
rm -rf "$ROOT"
mkdir -p "$ROOT"
tar -C "$ROOT" -xf "$TARBALL"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
mount --bind "$ARCHIVES" "$ROOT/var/cache/apt/archives"
mkdir -p "$ROOT/root/debs"
cp "$@" "$ROOT/root/debs/"

step "What the packages depend on, from Debian (apt-get satisfy)"
deps=""
for deb in "$@"; do
    for field in Depends Recommends; do
        value=$(dpkg-deb -f "$deb" "$field")
        [ -n "$value" ] && deps="$deps${deps:+, }$value"
    done
done
# Our own packages come later, from their files.
# systemd too: Debian 12 and Raspberry Pi OS boot with it, and
# systemd-analyze reads the units against it.
deps=$(printf '%s' "systemd, $deps" | tr ',' '\n' | grep -v 'fangsiang-' | sed 's/^ *//' | paste -sd, - | sed 's/,/, /g')
echo "$deps"
in_root apt-get update -q
DEBIAN_FRONTEND=noninteractive in_root apt-get satisfy -y -q --no-install-recommends "$deps"

# The file list of the root before the packages and after their purge: what
# differs must be only what Debian policy lets a purge leave (dpkg's and
# apt's own records, logs and caches, the system users kept by design).
file_list() {
    (cd "$ROOT" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./tmp -o -path ./run \
        -o -path ./var/cache -o -path ./var/log -o -path ./var/lib/dpkg -o -path ./var/lib/apt \
        -o -path ./root/debs \) -prune -o -print) | sort
}
file_list >"$WORK/files-before.txt"

step "apt-get install ./fangsiang-hub_*.deb ./fangsiang-kiosk_*.deb (and fangsiang-data)"
DEBIAN_FRONTEND=noninteractive in_root sh -c 'apt-get install -y -q /root/debs/*.deb'
in_root dpkg -l 'fangsiang-*' | tail -n 3

step "What the install made"
for path in /usr/bin/fangsiang-hub /usr/bin/fangsiang-kiosk /etc/fangsiang/hub.conf /etc/fangsiang/kiosk.toml \
    /etc/pam.d/fangsiang-kiosk /lib/systemd/system/fangsiang-hub.service /lib/systemd/system/fangsiang-kiosk.service \
    /usr/share/fangsiang/content/catalogue.json /usr/share/man/man1/fangsiang-hub.1.gz; do
    [ -e "$ROOT$path" ] || fail "$path was not installed"
    echo "present: $path"
done
for user in fangsiang-hub fangsiang-kiosk; do
    in_root getent passwd "$user" || fail "no system user $user"
    mode=$(in_root stat -c '%a %U' "/var/lib/$user")
    echo "/var/lib/$user: mode and owner $mode"
    [ "$mode" = "700 $user" ] || fail "/var/lib/$user should be 700 and $user's"
done
for unit in fangsiang-hub fangsiang-kiosk; do
    [ -L "$ROOT/etc/systemd/system/multi-user.target.wants/$unit.service" ] || fail "$unit.service is not enabled"
    echo "enabled: $unit.service"
done

step "The units, as systemd reads them (systemd-analyze verify and security, on the installed root)"
systemd-analyze verify --man=no --root="$ROOT" fangsiang-hub.service fangsiang-kiosk.service
echo "systemd-analyze verify: no complaints"
systemd-analyze security --offline=yes --root="$ROOT" fangsiang-hub.service | tail -n 1
systemd-analyze security --offline=yes --root="$ROOT" fangsiang-kiosk.service | tail -n 1

step "The hub: init as its system user"
as_user fangsiang-hub fangsiang-hub --dir /var/lib/fangsiang-hub init

step "TLS: a certificate for 127.0.0.1 in /etc/fangsiang/tls, named in hub.conf"
mkdir -p "$ROOT/etc/fangsiang/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$ROOT/etc/fangsiang/tls/hub.key" \
    -out "$ROOT/etc/fangsiang/tls/hub.crt" 2>/dev/null
in_root chown root:fangsiang-hub /etc/fangsiang/tls/hub.key
in_root chmod 0640 /etc/fangsiang/tls/hub.key
sed -i -e 's/^FANGSIANG_HUB_PORT=.*/FANGSIANG_HUB_PORT=0/' \
    -e 's/^#FANGSIANG_HUB_CERT=/FANGSIANG_HUB_CERT=/' -e 's/^#FANGSIANG_HUB_KEY=/FANGSIANG_HUB_KEY=/' \
    "$ROOT/etc/fangsiang/hub.conf"
grep '^FANGSIANG' "$ROOT/etc/fangsiang/hub.conf"

step "The hub serves: the unit's ExecStart with hub.conf as its environment, as fangsiang-hub"
# As systemd runs it: the unit's user, its EnvironmentFile, no PAM; setpriv
# execs the hub itself, so the stop below reaches it.
exec_start=$(sed -n 's/^ExecStart=//p' "$ROOT/lib/systemd/system/fangsiang-hub.service")
echo "ExecStart: $exec_start"
PORT_FILE=/tmp/fangsiang-hub.port
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 sh -c \
    "set -a; . /etc/fangsiang/hub.conf; set +a; exec setpriv --reuid=fangsiang-hub --regid=fangsiang-hub --init-groups -- $exec_start --port-file $PORT_FILE" >"$WORK/hub.log" 2>&1 &
hub_pid=$!
i=0
while [ ! -s "$ROOT$PORT_FILE" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$hub_pid" 2>/dev/null; then
        cat "$WORK/hub.log" >&2
        fail "the hub did not start"
    fi
    sleep 0.1
done
URL="https://127.0.0.1:$(cat "$ROOT$PORT_FILE")"
cat "$WORK/hub.log"

step "An officer makes an enrolment code"
as_user fangsiang-hub fangsiang-hub --dir /var/lib/fangsiang-hub enroll --office 6340105 \
    --name "เทศบาลตำบลบ้านสวนดอกไม้" --url "$URL" --ttl 10 2>/dev/null | head -n 8 | tee "$WORK/enrol.txt"
CODE=$(sed -n 3p "$WORK/enrol.txt" | tr -d ' ')
FINGERPRINT=$(sed -n 's/^hub fingerprint //p' "$WORK/enrol.txt")

step "The kiosk enrols, as its system user, trusting the hub's certificate"
as_user fangsiang-kiosk fangsiang-kiosk enroll "$URL" "$CODE" --fingerprint "$FINGERPRINT" \
    --label "counter 1" --ca /etc/fangsiang/tls/hub.crt --data /var/lib/fangsiang-kiosk

step "The installed kiosk finds its content and fonts without flags (scripted demo, offscreen)"
as_user fangsiang-kiosk sh -c 'cd /tmp && mkdir -p kiosk-demo && cd kiosk-demo && \
    fangsiang-kiosk demo --script --sizes 800x480' | tail -n 6
rm -rf "$ROOT/tmp/kiosk-demo"

step "A citizen's records on the kiosk (store-demo), then sync"
as_user fangsiang-kiosk fangsiang-kiosk store-demo --data /var/lib/fangsiang-kiosk
as_user fangsiang-kiosk fangsiang-kiosk sync --data /var/lib/fangsiang-kiosk --ca /etc/fangsiang/tls/hub.crt

step "The hub holds them"
stats=$(as_user fangsiang-hub fangsiang-hub --dir /var/lib/fangsiang-hub stats)
echo "$stats"
case "$stats" in
*'"records":3'*) echo "the hub holds the kiosk's 3 records" ;;
*) fail "the hub should hold 3 records" ;;
esac
as_user fangsiang-hub fangsiang-hub --dir /var/lib/fangsiang-hub device list

step "A backup while the hub runs, and its restore beside it (as docs/INSTALL.md says)"
in_root install -d -o fangsiang-hub -g fangsiang-hub -m 0700 /var/lib/fangsiang-hub-backups
as_user fangsiang-hub fangsiang-hub --dir /var/lib/fangsiang-hub \
    backup --to /var/lib/fangsiang-hub-backups --keep 14 --with-keys
backup=$(in_root sh -c 'ls -d /var/lib/fangsiang-hub-backups/fangsiang-hub-*' | tail -n 1)
as_user fangsiang-hub fangsiang-hub --dir /var/lib/fangsiang-hub-backups/restored restore --from "$backup" ||
    fail "the backup did not restore"
in_root rm -rf /var/lib/fangsiang-hub-backups

step "Stop the hub"
kill -TERM "$hub_pid"
wait "$hub_pid" || fail "the hub did not stop cleanly"
hub_pid=""
tail -n 1 "$WORK/hub.log"
rm -f "$ROOT$PORT_FILE"
# The certificate is the IT person's own file, not the package's: they
# remove it themselves (a purge leaves it, as it should).
rm -rf "$ROOT/etc/fangsiang/tls"

step "dpkg --purge fangsiang-kiosk fangsiang-hub fangsiang-data"
in_root dpkg --purge fangsiang-kiosk fangsiang-hub fangsiang-data

step "Nothing stray: the root's files before the install and after the purge"
file_list >"$WORK/files-after.txt"
# The system users stay by design (postrm): adduser's backups of the
# account files are allowed.
allowed='^\./etc/(passwd|group|shadow|gshadow)-$'
stray=$(diff "$WORK/files-before.txt" "$WORK/files-after.txt" | sed -n 's/^[<>] //p' | grep -Ev "$allowed" || true)
diff "$WORK/files-before.txt" "$WORK/files-after.txt" || true
if [ -n "$stray" ]; then
    fail "left behind or lost: $stray"
fi
for user in fangsiang-hub fangsiang-kiosk; do
    in_root getent passwd "$user" >/dev/null && echo "kept, as Debian's adduser advises: system user $user"
done
echo "nothing stray: the file lists match (users' account-file backups aside)"

step "Done in $(($(date +%s) - start)) s"
