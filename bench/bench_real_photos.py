"""The shipped model (or any checkpoint) on real landscape photos, against the targets of the animate issue.

Photos cannot ship with the project, so this measures files you have. With no arguments it uses the landscape
wallpapers of three Debian packages (`apt-get install plasma-workspace-wallpapers lxqt-themes mate-backgrounds`).
Every photo is animated `--n` times (motion codes from `--seed`, at `--strength`, 'auto' by default, as
`scenegan animate` does; `--strength 1` measures the model as trained), and measured on its 80x45 gray frames (0-255):

- f0_psnr: frame 0 against the preprocessed input (target >= 30 dB; inf when identical, written as null);
- mean_psnr: all frames against the input (target >= 22 dB: the scene stays itself);
- motion: mean absolute frame-to-frame change (target 0.3 to 5 gray levels);
- jitter: mean |second temporal difference| / mean |first| on 4x4 block means (target <= 0.8);
- sky_water_share: the share of all motion that happens in the photo's sky and water (`synth.photo_masks`),
  next to those regions' share of the picture (`sky_water_area`); motion is concentrated there when the first
  is well above the second.

Prints JSON: one record per photo (medians over its animations, and the worst of each), and the number of
animations that miss each target. `--grid FILE` writes a frame grid (one row per photo, first animation);
`--maps FILE` writes, per photo, the still, where its animations change (mean absolute frame-to-frame change,
brightest = most) and the heuristic sky-and-water mask, side by side.

Usage: python bench/bench_real_photos.py [PHOTO_OR_FOLDER ...] [--checkpoint DIR] [--n 4] [--seed 0] [--strength auto] [--grid FILE] [--maps FILE]
"""
import argparse, json, os, platform, time
from dataclasses import replace
from pathlib import Path
import numpy as np
import torch
from scenegan_nb import metrics
from scenegan_nb.core import ClipSpec, frame_grid, save_png, upscale
from scenegan_nb.inference import animate_stills, load_animator, preprocess, gather_inputs
from scenegan_nb.synth import photo_masks

WALL = '/usr/share/wallpapers/{}/contents/images/1600x1200.jpg'
DEBIAN_LANDSCAPES = [WALL.format(n) for n in ('BytheWater', 'ColdRipple', 'DarkestHour', 'EveningGlow', 'Kite', 'summer_1am', 'Path')] + \
    [f'/usr/share/lxqt/wallpapers/{n}' for n in ('Valendas.png', 'after-the-rain.jpg', 'cloud.png', 'fog.jpg', 'this-is-not-windows.jpg')] + \
    [f'/usr/share/backgrounds/mate/nature/{n}.jpg' for n in ('Storm', 'Dune')]
TARGETS = {'f0_psnr': (30, None), 'mean_psnr': (22, None), 'motion': (0.3, 5.0), 'jitter': (None, 0.8)}


def photo_name(path) -> str:
    "A short, telling name of a photo: a wallpaper package's folder name for `NAME/contents/images/WxH.jpg`, else the file name."
    path = Path(path)
    return path.parents[2].name if path.parent.name == 'images' and path.parent.parent.name == 'contents' else path.name


def sky_water(path, spec: ClipSpec) -> np.ndarray:
    "Soft sky-or-water mask (H, W) of a photo at the model's size."
    sky, water = photo_masks(preprocess(path, replace(spec, channels=3)).astype(np.float32))
    return np.maximum(sky, water)


def measure(clip: np.ndarray, still: np.ndarray, mask: np.ndarray) -> dict:
    change = np.abs(np.diff(clip.astype(np.float64), axis=0)).mean(0)
    return {'f0_psnr': metrics.frame0_psnr(clip, still), 'mean_psnr': metrics.mean_psnr(clip, still),
            'motion': metrics.motion(clip), 'jitter': metrics.jitter(clip),
            'sky_water_share': float((change * mask).sum() / max(change.sum(), 1e-9))}


def misses(name: str, v: float) -> bool:
    lo, hi = TARGETS[name]
    return (lo is not None and v < lo) or (hi is not None and v > hi)


def finite(v): return None if not np.isfinite(v) else round(float(v), 3)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description='the model on real photos')
    ap.add_argument('photos', nargs='*')
    ap.add_argument('--checkpoint', default=None)
    ap.add_argument('--n', type=int, default=4)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--strength', default='auto')
    ap.add_argument('--grid', default=None)
    ap.add_argument('--maps', default=None)
    a = ap.parse_args()
    files, errors = gather_inputs(a.photos) if a.photos else ([Path(p) for p in DEBIAN_LANDSCAPES if Path(p).exists()], [])
    if not files: raise SystemExit("no photos: name files or folders, or install the Debian wallpaper packages named in the docstring")
    G, cfg = load_animator(a.checkpoint, 'cpu')
    stills = np.stack([preprocess(f, cfg.spec) for f in files])
    t0 = time.time()
    strength = a.strength if a.strength == 'auto' else float(a.strength)
    clips = animate_stills(G, stills, a.seed, a.n, strength=strength)
    seconds = time.time() - t0
    records, counts, maps = [], {k: 0 for k in TARGETS}, []
    for f, still, per_photo in zip(files, stills, clips):
        mask = sky_water(f, cfg.spec)
        gray = per_photo if not cfg.spec.rgb else per_photo.mean(-1)
        change = np.abs(np.diff(gray.astype(np.float64), axis=1)).mean((0, 1))
        gray_still = still if not cfg.spec.rgb else still.mean(-1)
        maps.append(np.concatenate([gray_still, 255 * change / max(change.max(), 1e-9), 255 * mask], 1))
        ms = [measure(c, still, mask) for c in per_photo]
        for m in ms:
            for k in TARGETS: counts[k] += misses(k, m[k])
        rec = {'photo': str(f), 'sky_water_area': round(float(mask.mean()), 3)}
        for k in ms[0]: rec[k] = finite(np.median([m[k] for m in ms]))
        rec['worst'] = {'mean_psnr': finite(min(m['mean_psnr'] for m in ms)), 'motion_min': finite(min(m['motion'] for m in ms)),
                        'motion_max': finite(max(m['motion'] for m in ms)), 'jitter': finite(max(m['jitter'] for m in ms))}
        records.append(rec)
    if a.grid: save_png(frame_grid(clips[:, 0][..., None] if not cfg.spec.rgb else clips[:, 0], n_frames=8, scale=2), a.grid)
    if a.maps: save_png(upscale(np.concatenate(maps, 0).round().astype(np.uint8)[..., None].repeat(3, -1), 2, axes=(0, 1)), a.maps)
    allm = lambda k: [r[k] for r in records if r[k] is not None]
    print(json.dumps({
        'checkpoint': str(a.checkpoint or 'shipped'), 'photos': len(files), 'animations_per_photo': a.n, 'seed': a.seed,
        'strength': strength,
        'targets': {k: {'min': lo, 'max': hi} for k, (lo, hi) in TARGETS.items()},
        'animations_missing_target': counts, 'animations': len(files) * a.n,
        'median_over_photos': {k: finite(np.median(allm(k))) if allm(k) else None for k in ('mean_psnr', 'motion', 'jitter', 'sky_water_share', 'sky_water_area')},
        'per_photo': records, 'seconds_to_animate': round(seconds, 2),
        'hardware': f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads"}, indent=1))
