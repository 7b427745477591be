#!/usr/bin/env python3
"""Save-to-reload latency of `rapport serve` on a site.

    python3 bench/serve.py RAPPORT_BINARY SITE_FOLDER [EDITS] [text|title]

Starts `rapport serve` on the site, connects to its reload events as a
browser tab does, then EDITS times (default 21) changes a playbook (an
in-place save, as most editors do): by default one word of its body's last
paragraph; with "title", its title, which changes the site graph. Measures
the time from the start of the write to the reload event. Prints each time, the
median, the server's own "N pages in X" build times, the processor time the
server used from the write to the reload event (all its threads, from
/proc/PID/task/*/schedstat: less sensitive than wall time to other work on
the machine) and the load average before and after. The site is edited in
place: give it a copy.
"""
import glob, os, random, re, socket, statistics, subprocess, sys, time, urllib.request

def cpu_ms(pid):
    """Processor time all of pid's threads have run, in ms (Linux; 0 elsewhere)."""
    total = 0
    for stat in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(stat) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total / 1e6

def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"

def main():
    binary, site = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 21
    kind = sys.argv[4] if len(sys.argv) > 4 else "text"
    port = 15000 + os.getpid() % 1000
    proc = subprocess.Popen([binary, "serve", "-src", site, "-addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if "serving" in line:
                break
        pages = sorted(glob.glob(os.path.join(site, "content", "*", "**", "*.md"), recursive=True))
        pages = [p for p in pages if not p.endswith("_index.md")]
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
        token = re.search(r"token=([0-9a-f]+)", home).group(1)
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(f"GET /__rapport/events?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        buf = b""
        while b": connected" not in buf:
            buf += sock.recv(4096)
        rng = random.Random(1)
        times, cpus = [], []
        load_before = loadavg()
        for i in range(edits):
            page = rng.choice(pages)
            with open(page, encoding="utf-8") as f:
                text = f.read()
            # add a word to the body's last paragraph line (not a heading,
            # list item, table or fence: the page's text changes, not its
            # structure, as when a trainer fixes a sentence)
            lines = text.rstrip("\n").split("\n")
            body = text.index("\n---", 3) if text.startswith("---") else 0
            fenced, inside = set(), False
            for k, l in enumerate(lines):
                if l.startswith("```") or l.startswith(":::"):
                    inside = not inside  # a calculator's or code block's lines are not prose
                if inside or l.startswith("```"):
                    fenced.add(k)
            last = max(k for k, l in enumerate(lines)
                       if l.strip() and l[0].isalpha() and k not in fenced and len("\n".join(lines[:k])) > body)
            if kind == "title":
                last = next(k for k, l in enumerate(lines) if l.startswith("title:"))
            if kind == "title" and lines[last].rstrip().endswith('"'):
                # inside the quotes: after them, the front matter is invalid
                # and the build fails instead of changing the title
                lines[last] = lines[last].rstrip()[:-1] + f' {i}"'
            else:
                lines[last] = lines[last] + f" {i}"
            time.sleep(0.3)
            t0, c0 = time.perf_counter(), cpu_ms(proc.pid)
            with open(page, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            buf = b""
            while b"event: reload" not in buf:
                buf += sock.recv(4096)
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append(cpu_ms(proc.pid) - c0)
        builds = []
        proc.terminate()
        out = proc.communicate(timeout=10)[0]
        failed = sum("build failed" in line for line in out.splitlines())
        if failed:
            print(f"warning: {failed} of the {edits} edits made a build fail: their times are of failed builds", file=sys.stderr)
        for line in out.splitlines():
            m = re.search(r"changed: \d+ pages in ([0-9.]+)(µs|ms|s)", line)
            if m:
                builds.append(float(m.group(1)) * {"µs": 0.001, "ms": 1, "s": 1000}[m.group(2)])
        print("save to reload event (ms):", " ".join(f"{t:.0f}" for t in times))
        print(f"median save to reload: {statistics.median(times):.0f} ms over {len(times)} edits")
        if builds:
            print(f"median rebuild (server's own timing, after the watcher's pause): {statistics.median(builds):.0f} ms")
        if any(cpus):
            print(f"median processor time of the server, write to reload event: {statistics.median(cpus):.0f} ms")
        print(f"load average before: {load_before}, after: {loadavg()}")
    finally:
        proc.kill()

main()
