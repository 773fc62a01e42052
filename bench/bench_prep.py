"""Benchmark `scenegan_nb.data.prep` against the pure decode rate of the same files.

Makes N H.264 mp4 files (default 12 x 150 frames at 640x360) in a temp dir, then in the same run measures
  - decode: every frame of every file decoded with PyAV and converted to an RGB ndarray (what `imageio.v3.imiter`
    gives), no other processing, with the same number of worker processes as prep;
  - decode_raw: every frame decoded without pixel conversion (the codec alone);
  - prep: the full `prep` (crop, area downsampling to both stage sizes, quality filters, de-dup, writing shards).
Prints one JSON line. Usage: python bench/bench_prep.py [--files 12] [--frames 150] [--size 640x360] [--workers N] [--rgb]
"""
import argparse, json, os, platform, sys, tempfile, time
from multiprocessing import get_context
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scenegan_nb.core import usable_cores
from scenegan_nb.data import prep, find_sources

def make_video(path, n, w, h, seed):
    import imageio.v3 as iio
    r = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    k = r.uniform(0.005, 0.03, (4, 2)); ph = r.uniform(0, 6.3, 4)
    frames = np.empty((n, h, w, 3), np.uint8)
    for t in range(n):
        v = sum(np.sin(k[i, 0] * (x + 2 * t) + k[i, 1] * (y + 0.5 * t) + ph[i]) for i in range(4)) / 4
        frames[t] = np.clip(np.stack([v, np.roll(v, 9, 1), -v], -1) * 100 + 128, 0, 255).astype(np.uint8)
    iio.imwrite(path, frames, fps=24, codec='libx264', plugin='pyav')

def decode_file(args):
    "Decode every frame; convert to RGB arrays unless raw. Returns the frame count."
    path, raw = args
    import av
    n = 0
    with av.open(path) as c:
        for f in c.decode(c.streams.video[0]):
            if not raw: f.to_ndarray(format='rgb24')
            n += 1
    return n

def timed_decode(files, workers, raw):
    t0 = time.perf_counter()
    jobs = [(str(f), raw) for f in files]
    if workers > 1:
        with get_context().Pool(workers) as pool: n = sum(pool.imap(decode_file, jobs))
    else: n = sum(map(decode_file, jobs))
    return n, time.perf_counter() - t0

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--files', type=int, default=12); ap.add_argument('--frames', type=int, default=150)
    ap.add_argument('--size', default='640x360'); ap.add_argument('--workers', type=int, default=usable_cores())
    ap.add_argument('--rgb', action='store_true'); ap.add_argument('--repeat', type=int, default=2)
    a = ap.parse_args()
    w, h = (int(v) for v in a.size.split('x'))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / 'videos'; src.mkdir()
        for i in range(a.files): make_video(str(src / f'v{i:03d}.mp4'), a.frames, w, h, i)
        files = find_sources(src)
        best = {}
        for rep in range(a.repeat):                      # best of `repeat`, alternating, so both see the same cache state
            n, t = timed_decode(files, a.workers, raw=False); best['decode'] = min(best.get('decode', 1e9), t)
            n_raw, t = timed_decode(files, a.workers, raw=True); best['raw'] = min(best.get('raw', 1e9), t)
            t0 = time.perf_counter()
            s = prep(src, Path(tmp) / f'out{rep}', rgb=a.rgb, workers=a.workers, progress=False)
            best['prep'] = min(best.get('prep', 1e9), time.perf_counter() - t0)
        n_src = sum(r['n_frames'] for r in s['report'])
        dec, prp = n / best['decode'], n_src / best['prep']
        print(json.dumps({'bench': 'prep', 'files': a.files, 'frames_per_file': a.frames, 'size': a.size, 'rgb': a.rgb,
                          'decode_frames_per_s': round(dec, 1), 'decode_raw_frames_per_s': round(n_raw / best['raw'], 1),
                          'prep_frames_per_s': round(prp, 1), 'prep_vs_decode': round(prp / dec, 3),
                          'prep_vs_decode_raw': round(prp / (n_raw / best['raw']), 3),
                          'prep_clips_per_s': round(s['n_clips'] / best['prep'], 2), 'n_clips': s['n_clips'],
                          'dropped': s['dropped'], 'workers': a.workers,
                          'hardware': f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}"}))

if __name__ == '__main__': main()
