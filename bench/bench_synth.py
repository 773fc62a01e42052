#!/usr/bin/env python3
"""Benchmark the procedural clip generator: renders N clips at 80x45x32 in gray and in RGB and prints JSON.

Usage: python bench/bench_synth.py [--n 50] [--profile]"""
import argparse, json, os, platform, time
import numpy as np
from scenegan_nb.core import ClipSpec
from scenegan_nb.synth import make_clip

def run(spec: ClipSpec, n: int, seed0: int = 1000) -> dict:
    make_clip(seed0 - 1, spec)                                   # warm up (imports, thread pools)
    t0, c0 = time.perf_counter(), time.process_time()
    for s in range(n): make_clip(seed0 + s, spec)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {'clips_per_s': n / wall, 'seconds_per_clip': wall / n, 'cpu_seconds_per_clip': cpu / n}

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--n', type=int, default=50, help='clips per mode')
    ap.add_argument('--profile', action='store_true', help='print the top cProfile entries of the gray run instead')
    a = ap.parse_args()
    gray, rgb = ClipSpec(80, 45, 32, 1), ClipSpec(80, 45, 32, 3)
    if a.profile:
        import cProfile, pstats
        make_clip(0, gray)
        cProfile.runctx('for s in range(a.n): make_clip(s, gray)', globals(), locals(), '/tmp/bench_synth.prof')
        pstats.Stats('/tmp/bench_synth.prof').sort_stats('tottime').print_stats(15)
        return
    g, c = run(gray, a.n), run(rgb, a.n)
    print(json.dumps({'bench': 'synth', 'n': a.n, 'size': '80x45', 'frames': 32, 'supersample': 2,
                      'clips_per_s_gray': round(g['clips_per_s'], 2), 'clips_per_s_rgb': round(c['clips_per_s'], 2),
                      'seconds_per_clip': round(g['seconds_per_clip'], 4), 'seconds_per_clip_rgb': round(c['seconds_per_clip'], 4),
                      'cpu_seconds_per_clip_gray': round(g['cpu_seconds_per_clip'], 4), 'cpu_seconds_per_clip_rgb': round(c['cpu_seconds_per_clip'], 4),
                      'load_avg_1min': round(os.getloadavg()[0], 2),
                      'hardware': {'machine': platform.machine(), 'processor': platform.processor(), 'cpu_count': os.cpu_count(),
                                   'python': platform.python_version(), 'numpy': np.__version__}}))

if __name__ == '__main__': main()
