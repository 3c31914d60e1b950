#!/usr/bin/env python3
"""One scorecard from one `make bench`: the service end to end (target/bench/results.json) next to
the renderer alone, Pillow and vipsthumbnail on the same files (compare.sh's compare.tsv).

Usage: bench/scorecard.py [OUT_DIR]   (default target/bench)
All CPU figures are per image (per upload for the service). "x Pillow" and "x vips" are the other
tool's CPU per image over the service's CPU per upload: above 1 favours Thumbstream. "svc/renderer"
is the service's own CPU per upload over the renderer's per image (target <= 1.15).
Per corpus and event shape (bare: bucket + key; notification: S3 shape with ETag and size), each in
a fresh service process: the cold pass (the first after start), the second, and the steady state.
"""
import json
import sys

# Thread groups of the bench's /proc split (ChildThreads.group) -> the scorecard's columns.
THREAD_COLUMNS = [
    ("render", ("render threads",)),
    ("C2", ("JIT compiler C2", "JIT compiler")),
    ("C1", ("JIT compiler C1",)),
    ("workers", ("workers (fetch, store, result)",)),
    ("S3 client", ("S3 client (OkHttp)",)),
    ("progress", ("progress topology (Kafka Streams)",)),
    ("GC + VM", ("GC and VM",)),
    ("producers", ("Kafka producers",)),
]


def load_compare(path):
    """compare.tsv (name images wall_ts wall_pil wall_vips cpu_ts cpu_pil cpu_vips) -> CPU ms per image by tool."""
    compare = {}
    try:
        with open(path) as f:
            for line in f:
                if not line.strip():
                    continue
                name, images, _ts, _pil, _vips, tscpu, pilcpu, vipscpu = line.split()[:8]
                n = int(images)
                compare[name] = {k: (float(v) * 1000 / n if v != "nan" else None)
                                 for k, v in (("ts", tscpu), ("pil", pilcpu), ("vips", vipscpu))}
    except FileNotFoundError:
        pass
    return compare


def thread_split(by_group):
    """A {group: ms/upload} map as the scorecard's columns, plus 'other' (all the rest) and 'total'."""
    out, used = {}, set()
    for column, groups in THREAD_COLUMNS:
        out[column] = sum(by_group.get(g, 0.0) for g in groups)
        used.update(groups)
    out["other"] = sum(v for g, v in by_group.items() if g not in used)
    out["total"] = sum(by_group.values())
    return out


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


def ms(v):
    return f"{v:.1f}" if v else "n/a"


def pass_cpu(e, number):
    """CPU ms/upload of pass `number` (1 = cold) of an end-to-end result, or None."""
    return next((p["cpuMsPerUpload"] for p in e.get("passes", []) if p["number"] == number), None)


def rows(results, compare):
    """One row per end-to-end result: cold, second, third and steady CPU per upload and the other tools' figures."""
    out = []
    for e in results.get("endToEnd", []):
        c = compare.get(e["corpus"], {})
        out.append({
            "corpus": e["corpus"],
            "images": e["images"],
            "shape": e.get("shape", "notification"),
            "cold": pass_cpu(e, 1),
            "second": pass_cpu(e, 2),
            "third": pass_cpu(e, 3),
            "steady": e["processCpuMsPerImage"],
            "renderer": e.get("rendererCpuMsPerImage"),
            "pil": c.get("pil"),
            "vips": c.get("vips"),
            "ts": c.get("ts"),
            "ready": e.get("readySeconds"),
            "coldThreads": thread_split(e["passes"][0]["cpuMsPerUploadByThread"]) if e.get("passes") else None,
            "details": (f"{e['imagesPerSecond']:.1f} | {e['idleP50Ms']:.0f} / {e['idleP95Ms']:.0f} / "
                        f"{e['idleP99Ms']:.0f} ({e.get('idleJobP50Ms', 0):.0f}) | {e['peakHeapBytes'] >> 20} / "
                        f"{e['liveHeapBytes'] >> 20} / {e['maxHeapBytes'] >> 20}"),
        })
    return out


