"""Animation speed of the shipped model: a list of stills in batches (the path of folders and the widget studio)
against one `animate` call per still, with strength 'auto' (the default) and 1 (no calibration passes).

The stills are the project's sample stills in data/, repeated to `--images`. Loading is excluded (it is cached
after the first call); preprocessing is included. Prints JSON.

Usage: python bench/bench_animate.py [--images 64] [--batch_size 16]
"""
import argparse, json, os, platform, time
from pathlib import Path
import torch
from scenegan_nb.inference import animate, load_animator

REPO = Path(__file__).resolve().parent.parent

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--images', type=int, default=64)
    ap.add_argument('--batch_size', type=int, default=16)
    a = ap.parse_args()
    samples = sorted((REPO / 'data').glob('*.jpg'))
    stills = [samples[i % len(samples)] for i in range(a.images)]
    load_animator(None, 'cpu')
    out = {}
    for strength in ('auto', 1.0):
        t = time.perf_counter(); animate(stills, seed=0, strength=strength, batch_size=a.batch_size, device='cpu')
        batched = time.perf_counter() - t
        few = stills[:max(a.images // 4, 1)]
        t = time.perf_counter()
        for s in few: animate(s, seed=0, strength=strength, device='cpu')
        single = (time.perf_counter() - t) * len(stills) / len(few)
        out[f"strength_{strength}"] = {'batched_images_per_s': round(a.images / batched, 1),
                                       'one_by_one_images_per_s': round(a.images / single, 1),
                                       'speedup': round(single / batched, 2)}
    print(json.dumps({'bench': 'animate', 'images': a.images, 'batch_size': a.batch_size, **out,
                      'hardware': {'machine': platform.machine(), 'cpus': os.cpu_count(), 'torch_threads': torch.get_num_threads(),
                                   'torch': torch.__version__}}, indent=1))
