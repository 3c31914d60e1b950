#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: share per thread group and the top frames.

Usage: jfr-top.py RECORDING.jfr [THREAD_SUBSTRING] [N] [FROM TO]
Reads `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample`. Java frames only: time in
native code shows as its Java caller. Native-method samples count only where the native code
computes (libjpeg-turbo, libdeflate, zlib, digests); elsewhere a thread in native code is mostly waiting
(epoll, socket reads), which is not CPU. With THREAD_SUBSTRING, only samples of threads whose
name contains it count for the frame tables; FROM and TO (HH:MM:SS, as in the log) limit the
samples to a time window, e.g. the end-to-end phase of `thumbstream bench`.
"""
import collections
import re
import subprocess
import sys

GROUPS = [  # thread-name pattern -> group shown in the split
    (r"thumbstream-bench-\d", "renderer bench workers"),
    (r"thumbstream-s3-", "storage client (OkHttp calls on the store's own executor)"),
    (r"ForkJoinPool.commonPool", "common pool (CompletableFuture *Async without an executor)"),
    (r"thumbstream-worker|thumbstream-render", "service workers (fetch, render, store)"),
    (r"thumbstream-poll|thumbstream-", "service poll loop / other service threads"),
    (r"qtp|S3Proxy|jclouds|user thread", "embedded S3 server (Jetty, jclouds)"),
    (r"kafka-producer|kafka-coordinator|kafka-consumer|consumer|producer", "Kafka clients"),
    (r"OkHttp|okhttp", "MinIO SDK (OkHttp)"),
    (r"data-plane|kafka|broker|raft|controller|RequestHandler|log-cleaner|ExpirationReaper|scheduler|quorum", "embedded Kafka broker"),
    (r"GC|G1|C1|C2|Compiler|VM Thread", "JVM (GC, JIT)"),
    (r"^Thread-\d+$", "unnamed threads (CompletableFuture thread-per-task: MinIO SDK async calls)"),
]


COMPUTING_NATIVE = ("TurboJpeg", "WholeInflate", "Inflater", "Deflater", "Digest", "SHA", "MD5")


def group(thread):
    for pattern, name in GROUPS:
        if re.search(pattern, thread):
            return name
    return "other: " + re.sub(r"[-_ ]?\d+$", "", thread)


def main():
    recording = sys.argv[1]
    only = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    window = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else None
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", recording],
                          capture_output=True, text=True, check=True).stdout
    groups, top, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for event in re.split(r"\n(?=jdk\.(?:ExecutionSample|NativeMethodSample))", text):
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        frames = re.findall(r"^\s+([\w.$<>]+\([^)]*\))\s+line:", event, re.M)
        when = re.search(r"startTime = ([\d:]+)", event)
        if not thread or not frames or not when:
            continue
        if window and not window[0] <= when.group(1) <= window[1]:
            continue
        if event.startswith("jdk.NativeMethodSample") and not any(k in frames[0] for k in COMPUTING_NATIVE):
            continue
        groups[group(thread.group(1))] += 1
        if only and only not in thread.group(1):
            continue
        total += 1
        top[frames[0]] += 1
        for frame in set(frames):
            inclusive[frame] += 1
    all_samples = sum(groups.values())
    print(f"samples by thread group ({all_samples}):")
    for name, count in groups.most_common():
        print(f"  {100 * count / all_samples:5.1f}%  {name}")
    print(f"\ntop frames (self){' of threads matching ' + only if only else ''} ({total} samples):")
    for frame, count in top.most_common(n):
        print(f"  {100 * count / total:5.1f}%  {frame}")
    print("\ntop frames (inclusive):")
    for frame, count in inclusive.most_common(n):
        print(f"  {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