def mixes(table):
    """The generated catalogue mix (product + large), per shape: figures weighted by images, like the issue's 600 + 24."""
    out = []
    for shape in dict.fromkeys(r["shape"] for r in table):
        parts = [r for r in table if r["shape"] == shape and r["corpus"] in ("product", "large")]
        if len(parts) != 2:
            continue
        n = sum(r["images"] for r in parts)
        mix = {"corpus": f"catalogue mix (product + large, {n} images)", "images": n, "shape": shape,
               "ready": None, "coldThreads": None}
        for key in ("cold", "second", "third", "steady", "renderer", "pil", "vips", "ts"):
            vals = [r[key] for r in parts]
            mix[key] = sum(v * r["images"] for v, r in zip(vals, parts)) / n if all(vals) else None
        out.append(mix)
    return out


def render(results, compare):
    table = rows(results, compare)
    table += mixes(table)
    lines = [
        "| corpus | events | **cold** (pass 1) ms/upload | x Pillow / x vips | second pass | x Pillow / x vips "
        "| **steady** | x Pillow / x vips | svc/renderer steady (<= 1.15) | renderer ms/img | Pillow ms/img "
        "| vips ms/img | ready s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in table:
        lines.append(
            f"| {r['corpus']} | {r['shape']} | **{ms(r['cold'])}** | {ratio(r['pil'], r['cold'])} / "
            f"{ratio(r['vips'], r['cold'])} | {ms(r['second'])} | {ratio(r['pil'], r['second'])} / "
            f"{ratio(r['vips'], r['second'])} | **{ms(r['steady'])}** | {ratio(r['pil'], r['steady'])} / "
            f"{ratio(r['vips'], r['steady'])} | {ratio(r['steady'], r['renderer'])} | {ms(r['renderer'])} "
            f"| {ms(r['pil'])} | {ms(r['vips'])} | {ms(r['ready'])} |")
    split = [r for r in table if r["coldThreads"]]
    if split:
        cols = [c for c, _ in THREAD_COLUMNS] + ["other", "total"]
        lines += ["", "Cold pass, service CPU ms/upload by thread (/proc):", "",
                  "| corpus | events | " + " | ".join(cols) + " |",
                  "|---|---|" + "---:|" * len(cols)]
        for r in split:
            lines.append(f"| {r['corpus']} | {r['shape']} | "
                         + " | ".join(f"{r['coldThreads'][c]:.2f}" for c in cols) + " |")
    detailed = [r for r in table if r.get("details")]
    if detailed:
        lines += ["", "Steady state:", "", "| corpus | events | e2e img/s | idle p50 / p95 / p99 ms (job p50) "
                  "| heap peak / live / max MB |", "|---|---|---:|---:|---:|"]
        lines += [f"| {r['corpus']} | {r['shape']} | {r['details']} |" for r in detailed]
    third = [r for r in table if r["third"]]
    if third:
        lines += ["", "Third pass after start (ms/upload): " + "; ".join(
            f"{r['corpus']} {r['shape']} {r['third']:.1f}" for r in third) + "."]
    m = results["machine"]
    lines.append(
        f"\n{m['cores']} cores, {m['cpu']}, bench {m['java']}, service {results.get('serviceJava', '?')}; load average "
        f"{m['loadAverageAtStart']} at start, {m.get('loadAverageAtEnd', '?')} at end. Service = `thumbstream run` in "
        "its own JVM, started fresh per corpus and event shape; broker + S3 server in another; CPU of the service "
        "process only. Pillow/vips: bench/compare.sh on the same files, same run.")
    return "\n".join(lines)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
    with open(f"{out}/results.json") as f:
        results = json.load(f)
    e2e = results.get("endToEnd", [])
    if e2e and "serviceJava" not in results:
        results["serviceJava"] = e2e[0].get("serviceJava", "?")
    print(render(results, load_compare(f"{out}/compare.tsv")))


if __name__ == "__main__":
    main()
