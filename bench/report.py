#!/usr/bin/python3
"""The W1–W10 summary of bench/RESULTS.md and its charts, from what the bench scripts measured.

Reads bench/data/tables.tsv, bench/data/live.tsv and bench/data/live_write_cost.tsv (written by
bench/tables.sh, bench/live.sh and bench/live_write_cost.sh)
and bench/sections/cold.md; writes bench/sections/summary.md and bench/charts/*.png.
Run by bench/assemble.sh with Debian's python3 (python3-matplotlib, installed by setup.sh --bench).
"""
import csv
import os
import platform
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name):
    path = os.path.join(ROOT, "bench", "data", name + ".tsv")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {k: v for k, v in csv.reader(f, delimiter="\t")}


def num(d, key):
    try:
        return float(d[key])
    except (KeyError, ValueError):
        return None


def machine():
    cores = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    return f"{cores} cores{' (' + model + ')' if model else ''}, {mem:.0f} GiB, {platform.system()} {platform.release()}"


def main():
    t = load("tables")
    lv = load("live")
    cold = open(os.path.join(ROOT, "bench", "sections", "cold.md")).read() if os.path.exists(
        os.path.join(ROOT, "bench", "sections", "cold.md")) else ""
    m = re.search(r"Flush (\d+) rows .*?\| (\d+) rows/s", cold)
    flush_rows_s = float(m.group(2)) if m else None

    rows = []  # (W, workload, kalam text, pg text, ratio, durability)

    def fmt(v, unit, digits=0):
        if v is None:
            return "—"
        return f"{v:,.{digits}f} {unit}".strip()

    def ratio(k, p, higher_better):
        if k is None or p is None or k == 0 or p == 0:
            return "—"
        r = k / p if higher_better else p / k
        return f"{r:.2f}×"

    fsync = "fsync'd / synchronous_commit=on"
    nofsync = "WAL, no fsync / synchronous_commit=off"
    for key, label, dur in [("ins_sync_c1", "single-row INSERT, 1 conn", fsync),
                            ("ins_sync_c8", "single-row INSERT, 8 conns", fsync),
                            ("ins_sync_c64", "single-row INSERT, 64 conns", fsync),
                            ("ins_async_c1", "single-row INSERT, 1 conn", nofsync),
                            ("ins_async_c8", "single-row INSERT, 8 conns", nofsync)]:
        k, p = num(t, f"{key}.k_rps"), num(t, f"{key}.p_tps")
        k50, k99, pavg = num(t, f"{key}.k_p50"), num(t, f"{key}.k_p99"), num(t, f"{key}.p_lat")
        rows.append(("W1", label, f"{fmt(k, 'req/s')} (p50 {fmt(k50, 'ms', 3)}, p99 {fmt(k99, 'ms', 3)})",
                     f"{fmt(p, 'tps')} (avg {fmt(pavg, 'ms', 3)})", ratio(k, p, True), dur))
    for key, label, n in [("bulk100_sync_c1", "100-row INSERT, 1 conn", 100),
                          ("bulk_sync_c1", "1,000-row INSERT, 1 conn", 1000)]:
        k, p = num(t, f"{key}.k_rps"), num(t, f"{key}.p_tps")
        rows.append(("W2", label, fmt(k and k * n, "rows/s"), fmt(p and p * n, "rows/s"), ratio(k, p, True), fsync))
    for key, label in [("point_c1", "PK point SELECT, key literal, 1 conn"),
                       ("point_c8", "PK point SELECT, key literal, 8 conns"),
                       ("pointp_c1", "PK point SELECT, key as $1 (≈ pgbench -M prepared), 1 conn"),
                       ("pointp_c8", "PK point SELECT, key as $1 (≈ pgbench -M prepared), 8 conns")]:
        k, p = num(t, f"{key}.k_rps"), num(t, f"{key}.p_tps")
        if k is None:
            continue
        rows.append(("W3", label, f"{fmt(k, 'req/s')} (p50 {fmt(num(t, key + '.k_p50'), 'ms', 3)})",
                     f"{fmt(p, 'tps')} (avg {fmt(num(t, key + '.p_lat'), 'ms', 3)})", ratio(k, p, True), "reads"))
    k, p = num(t, "scan_c1.k_p50"), num(t, "scan_c1.p_lat")
    rows.append(("W4", "newest 50 of a user's 10k rows (7k in Parquet + 3k hot), 1 conn",
                 f"p50 {fmt(k, 'ms', 3)}", f"avg {fmt(p, 'ms', 3)} (heap + RLS)", ratio(k, p, False), "reads"))
    for n in ("1", "1000"):
        k, p = num(lv, f"k.{n}.ack_p50"), num(lv, f"pg.{n}.ack_p50")
        rows.append(("W5", f"change notification, {n} subscriber(s): ack → last, p50 (p99)",
                     f"{fmt(k, 'ms', 2)} ({fmt(num(lv, f'k.{n}.ack_p99'), 'ms', 2)})",
                     f"{fmt(p, 'ms', 2)} ({fmt(num(lv, f'pg.{n}.ack_p99'), 'ms', 2)}) LISTEN/NOTIFY",
                     ratio(k, p, False) if k else "—", fsync))
    if num(lv, "c.1000.ack_p50"):
        rows.append(("W5", "change notification, 1000 subscribers, C++ client: ack → last, p50 (p99)",
                     f"{fmt(num(lv, 'c.1000.ack_p50'), 'ms', 2)} ({fmt(num(lv, 'c.1000.ack_p99'), 'ms', 2)})",
                     "—", "—", fsync))
        rows.append(("W6", "fan-out over 1,000 connections, single-row INSERTs, C++ client (CPU-s per 1k frames)",
                     f"{fmt(num(lv, 'cfan1.fps'), 'frames/s')} ({lv.get('cfan1.cpu', '—')})", "—", "—", "—"))
        rows.append(("W6", "fan-out over 1,000 connections, 100-row INSERTs, C++ client (CPU-s per 1k changes)",
                     f"{fmt(num(lv, 'cfan.cps'), 'changes/s')} ({lv.get('cfan.cpu', '—')})", "—", "—", "—"))
    rows.append(("W6", "fan-out over 1,000 connections, 100-row INSERTs (CPU-s per 1k changes)",
                 f"{fmt(num(lv, 'fan.cps'), 'changes/s')} in {fmt(num(lv, 'fan.fps'), 'frames/s')} ({lv.get('fan.cpu', '—')})",
                 "—", "—", "—"))
    rows.append(("W6", "fan-out over 1,000 connections, single-row INSERTs (CPU-s per 1k frames)",
                 f"{fmt(num(lv, 'fan1.fps'), 'frames/s')} ({lv.get('fan1.cpu', '—')})", "—", "—", "—"))
    rows.append(("W6", "fan-out with per-user isolation: 50 users × 20 connections, USER table",
                 f"{fmt(num(lv, 'ufan.cps'), 'changes/s')} ({lv.get('ufan.cpu', '—')}), no foreign row", "—", "—", "—"))
    rows.append(("W7", "idle subscriptions per GiB of server RSS",
                 fmt(num(lv, "idle.per_gib"), ""), "— (a LISTEN needs a backend process each)", "—", "—"))
    wc = load("live_write_cost")
    if num(wc, "wc.off.us"):
        rows.append(("W7", "write cost of live queries, 0 matching subscriptions: single-row INSERT, 8 conns, "
                           "server µs (table never subscribed / another user subscribed / the writer "
                           "subscribed once and left / … and left more than the change-log retention ago)",
                     f"{wc.get('wc.on.cost', '—')} % / {wc.get('wc.others.cost', '—')} % / "
                     f"{wc.get('wc.watched.cost', '—')} % / {wc.get('wc.expired.cost', '—')} % over live off "
                     f"({wc.get('wc.off.us', '—')} µs)", "—", "—", "no fsync"))
    rows.append(("W8", "flush to Parquet", fmt(flush_rows_s, "rows/s"), "—", "—", "zstd Parquet, fsync'd"))
    k, p = num(t, "agg_c1.k_p50"), num(t, "agg_c1.p_lat")
    rows.append(("W9", "count/sum/count DISTINCT over 1M rows (KalamDB: in Parquet)",
                 f"p50 {fmt(k, 'ms', 1)}", f"avg {fmt(p, 'ms', 1)} (heap)", ratio(k, p, False), "reads"))
    k, p = num(lv, "k.resume.ms"), num(lv, "pg.resume.ms")
    rows.append(("W10", "catch up 10,000 missed changes after a disconnect",
                 f"{fmt(k, 'ms', 1)} (from_seq replay)", f"{fmt(p, 'ms', 1)} (catch-up query; no replay)",
                 ratio(k, p, False), "—"))

    out = [
        "## Summary — W1–W10, KalamDB vs PostgreSQL 15",
        "",
        f"Machine: {machine()}; both servers and the load generators on it, over loopback.",
        "KalamDB over HTTP + JSON (wrk, Node), PostgreSQL over its wire protocol (pgbench `-M prepared`,",
        "node-postgres), row-level security per user. Ratio: how many times better KalamDB is (its",
        "throughput ÷ PostgreSQL's, or PostgreSQL's latency ÷ its own); below 1 PostgreSQL is ahead.",
        "Details and targets in the sections below; charts in `bench/charts/`.",
        "",
        "| W | workload | KalamDB | PostgreSQL 15 | ratio | durability |",
        "|---|---|---|---|---|---|",
    ]
    out += [f"| {w} | {label} | {k} | {p} | {r} | {d} |" for w, label, k, p, r, d in rows]
    out += ["", "![throughput vs connections](charts/throughput_vs_connections.png)",
            "![latency](charts/latency.png)", ""]
    with open(os.path.join(ROOT, "bench", "sections", "summary.md"), "w") as f:
        f.write("\n".join(out))

    charts(t, lv)
    print("bench: wrote bench/sections/summary.md and bench/charts/")


