#!/usr/bin/env python3
"""Where the time goes, from a Java Flight Recorder file: the self and inclusive shares of the
sampled frames (jdk.ExecutionSample), the profile behind any missed benchmark target.

  java -XX:StartFlightRecording=filename=bench.jfr,settings=profile ... org.deepdual.cli.Main bench ...
  python3 src/bench/jfr_top.py bench.jfr [--prefix org.deepdual] [--top 25] [--under METHOD]

--under keeps only the samples whose stack contains METHOD (e.g. CellThroughput.withLayerStats).
Needs the JDK's `jfr` tool on PATH.
"""
import argparse
import collections
import re
import subprocess
import sys


def samples(path):
    text = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path], check=True,
                          capture_output=True, text=True).stdout
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
        if frames:
            yield frames


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("jfr")
    p.add_argument("--prefix", default="org.deepdual", help="package of the inclusive listing")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--under", help="only samples with this method on the stack (substring)")
    a = p.parse_args(argv)
    self_count, inclusive = collections.Counter(), collections.Counter()
    n = 0
    for frames in samples(a.jfr):
        if a.under and not any(a.under in f for f in frames):
            continue
        n += 1
        self_count[frames[0]] += 1
        for f in set(frames):
            if f.startswith(a.prefix):
                inclusive[f] += 1
    if n == 0:
        print("no samples")
        return 1
    print("%d samples" % n)
    print("-- self")
    for f, c in self_count.most_common(a.top):
        print("%5.1f%%  %s" % (100.0 * c / n, f))
    print("-- inclusive (%s)" % a.prefix)
    for f, c in inclusive.most_common(a.top):
        print("%5.1f%%  %s" % (100.0 * c / n, f))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
