"""Quick quality figures of a trained generator on held-out procedural clips (data seed 1; training uses 0).

For each clip the input is its first frame; the generator's animation and the real clip are measured the
same way with `scenegan_nb.metrics`, on 80x45 gray levels (0-255): frame-0 PSNR against the input, PSNR of
all frames against the input (does the scene stay itself?), mean absolute frame-to-frame change (motion)
and jitter (on 4x4 block means, mean |second temporal difference| / mean |first|; smooth drift is low,
flicker high). Medians over clips; an infinite PSNR (identical frames) is written as null.
`scenegan eval` computes these and more (flow, FVD-synth, baselines); this is the fast check. Prints JSON.

Usage: python bench/bench_samples.py CHECKPOINT_DIR [--clips 64] [--seed 1]
"""
import argparse, json, os, platform
import numpy as np
import torch
from scenegan_nb import metrics
from scenegan_nb.evaluate import test_clips, generator_candidate
from scenegan_nb.train import load_generator
from scenegan_nb.core import tensor_to_clip

MEASURES = {'f0_psnr': metrics.frame0_psnr, 'mean_psnr': metrics.mean_psnr, 'motion': lambda c, im: metrics.motion(c),
            'jitter': lambda c, im: metrics.jitter(c)}

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('checkpoint')
    ap.add_argument('--clips', type=int, default=64)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    G, cfg = load_generator(a.checkpoint, 'cpu')
    real = test_clips('synth', cfg.spec, a.clips, a.seed)
    fake = torch.cat([generator_candidate('ours', G).animate(real[i:i + 16, :, 0]) for i in range(0, a.clips, 16)])
    out = {}
    for name, clips in (('real', real), ('generated', fake)):
        u8 = tensor_to_clip(clips)
        out[name] = {k: float(np.median([f(c, r[0]) for c, r in zip(u8, tensor_to_clip(real))])) for k, f in MEASURES.items()}
    print(json.dumps(metrics.json_ready({'bench': 'samples', 'checkpoint': a.checkpoint, 'clips': a.clips, 'data_seed': a.seed,
                                         'median': out, 'hardware': {'machine': platform.machine(), 'cpus': os.cpu_count()}}), indent=1))
