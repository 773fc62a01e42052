"""Quick quality figures of a trained generator on held-out procedural clips (data seed 1; training uses 0).

For each clip the input is its first frame; the generator's animation and the real clip are measured the
same way, on 80x45 gray levels (0-255): frame-0 PSNR against the input (capped at 100 dB: identical), mean PSNR of all frames against
the input (does the scene stay itself?), mean absolute frame-to-frame change (motion), and jitter (on 4x4
block means, mean |second temporal difference| / mean |first temporal difference|; smooth drift is low,
flicker is high). The evaluation issue turns these into the package's metrics module. Prints JSON.

Usage: python bench/bench_samples.py CHECKPOINT_DIR [--clips 64] [--seed 1]
"""
import argparse, json, os, platform
import numpy as np
import torch
from scenegan_nb.loader import SynthDataset
from scenegan_nb.train import load_generator
from scenegan_nb.core import tensor_to_clip


def psnr(a, b, cap=100.0):
    "PSNR in dB of uint8 images, capped at `cap` (identical images) so the JSON stays finite."
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return cap if mse == 0 else min(cap, 10 * np.log10(255 ** 2 / mse))


def block_means(clip, k=4):
    t, h, w = clip.shape[:3]
    c = clip[:, :h - h % k, :w - w % k, ...].astype(np.float64).mean(-1)
    return c.reshape(t, h // k, k, w // k, k).mean((2, 4))


def measure(clip, image):
    "Figures for one uint8 clip (T, H, W, C) animating uint8 `image` (H, W, C)."
    b = block_means(clip)
    d1, d2 = np.abs(np.diff(b, 1, 0)).mean(), np.abs(np.diff(b, 2, 0)).mean()
    return {'f0_psnr': psnr(clip[0], image), 'mean_psnr': float(np.mean([psnr(f, image) for f in clip])),
            'motion': float(np.abs(np.diff(clip.astype(np.float64), axis=0)).mean()), 'jitter': float(d2 / max(d1, 1e-9))}


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('checkpoint')
    ap.add_argument('--clips', type=int, default=64)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    torch.manual_seed(0)
    G, cfg = load_generator(a.checkpoint, 'cpu')
    ds = SynthDataset(a.clips, cfg.spec, seed=a.seed, flip=False)
    rows = {'real': [], 'generated': []}
    for i in range(0, a.clips, 16):
        items = [ds[j] for j in range(i, min(i + 16, a.clips))]
        real = torch.stack([it['clips'][-1] for it in items])
        with torch.no_grad(): fake = G(real[:, :, 0], torch.randn(len(items), G.z_dim))
        for r, f in zip(tensor_to_clip(real), tensor_to_clip(fake)):
            rows['real'].append(measure(r, r[0])); rows['generated'].append(measure(f, r[0]))
    summary = {k: {m: round(float(np.median([row[m] for row in v])), 3) for m in v[0]} for k, v in rows.items()}
    print(json.dumps({'bench': 'samples', 'checkpoint': a.checkpoint, 'clips': a.clips, 'data_seed': a.seed, 'median': summary,
                      'generated_min_mean_psnr': round(min(r['mean_psnr'] for r in rows['generated']), 2),
                      'hardware': {'machine': platform.machine(), 'cpus': os.cpu_count()}}, indent=1))
