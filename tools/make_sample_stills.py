"""Render the sample stills in data/: procedural landscapes at 640x360 RGB, made by the project's own renderer.

    python tools/make_sample_stills.py [--out data] [--seeds 3 5 8 ...]
"""
import argparse
from pathlib import Path
import numpy as np
from PIL import Image
from scenegan_nb.core import ClipSpec, atomic_path
from scenegan_nb.synth import sample_scene, render_scene

DEFAULT_SEEDS = [0, 2, 7, 10, 14, 16, 18, 21]   # chosen for variety: sun, lakes, clouds, dusk, night

def render_still(seed: int, width: int = 640, height: int = 360) -> np.ndarray:
    "Frame 0 of procedural scene `seed`, rendered straight at `width` x `height` (not upscaled), uint8 RGB."
    params = sample_scene(np.random.default_rng([seed, 7]))
    frames = render_scene(params, ClipSpec(width=width, height=height, frames=2, channels=3), supersample=2)
    return np.clip(np.rint(frames[0]), 0, 255).astype(np.uint8)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='data'); ap.add_argument('--seeds', type=int, nargs='*', default=DEFAULT_SEEDS)
    args = ap.parse_args()
    for s in args.seeds:
        path = Path(args.out) / f"scene_{s:02d}.jpg"
        with atomic_path(path) as tmp: Image.fromarray(render_still(s)).save(tmp, format='JPEG', quality=92)
        print(path)
