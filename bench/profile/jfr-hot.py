#!/usr/bin/env python3
"""Hot methods of JFR recordings: the share of execution samples in which a method is the top
frame (self) and in which it is on the stack at all (total), over every recording given.

    bench/profile/jfr-hot.py [--top N] [--thread PREFIX] RECORDING.jfr...

Reads each recording through the JDK's own `jfr print --json` (JDK 17 has no `jfr view`).
"""
import argparse
import collections
import json
import subprocess


def samples(path, depth):
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", str(depth), "--events",
         "jdk.ExecutionSample", path],
        check=True, capture_output=True, text=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or "?"
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"]
                  for f in (values.get("stackTrace") or {}).get("frames", [])]
        yield thread, frames


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--depth", type=int, default=96)
    parser.add_argument("--thread", default="", help="only threads whose name starts so")
    parser.add_argument("recordings", nargs="+")
    args = parser.parse_args()
    own = collections.Counter()
    total = collections.Counter()
    threads = collections.Counter()
    count = 0
    for path in args.recordings:
        for thread, frames in samples(path, args.depth):
            if not frames or not thread.startswith(args.thread):
                continue
            count += 1
            threads[thread.rstrip("0123456789-")] += 1
            own[frames[0]] += 1
            for method in set(frames):
                total[method] += 1
    print(f"{count} execution samples")
    print("\nby thread (numbers stripped):")
    for name, n in threads.most_common(12):
        print(f"  {100 * n / count:5.1f}%  {name}")
    print("\nself (top frame):")
    for name, n in own.most_common(args.top):
        print(f"  {100 * n / count:5.1f}%  {name}")
    print("\ntotal (on the stack):")
    for name, n in total.most_common(args.top):
        print(f"  {100 * n / count:5.1f}%  {name}")


if __name__ == "__main__":
    main()
