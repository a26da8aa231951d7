#!/usr/bin/env python3
"""The kiosk beside the usual way kiosks are built: Chromium in kiosk mode
showing an equivalent static page of the same catalogue.

Both run under the same Xvfb display at 800x480 on this machine. Figures:
  cold start to the first frame: a fresh process until its first frame is read
    back (ours: bench_kiosk first-frame; Chromium: --headless --screenshot)
  memory at rest: private memory (Private_Clean + Private_Dirty, summed over
    every process of the program) and resident memory, after 3 s on screen
  CPU at rest: CPU time used over the next 10 s, all processes summed

usage: tests/bench/kiosk_vs_chromium.py BENCH_KIOSK_BINARY [--runs N]
Needs the Debian packages chromium and xvfb (it installs them when missing).
"""

import html
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTENT = os.path.join(ROOT, "assets", "content")
DISPLAY = ":97"


def ensure_packages():
    missing = [p for p, exe in (("chromium", "chromium"), ("xvfb", "Xvfb")) if shutil.which(exe) is None]
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "install", "-y", "--no-install-recommends"] + missing, check=True)


def catalogue_page(path):
    """The catalogue as one static page: the home tiles, every category and
    every service with its citizen-manual fields, in Thai."""
    with open(os.path.join(CONTENT, "catalogue.json"), encoding="utf-8") as f:
        cat = json.load(f)
    e = html.escape
    out = [
        "<!doctype html><html lang='th'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width'>",
        "<style>body{font-family:Loma,sans-serif;margin:0;background:#f4f3ef;color:#1c1c1c;font-size:18px}"
        "header{background:#135ea0;color:#fff;padding:12px 16px;font-size:22px;font-weight:bold}"
        ".tiles{display:grid;grid-template-columns:1fr 1fr;gap:12px;padding:12px}"
        ".tile{background:#fff;border:1px solid #ccc;border-radius:10px;height:160px;display:flex;"
        "align-items:center;justify-content:center;font-size:20px}"
        "section{padding:8px 16px}h2{color:#135ea0}h3{margin:12px 0 4px}</style></head><body>",
        f"<header>{e(cat['office']['name']['th'])}</header>",
        "<div class='tiles'><div class='tile'>ดูบริการ</div><div class='tile'>แจ้งเรื่องร้องเรียน</div>"
        "<div class='tile'>ประเมินความพึงพอใจ</div><div class='tile'>ติดตามเรื่อง</div></div>",
    ]
    for c in cat["categories"]:
        out.append(f"<section><h2>{e(c['name']['th'])}</h2>")
        for s in (s for s in cat["services"] if s["category"] == c["id"]):
            out.append(f"<h3>{e(s['name']['th'])}</h3><p>{e(s['unit']['th'])}</p>")
            fee = "ไม่มีค่าธรรมเนียม" if s["fee_baht"] == 0 else f"{s['fee_baht']} บาท"
            out.append(f"<p>ค่าธรรมเนียม: {e(fee)}</p><ol>")
            for step in s["steps"]:
                out.append(f"<li>{e(step['text']['th'])}</li>")
            out.append("</ol><ul>")
            for d in s.get("documents", []):
                out.append(f"<li>{e(d['name']['th'])}</li>")
            out.append(f"</ul><p>{e(s['where']['th'])} {e(s['hours']['th'])}</p>")
        out.append("</section>")
    out.append("</body></html>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--window-size=800,480",
]


def proc_tree(root):
    """root and all its descendants."""
    children = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(pid))
        except OSError:
            pass
    tree, todo = [], [root]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def sample(root):
    private_kb = rss_kb = 0
    cpu = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in proc_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    key, value = line.split()[:2]
                    if key == "Rss:":
                        rss_kb += int(value)
                    elif key in ("Private_Clean:", "Private_Dirty:"):
                        private_kb += int(value)
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError, IndexError):
            pass
    return private_kb / 1024, rss_kb / 1024, cpu


def at_rest(cmd, env):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(3)
    _, _, cpu0 = sample(proc.pid)
    time.sleep(10)
    private, rss, cpu1 = sample(proc.pid)
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait()
    return private, rss, (cpu1 - cpu0) * 100 / 10


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bench = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 10
    ensure_packages()
    work = tempfile.mkdtemp(prefix="fangsiang-vs-chromium-")
    page = os.path.join(work, "catalogue.html")
    catalogue_page(page)
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "800x480x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    env = dict(os.environ, DISPLAY=DISPLAY, SDL_VIDEODRIVER="x11")
    try:
        print(f"kiosk vs Chromium {subprocess.run(['chromium', '--version'], capture_output=True, text=True).stdout.strip()}"
              f" (Xvfb 800x480, {runs} cold starts each)")
        # Ours.
        ours = subprocess.run([bench, "--content", CONTENT, "--runs", str(runs)], env=env, cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
        print(ours.rstrip())
        # Chromium: cold start to a screenshot of the first frame.
        starts = []
        for i in range(runs):
            profile = tempfile.mkdtemp(dir=work)
            t = time.monotonic()
            subprocess.run(["chromium", "--headless", *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                            f"--screenshot={work}/shot.png", "file://" + page],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            starts.append((time.monotonic() - t) * 1000)
        print(f"  chromium cold start to first frame (headless screenshot): p50 {statistics.median(starts):.0f} ms"
              f"  max {max(starts):.0f} ms")
        private, rss, cpu = at_rest(["chromium", "--kiosk", *CHROMIUM_FLAGS,
                                     f"--user-data-dir={tempfile.mkdtemp(dir=work)}", "file://" + page], env)
        print(f"  chromium --kiosk at rest: private {private:.1f} MB  resident {rss:.1f} MB (all processes summed)"
              f"  CPU {cpu:.2f}% of a core over 10 s")
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
