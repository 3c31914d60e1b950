#!/usr/bin/env python3
"""One scorecard from one `make bench`: the service end to end (target/bench/results.json) next to
the renderer alone, Pillow and vipsthumbnail on the same files (compare.sh's compare.tsv).

Usage: bench/scorecard.py [OUT_DIR]   (default target/bench)
All CPU figures are per image (per upload for the service). Ratios above 1 favour Thumbstream
except "svc/renderer", the service's own CPU per upload over the renderer's per image (target <= 1.15).
"""
import json
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
results = json.load(open(f"{out}/results.json"))
compare = {}
try:
    for line in open(f"{out}/compare.tsv"):
        name, images, ts, pil, vips, tscpu, pilcpu, vipscpu = line.split()
        n = int(images)
        compare[name] = {k: (float(v) * 1000 / n if v != "nan" else None)
                         for k, v in (("ts", tscpu), ("pil", pilcpu), ("vips", vipscpu))}
except FileNotFoundError:
    pass


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


def ms(v):
    return f"{v:.1f}" if v else "n/a"


print("| corpus | renderer CPU ms/img | Pillow | vips | renderer vs Pillow / vips (CPU) "
      "| service CPU ms/upload | **svc/renderer** (<= 1.15) | **service vs Pillow** (>= 1.25) "
      "| e2e img/s (renderer img/s) | idle latency p50/p95/p99 ms (job p50) | service heap peak / live / max MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
def renderer_of(e):
    """The renderer-only result with the most threads on the same corpus and renditions."""
    return max((r for r in results["renderer"] if r["corpus"] == e["corpus"] and r["renditions"] == e["renditions"]),
               key=lambda r: r["threads"], default=None)


def renderer_cpu(e):
    """The renderer's CPU per image: from its passes between the service's rounds (older results: its own run)."""
    renderer = renderer_of(e)
    return e.get("rendererCpuMsPerImage") or (renderer["processCpuMsPerImage"] if renderer else None)


for e in results.get("endToEnd", []):
    name = e["corpus"]
    renderer = renderer_of(e)
    c = compare.get(name, {})
    rend_cpu = renderer_cpu(e)
    svc = e["processCpuMsPerImage"]
    print(f"| {name} | {ms(rend_cpu)} (compare: {ms(c.get('ts'))}) | {ms(c.get('pil'))} | {ms(c.get('vips'))} "
          f"| {ratio(c.get('pil'), c.get('ts'))} / {ratio(c.get('vips'), c.get('ts'))} "
          f"| {svc:.1f} | **{ratio(svc, rend_cpu)}** | **{ratio(c.get('pil'), svc)}** "
          f"| {e['imagesPerSecond']:.1f} ({renderer['imagesPerSecond']:.1f}) "
          f"| {e['idleP50Ms']:.0f} / {e['idleP95Ms']:.0f} / {e['idleP99Ms']:.0f} ({e.get('idleJobP50Ms', 0):.0f}) "
          f"| {e['peakHeapBytes'] >> 20} / {e['liveHeapBytes'] >> 20} / {e['maxHeapBytes'] >> 20} |")
# The catalogue: photos of products plus a few large photos, one CPU figure per image for
# each tool: CPU summed over both corpora, divided by their images (the mix the bench generates,
# 200 + 10 or 1000 + 50 images; the was 600 + 24).
mix = [e for e in results.get("endToEnd", []) if e["corpus"] in ("product", "large")]
if len(mix) == 2 and all(compare.get(e["corpus"], {}).get("pil") for e in mix):
    n = sum(e["images"] for e in mix)
    def per_image(f):
        return sum(f(e) * e["images"] for e in mix) / n
    svc = per_image(lambda e: e["processCpuMsPerImage"])
    r_cpu = per_image(renderer_cpu)
    pil = per_image(lambda e: compare[e["corpus"]]["pil"])
    vips = per_image(lambda e: compare[e["corpus"]]["vips"] or 0) or None
    ts = per_image(lambda e: compare[e["corpus"]]["ts"])
    print(f"| catalogue mix (product + large, {n} images) | {ms(r_cpu)} (compare: {ms(ts)}) | {ms(pil)} | {ms(vips)} "
          f"| {ratio(pil, ts)} / {ratio(vips, ts)} | {svc:.1f} | **{ratio(svc, r_cpu)}** | **{ratio(pil, svc)}** "
          f"| | | |")
m = results["machine"]
print(f"\n{m['cores']} cores, {m['cpu']}, {m['java']}; load average {m['loadAverageAtStart']} at start, "
      f"{m.get('loadAverageAtEnd', '?')} at end. Service = `thumbstream run` in its own JVM; broker + S3 "
      "server in another; CPU of the service process only.")
