"""Loader throughput and memory at 1k and 20k clips.

Each size runs in a fresh subprocess that builds nothing: the datasets are written once (cheap content,
since loading speed does not depend on what the pixels show) under a cache folder, then the subprocess
reads the same number of random batches from each. Memory staying flat means the process's peak
anonymous memory (RssAnon: what it cannot give back) does not grow with the number of clips. RssFile,
also reported, counts the shard pages the kernel has mapped into the process: shared page cache that it
reclaims under pressure, which grows with the data touched (the kernel maps whole page-cache folios,
about 1.4 MB around each clip read here, so it is not a measure of what the loader holds).
Prints one JSON object.  Usage: python bench/bench_loader.py [--sizes 1000 20000] [--batches 100]
"""
import argparse, json, os, platform, subprocess, sys, time, tempfile
from pathlib import Path
import numpy as np


def build(path: Path, n: int):
    from scenegan_nb.core import ClipSpec
    from scenegan_nb.store import ClipWriter, ClipStore
    if (path / 'manifest.json').exists() and len(ClipStore(path)) == n: return
    import shutil; shutil.rmtree(path, ignore_errors=True)
    spec = ClipSpec()
    rng = np.random.default_rng(0)
    base = {s: rng.integers(0, 256, (64, spec.frames, *spec.shape(k)[2:], 1), dtype=np.uint8) for k, s in enumerate(['40x23', '80x45'])}
    w = ClipWriter(path, spec, shard_size=256)
    for i in range(n):
        w.add({s: a[i % 64] for s, a in base.items()}, {'source': f'bench:{i}'}); w.done(f'bench:{i}')
    w.close()


def proc_status_kb(field='RssAnon'):
    "A memory figure of this process from /proc/self/status, in kB (VmHWM is the peak RSS since exec)."
    for line in open('/proc/self/status'):
        if line.startswith(field + ':'): return int(line.split()[1])
    return 0


def measure(path: str, batches: int, batch_size: int, workers: int):
    import torch
    from scenegan_nb.loader import ClipDataset, make_loader
    torch.set_num_threads(1)
    ds = ClipDataset(path)
    loader = make_loader(ds, batch_size=batch_size, workers=workers, seed=0)
    peak_anon, n, b, t0 = proc_status_kb(), 0, 0, time.perf_counter()
    while b < batches:                       # as many batches for every dataset size, epochs permitting
        for batch in loader:
            n += batch['image'].shape[0]; b += 1
            peak_anon = max(peak_anon, proc_status_kb())
            if b >= batches: break
    dt = time.perf_counter() - t0
    return {'clips': len(ds), 'clips_per_s': n / dt, 'batches': b, 'batch_size': batch_size, 'workers': workers,
            'peak_rss_anon_mb': peak_anon / 1024, 'peak_rss_mb': proc_status_kb('VmHWM') / 1024, 'rss_file_mb': proc_status_kb('RssFile') / 1024}


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--sizes', type=int, nargs='+', default=[1000, 20000])
    ap.add_argument('--batches', type=int, default=100)
    ap.add_argument('--batch-size', type=int, default=16)
    ap.add_argument('--workers', type=int, default=0)
    ap.add_argument('--cache', default=os.path.join(tempfile.gettempdir(), 'scenegan_bench_loader'))
    ap.add_argument('--child', default=None)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(measure(a.child, a.batches, a.batch_size, a.workers))); sys.exit()
    results = []
    for n in a.sizes:
        path = Path(a.cache) / f'clips_{n}'
        build(path, n)
        out = subprocess.run([sys.executable, __file__, '--child', str(path), '--batches', str(a.batches),
                              '--batch-size', str(a.batch_size), '--workers', str(a.workers)], capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout))
    print(json.dumps({'bench': 'loader', 'results': results,
                      'anon_memory_growth_mb': results[-1]['peak_rss_anon_mb'] - results[0]['peak_rss_anon_mb'],
                      'hardware': {'machine': platform.machine(), 'cpus': os.cpu_count(), 'processor': platform.processor()}}, indent=1))
