#!/usr/bin/env python3
"""Pillow side of bench/compare.sh: what a user's script does, timed like Thumbstream's bench.

Usage: pillow-thumbnails.py SRC_DIR OUT_DIR WORKERS SIZE
Image.thumbnail((SIZE, SIZE)) + save as JPEG q85 for every image in SRC_DIR, in a
ProcessPoolExecutor with WORKERS processes. The pool is started and warmed up (one image per
worker) before the clock starts, as Thumbstream's bench warms up its JVM. Prints the wall
seconds and the CPU seconds (the workers' own CPU time for the images plus the parent's).
"""
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from PIL import Image

EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")


def thumbnail(job):
    src, dst, size = job
    cpu = time.process_time()
    with Image.open(src) as image:
        image.thumbnail((size, size))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(dst, "JPEG", quality=85)
    return time.process_time() - cpu


def main():
    src_dir, out_dir, workers, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(out_dir, exist_ok=True)
    names = sorted(n for n in os.listdir(src_dir) if n.lower().endswith(EXTENSIONS))
    jobs = [(os.path.join(src_dir, n), os.path.join(out_dir, n + ".jpg"), size) for n in names]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(thumbnail, jobs[:workers]))
        start, parent_cpu = time.perf_counter(), time.process_time()
        worker_cpu = sum(pool.map(thumbnail, jobs, chunksize=max(1, len(jobs) // (8 * workers))))
        wall = time.perf_counter() - start
        print(f"{wall:.3f} {worker_cpu + time.process_time() - parent_cpu:.3f}")


if __name__ == "__main__":
    main()