def charts(t, lv):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.exit("bench: matplotlib is missing (scripts/setup.sh --bench installs python3-matplotlib)")
    outdir = os.path.join(ROOT, "bench", "charts")
    os.makedirs(outdir, exist_ok=True)

    conns = [1, 8, 64]
    k = [num(t, f"ins_sync_c{c}.k_rps") or 0 for c in conns]
    p = [num(t, f"ins_sync_c{c}.p_tps") or 0 for c in conns]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(conns, k, marker="o", label="KalamDB (HTTP, fsync'd group commit)")
    ax.plot(conns, p, marker="s", label="PostgreSQL 15 + RLS (synchronous_commit=on)")
    ax.set_xscale("log", base=2)
    ax.set_xticks(conns, [str(c) for c in conns])
    ax.set_xlabel("connections")
    ax.set_ylabel("single-row INSERTs per second")
    ax.set_title("W1 — throughput vs connections")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "throughput_vs_connections.png"), dpi=100)
    plt.close(fig)

    groups = [
        ("W1 INSERT\n1 conn", num(t, "ins_sync_c1.k_p50"), num(t, "ins_sync_c1.k_p99"), num(t, "ins_sync_c1.p_lat"), None),
        ("W3 point\n1 conn", num(t, "point_c1.k_p50"), num(t, "point_c1.k_p99"), num(t, "point_c1.p_lat"), None),
        ("W4 scan\nhot+cold", num(t, "scan_c1.k_p50"), num(t, "scan_c1.k_p99"), num(t, "scan_c1.p_lat"), None),
        ("W5 notify\n1 sub", num(lv, "k.1.ack_p50"), num(lv, "k.1.ack_p99"), num(lv, "pg.1.ack_p50"), num(lv, "pg.1.ack_p99")),
        ("W5 notify\n1000 subs", num(lv, "k.1000.ack_p50"), num(lv, "k.1000.ack_p99"), num(lv, "pg.1000.ack_p50"), num(lv, "pg.1000.ack_p99")),
    ]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    width = 0.2
    for i, (label, k50, k99, p50, p99) in enumerate(groups):
        bars = [("KalamDB p50", k50, "#2a7"), ("KalamDB p99", k99, "#7c9"), ("PostgreSQL p50 / avg", p50, "#36c"),
                ("PostgreSQL p99", p99, "#8ae")]
        for j, (name, v, color) in enumerate(bars):
            if v is not None:
                ax.bar(i + (j - 1.5) * width, v, width, color=color, label=name if i == 3 else None)
    ax.set_xticks(range(len(groups)), [g[0] for g in groups])
    ax.set_yscale("log")
    ax.set_ylabel("milliseconds (log scale)")
    ax.set_title("Latency percentiles (pgbench reports an average: shown as PostgreSQL p50 / avg)")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "latency.png"), dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    main()
