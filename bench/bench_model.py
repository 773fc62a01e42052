"""Where and how a checkpoint's animations move: edge drift, still ground, sky motion, stretch and folds, direction hints.

One command measures any checkpoint (before and after a change to the model) on four sets of stills, animated as
`scenegan animate` does (`inference.animate_stills`, `--n` animations per still from motion codes of `--seed`, at
`--strength`, 'auto' by default), on luma in gray levels (0-255), with `scenegan_nb.metrics`:

- sample stills (data/*.jpg) and procedural test stills (the first frames of the clips `scenegan eval` tests on:
  data seed 1) and real photos: `edge_ratio`, `metrics.edge_motion_ratio`, the motion of the outer 2 pixels against
  the 6 just inside them (target <= 1.2; 1 means no drift at the frame's edges);
- procedural test stills: `still_ground_ratio`, `metrics.region_motion` with the renderer's own labels
  (`synth.scene_labels`): the ground's motion over the sky's and water's (target <= 0.15);
- procedural all-sky stills (`synth.all_sky_clip`, first frames): the model's motion against the rendered sky clip's
  own (noise-free; `sky_motion_ratio`, target 0.5 to 2), and the clip's motion with sensor noise for reference;
- real photos (the Debian wallpapers of bench/bench_real_photos.py, or files named with `--photos`): motion (target
  0.3 to 5), mean PSNR against the input (target >= 22 dB on every animation), edge ratio, and per photo
  `metrics.stretch`: the local area change of the displacement by the last frame (median and 95th percentile over
  the pixels that move) and the fold measure (`losses.fold_penalty` of the same displacement); on the procedural
  stills also the model's own field's stretch at strength 1 (`model_stretch_*`, `losses.stretch_penalty`), which sets
  `StrengthConfig.max_stretch`;
- procedural stills with a sun or moon in the sky (the test seeds whose scene has one, still camera, no sensor noise):
  `disk_motion_ratio`, the motion of the disk's pixels over the rest of the sky's (a sun stays put while clouds drift
  past it, so this is well below 1 in the rendered clips, `real_disk_motion_ratio`; a smeared sun is near or above 1),
  and the same over the suns whose disk stands `VISIBLE_DISK` gray levels or more above its glow (`*_visible`: many
  are dim or behind a cloud, where a smear does not show; `disk_contrast`); and how often the sun finder (`suns`)
  finds the visible suns on these 80x45 stills (`found_visible`) and finds a sun on a procedural test still that has
  no visible one (`false_suns`);
- procedural stills with structures (the same seeds rendered with `structures=True`, where a scene has some):
  `structure_motion_ratio`, the motion of the pixels where a house, pole, tree or pier covers the sky over the rest of
  the sky's (the rendered clips' own in `real_structure_motion_ratio`: what the sky's edge passing by them makes);
  for both, the model's motion mask averaged over the disk or the structures and over the rest of the sky
  (`mask_disk`, `mask_structures`, `mask_sky`: medians over the stills, seed `--seed`): whether it holds them; and
  the structures' figures again over every pixel of the sky a structure covers a quarter of or more (`*_quarter`:
  the labels are majority votes, and a post a third of a pixel wide shows in its pixel all the same); and both ratios
  at full size (`*_full`): the same scenes rendered at 320x180 and animated on that still as `scenegan animate --size
  320x180` does (the model's field carried to the size, its mask gated: `render.carry_fields`), against the clips
  rendered at that size, since at full size a post is several pixels wide and the renderer holds what the model's mask
  barely moves;
- when the code and checkpoint take a direction hint (`animate(..., direction=(dx, dy))`): for 8 directions at
  `--speed` px/frame, `metrics.flow_direction_error` on the procedural test stills (target <= 20 degrees).
  Skipped, and said so, otherwise.

Each figure is the median over animations (per photo for photos); `targets_met` says which targets hold. The real
clips' own figures are given where they exist (`real_*`: the test clips themselves, and the same scenes rendered with
a still camera and no sensor noise, `real_still_camera_*`), as the reference a model should reach. Every animation
holds the suns the sun finder finds in its image (on the photo itself where there is one), as `animate` does;
`--free-sun` measures without. `targets` gives
each target as [min, max] (null: no bound). `--grid FILE` writes a PNG of 8 frames of the first animation of every still, one row each, set after set
(sample stills, procedural, all-sky, photos, suns, structures). Prints JSON.

Usage: python bench/bench_model.py [--checkpoint DIR] [--n 4] [--clips 32] [--seed 0] [--strength auto]
                                   [--photos FILE_OR_FOLDER ...] [--speed 0.3] [--threads 1] [--grid FILE]
"""
import argparse, inspect, json, math, os, platform, sys, time
from dataclasses import replace
from pathlib import Path
import numpy as np
import torch
import scenegan_nb
from scenegan_nb import metrics, synth, inference
from scenegan_nb.core import ClipSpec, format_size, frame_grid, save_png, clip_to_tensor, to_luma
from scenegan_nb.inference import animate_stills, animate_fields, load_animator, preprocess, sample_stills, gather_inputs, default_checkpoint, motion_codes
from scenegan_nb.inference import image_holds, held
from scenegan_nb.suns import suns_on
from scenegan_nb.loader import clip_seed, record_sun
from scenegan_nb.losses import stretch_penalty, sun_disk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_real_photos import DEBIAN_LANDSCAPES, photo_name

TARGETS = {'edge_ratio': (None, 1.2), 'still_ground_ratio': (None, 0.15), 'sky_motion_ratio': (0.5, 2.0),
           'photo_motion': (0.3, 5.0), 'photo_mean_psnr': (22.0, None), 'direction_error': (None, 20.0),
           'structure_motion_ratio': (None, 0.3)}
TEST_SEED = 1          # the data seed `scenegan eval` tests on


def within(name: str, v) -> bool:
    "Whether value `v` meets target `name`."
    lo, hi = TARGETS[name]
    return bool(v is not None and np.isfinite(v) and (lo is None or v >= lo) and (hi is None or v <= hi))


def rounded(x):
    "`x` with every float rounded to 4 significant digits, for a readable report."
    if isinstance(x, dict): return {k: rounded(v) for k, v in x.items()}
    if isinstance(x, list): return [rounded(v) for v in x]
    return float(f"{x:.4g}") if isinstance(x, float) else x


def median(xs) -> float:
    "Median of the finite values of `xs` (nan when there are none)."
    xs = [x for x in xs if x is not None and np.isfinite(x)]
    return float(np.median(xs)) if xs else math.nan


def with_channel(clips: np.ndarray, rgb: bool) -> np.ndarray:
    "Clips from `animate_stills` as uint8 `(..., T, H, W, C)`."
    return clips if rgb else clips[..., None]


def edge_summary(clips: list) -> dict:
    "Median edge ratios of clips, pooled over the sides and per side."
    rs = [metrics.edge_motion_ratio(c, sides=True) for c in clips]
    return {k: median([r[k] for r in rs]) for k in rs[0]}


@torch.no_grad()
def model_stretch(G, stills: list, seed: int, n: int) -> dict:
    """The model's own field at strength 1 on these stills: `losses.stretch_penalty` per animation, median, 95th percentile
    (what `StrengthConfig.max_stretch` is set from: a strengthened field may stretch as much as the model does as trained on
    all but its 5% most stretched test animations) and maximum."""
    if not hasattr(G, 'fields'): return {}
    frames = np.stack(stills) if G.spec.rgb else np.stack(stills)[..., None]
    img = clip_to_tensor(np.repeat(frames, n, 0)[:, None])[:, :, 0]
    z = motion_codes(seed, n, G.z_dim).repeat(len(stills), 1)
    _, aux = G(img, z, return_aux=True)
    s = stretch_penalty(aux['flow'], aux['mask'], G.spec.frames, per_clip=True).numpy()
    return {'model_stretch_median': round(float(np.median(s)), 4), 'model_stretch_p95': round(float(np.quantile(s, 0.95)), 4),
            'model_stretch_max': round(float(s.max()), 4)}


def part_ratio(clip: np.ndarray, part: np.ndarray, rest: np.ndarray) -> float:
    "Motion (`metrics.motion_map`) of the `part` pixels of `clip` over that of the `rest` pixels (nan where either is empty)."
    m = metrics.motion_map(clip)
    return float(m[part].mean() / max(float(m[rest].mean()), 1e-6)) if part.any() and rest.any() else math.nan


def part_ratios(animate, reals: list, parts: list, rests: list, rgb: bool, clips=None) -> dict:
    """`part_ratio` of the model's animations of the first frames of `reals` (clips `(T, H, W, C)`; `clips`: those
    animations when they are made already) and of `reals` themselves, medians: `model` and `real`."""
    clips = animate([r[0] if rgb else r[0, ..., 0] for r in reals]) if clips is None else clips
    model = [part_ratio(c, p, q) for per, p, q in zip(clips, parts, rests) for c in per]
    return {'model': median(model), 'real': median([part_ratio(r, p, q) for r, p, q in zip(reals, parts, rests)]), 'clips': clips}


FULL = (320, 180)     # the size of the figures at full size (`*_full`): 4x the 80x45 model's


def full_size_ratios(checkpoint, params: list, structures: bool, parts_of, seed: int, n: int, strength, hold_sun: bool = True,
                     hold_structures: bool = True) -> dict:
    """Medians of `part_ratio` at `FULL`: of the animations `animate(still, size=FULL)` renders of the scenes `params`
    rendered at that size (grey, still camera, no sensor noise; `structures` as `synth.make_clip`), and of those rendered
    clips: `model` and `real`; and `held`, the median over the scenes of the hold `animate` puts on the part (`held`, its
    mean over the part). `parts_of(params, spec, record)` gives a scene's (part, rest) masks at that size."""
    spec = ClipSpec(*FULL)
    model, real, hold = [], [], []
    for p in params:
        clip, rec = synth.make_clip(p.seed, spec, camera_motion=False, noise=False, structures=structures)
        clip = clip[format_size(spec.size)]
        part, rest = parts_of(p, spec, rec)
        for a in inference.animate(clip[0, ..., 0], seed=seed, n=n, size=FULL, checkpoint=checkpoint, strength=strength, hold_sun=hold_sun,
                                   hold_structures=hold_structures):
            model.append(part_ratio(a if a.ndim == 4 else a[..., None], part, rest))
        real.append(part_ratio(clip, part, rest))
        h = held(image_holds([clip[0, ..., 0]], ClipSpec(), hold_sun, hold_structures), FULL) if hold_sun or hold_structures else None
        if part.any(): hold.append(0.0 if h is None else float(h[0][part].mean()))
    return {'model': median(model), 'real': median(real), 'held': median(hold)}


VISIBLE_DISK = 20.0    # gray levels the disk of a sun or moon stands above its glow (1.5 to 3 px out) for the `*_visible` figures


def disk_contrast(still: np.ndarray, record: dict) -> float | None:
    """How far the sun's or moon's disk in `still` ((H, W[, C]) uint8, the clip's first frame) stands out of the glow
    around it: the disk's mean luma minus that of the ring 1.5 to 3 pixels (of a 45-pixel-high frame) outside it, in
    gray levels; None without a sun or without either in the frame."""
    H, W = still.shape[:2]
    sun = record_sun(record)[None]
    if not float(sun[0, 3]): return None
    disk = sun_disk(sun, H, W, margin=0)[0, 0].numpy() > 0
    ring = (sun_disk(sun, H, W, margin=3)[0, 0].numpy() > 0) & ~(sun_disk(sun, H, W, margin=1.5)[0, 0].numpy() > 0)
    if not disk.any() or not ring.any(): return None
    y = to_luma(still.astype(np.float32))[..., 0] if still.ndim == 3 and still.shape[-1] == 3 else still.reshape(H, W).astype(np.float32)
    return float(y[disk].mean() - y[ring].mean())


def still_masks(G, reals: list, rgb: bool, seed: int) -> np.ndarray:
    "The model's motion mask (N, h, w) for the first frames of `reals` (seed `seed`)."
    return animate_fields(G, np.stack([r[0] if rgb else r[0, ..., 0] for r in reals]), seed, 1)['mask'][:, 0]


def mask_over(masks: np.ndarray, parts: list) -> float:
    """Median over the stills of their mask (`still_masks`) averaged over each still's `parts` (a sun's disk, posts, the
    sky around them): whether the model holds a part still or the warp alone moves it."""
    return median([float(m[w].mean()) for m, w in zip(masks, parts) if w.any()])


def stretch_all(clips: list) -> list[dict]:
    "`metrics.stretch` of every clip, the optical flow of the batch solved at once."
    flows = metrics.clips_flow(np.stack(clips))
    return [metrics.stretch(c, f) for c, f in zip(clips, flows)]


def takes_direction(G, cfg) -> tuple[bool, str]:
    "Whether this code and checkpoint animate with a direction hint, and why not when they do not."
    if 'direction' not in inspect.signature(scenegan_nb.animate).parameters:
        return False, "scenegan_nb.animate has no direction parameter"
    hint = getattr(getattr(cfg, 'model', None), 'hint', None)
    if hint is not None and not hint: return False, "the checkpoint's model was trained without hints (model.hint is off)"
    return True, ''


def animate_towards(G, checkpoint, stills: np.ndarray, direction, seed: int, n: int, strength) -> np.ndarray:
    "Animations `(N, n, T, H, W[, 3])` of preprocessed stills with a direction hint, through the stills API when it takes one."
    if 'direction' in inspect.signature(animate_stills).parameters:
        return animate_stills(G, stills, seed, n, strength=strength, direction=direction)
    return np.stack(scenegan_nb.animate(list(stills), seed=seed, n=n, checkpoint=checkpoint, device='cpu', strength=strength,
                                        direction=direction))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--checkpoint', default=None, help='checkpoint folder (default: the shipped one)')
    ap.add_argument('--n', type=int, default=4, help='animations per still')
    ap.add_argument('--clips', type=int, default=32, help='procedural test stills and all-sky stills (each)')
    ap.add_argument('--seed', type=int, default=0, help='seed of the motion codes')
    ap.add_argument('--strength', default='auto')
    ap.add_argument('--photos', nargs='*', default=None, help='real photos (files or folders; default: the Debian wallpapers)')
    ap.add_argument('--speed', type=float, default=0.3, help='speed of the direction hints, px/frame at 80x45')
    ap.add_argument('--threads', type=int, default=1, help='torch threads')
    ap.add_argument('--grid', default=None, help='write a PNG of frame grids here')
    ap.add_argument('--free-sun', action='store_true', help='let suns move with their sky (default: held where the sun finder finds one, as animate does)')
    ap.add_argument('--free-structures', action='store_true', help='let posts, poles and houses move with the sky (default: held where the structure finder finds them, as animate does)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    t_start = time.time()
    strength = a.strength if a.strength == 'auto' else float(a.strength)
    G, cfg = load_animator(a.checkpoint, 'cpu')
    spec, size = cfg.spec, format_size(cfg.spec.size)
    def animate(stills, sources=None):
        "Animations of `stills`, holding what the finders find in `sources` (the photos; default: the stills themselves)."
        holds = None if a.free_sun and a.free_structures else \
            image_holds(list(stills) if sources is None else sources, spec, not a.free_sun, not a.free_structures)
        hold = held(holds, (spec.width, spec.height))
        return with_channel(animate_stills(G, np.stack(stills), a.seed, a.n, strength=strength, hold=hold), spec.rgb)
    out = {'checkpoint': str(a.checkpoint or default_checkpoint()), 'spec': size + (' RGB' if spec.rgb else ' gray'), 'strength': strength,
           'hold_sun': not a.free_sun, 'hold_structures': not a.free_structures,
           'seed': a.seed, 'animations_per_still': a.n, 'targets': {k: [lo, hi] for k, (lo, hi) in TARGETS.items()}}
    grid = []

    # (a) the sample stills
    samples = [preprocess(p, spec) for p in sample_stills()]
    clips = animate(samples, sample_stills())
    out['sample_stills'] = {'stills': len(samples), 'edge_ratio': edge_summary(list(clips.reshape(-1, *clips.shape[2:])))}
    grid += list(clips[:, 0])

    # (b) procedural test stills, with the renderer's labels
    seeds = [clip_seed(TEST_SEED, i) for i in range(a.clips)]
    reals = [synth.make_clip(s, spec)[0][size] for s in seeds]
    labels = [synth.scene_labels(synth.scene_params(s), spec) for s in seeds]
    stills = [r[0] if spec.rgb else r[0, ..., 0] for r in reals]
    clips = animate(stills)
    flat = list(clips.reshape(-1, *clips.shape[2:]))
    regions = [metrics.region_motion(c, lab) for c, lab in zip(flat, np.repeat(labels, a.n, 0))]
    # the reference: the same scenes rendered with a still camera and without sensor noise (what a still ground looks like)
    steady = [synth.make_clip(s, spec, camera_motion=False, noise=False)[0][size] for s in seeds]
    real_regions = [metrics.region_motion(r, synth.scene_labels(synth.scene_params(s, camera_motion=False), spec)) for s, r in zip(seeds, steady)]
    st, real_st = stretch_all(flat), stretch_all(steady)
    out['procedural'] = {
        'stills': len(stills), 'data_seed': TEST_SEED, 'edge_ratio': edge_summary(flat),
        'still_ground_ratio': median([r['still_ground_ratio'] for r in regions]),
        'motion': {k: median([r[k] for r in regions]) for k in synth.SCENE_LABELS},
        'stretch_median': median([s['median'] for s in st]), 'stretch_p95': median([s['p95'] for s in st]), 'fold': median([s['fold'] for s in st]),
        'real_edge_ratio': edge_summary(reals)['all'], 'real_still_camera_edge_ratio': edge_summary(steady)['all'],
        'real_still_camera_still_ground_ratio': median([r['still_ground_ratio'] for r in real_regions]),
        'real_still_camera_motion': {k: median([r[k] for r in real_regions]) for k in synth.SCENE_LABELS},
        'real_still_camera_stretch_median': median([s['median'] for s in real_st]), 'real_still_camera_stretch_p95': median([s['p95'] for s in real_st]),
        'real_still_camera_fold': median([s['fold'] for s in real_st]),
        'stills_with_ground_and_sky_or_water': int(sum(np.isfinite(r['still_ground_ratio']) for r in real_regions)),
        **model_stretch(G, stills, a.seed, a.n)}
    grid += list(clips[:8, 0])

    # (c) all-sky stills: the model's sky motion against the rendered sky's own
    skies = [synth.all_sky_clip(s, spec, noise=False)[0] for s in seeds]
    noisy = [synth.all_sky_clip(s, spec)[0] for s in seeds]
    clips = animate([c[0] if spec.rgb else c[0, ..., 0] for c in skies])
    model_m = np.array([[metrics.motion(c) for c in per] for per in clips])          # (stills, n)
    real_m = np.array([metrics.motion(c) for c in skies])
    out['all_sky'] = {'stills': len(skies), 'sky_motion_ratio': median((model_m / np.maximum(real_m, 1e-6)[:, None]).ravel()),
                      'motion': median(model_m.ravel()), 'real_motion': median(real_m),
                      'real_motion_with_noise': median([metrics.motion(c) for c in noisy]),
                      'edge_ratio': edge_summary(list(clips.reshape(-1, *clips.shape[2:])))['all']}
    grid += list(clips[:8, 0])

    # (d) real photos
    files = (gather_inputs(a.photos)[0] if a.photos is not None else [Path(p) for p in DEBIAN_LANDSCAPES if Path(p).exists()])
    if files:
        stills = [preprocess(f, spec) for f in files]
        clips = animate(stills, files)
        per_photo = []
        for f, still, per in zip(files, stills, clips):
            st = stretch_all(list(per))
            im = still if spec.rgb else still[..., None]
            per_photo.append({'photo': str(f), 'motion': median([metrics.motion(c) for c in per]),
                              'mean_psnr_min': min(metrics.mean_psnr(c, im) for c in per),
                              'edge_ratio': edge_summary(list(per))['all'],
                              'stretch_median': median([s['median'] for s in st]), 'stretch_p95': median([s['p95'] for s in st]),
                              'fold': median([s['fold'] for s in st])})
        out['photos'] = {'photos': len(files), 'edge_ratio': edge_summary(list(clips.reshape(-1, *clips.shape[2:]))),
                         **{k: median([p[k] for p in per_photo]) for k in ('motion', 'stretch_median', 'stretch_p95', 'fold')},
                         'photos_outside_motion_target': [photo_name(Path(p['photo'])) for p in per_photo if not within('photo_motion', p['motion'])],
                         'photos_under_psnr_target': [photo_name(Path(p['photo'])) for p in per_photo if not within('photo_mean_psnr', p['mean_psnr_min'])],
                         'per_photo': per_photo}
        grid += list(clips[:, 0])
    else: out['photos'] = {'skipped': 'no photos: name some with --photos, or install the Debian wallpaper packages (bench/bench_real_photos.py)'}

    # (d2) suns and moons, and structures, on the procedural test scenes with a still camera
    H, W = spec.height, spec.width
    sunny = [p for p in (synth.scene_params(s, camera_motion=False) for s in seeds) if p.has_sun]
    clips_recs = [synth.make_clip(p.seed, spec, camera_motion=False, noise=False) for p in sunny]
    disks = [sun_disk(record_sun(rec)[None], H, W, margin=0)[0, 0].numpy() > 0 for _, rec in clips_recs]
    skies = [synth.scene_labels(p, spec) == synth.SKY for p in sunny]
    parts, rests = [d & k for d, k in zip(disks, skies)], [k & ~d for d, k in zip(disks, skies)]
    r = part_ratios(animate, [pyr[size] for pyr, _ in clips_recs], parts, rests, spec.rgb)
    masks = still_masks(G, [pyr[size] for pyr, _ in clips_recs], spec.rgb, a.seed)
    out['suns'] = {'stills': len(sunny), 'disk_motion_ratio': r['model'], 'real_disk_motion_ratio': r['real'],
                   'mask_disk': mask_over(masks, parts), 'mask_sky': mask_over(masks, rests)}
    # the same over the suns that stand out of their glow, which a smear shows (many are dim, or behind a cloud)
    contrast = [disk_contrast(pyr[size][0], rec) for pyr, rec in clips_recs]
    bright = [i for i, c in enumerate(contrast) if c is not None and c > VISIBLE_DISK]
    out['suns'].update(visible_stills=len(bright), visible_disk_contrast=VISIBLE_DISK,
                       disk_motion_ratio_visible=median([part_ratio(c, parts[i], rests[i]) for i in bright for c in r['clips'][i]]) if bright else None,
                       real_disk_motion_ratio_visible=median([part_ratio(clips_recs[i][0][size], parts[i], rests[i]) for i in bright]) if bright else None)
    # the sun finder on these 80x45 stills: the visible suns it finds, and the sunless test stills where it finds one
    on_sunny = [h.suns for h in image_holds([pyr[size][0] if spec.rgb else pyr[size][0, ..., 0] for pyr, _ in clips_recs], spec, structures=False)]
    sunless = [r[0] if spec.rgb else r[0, ..., 0] for sd, r in zip(seeds, steady) if not synth.scene_params(sd, camera_motion=False).has_sun]
    out['suns'].update(found_visible=sum(any(suns_on(on_sunny[i], disks[i])) for i in bright),
                       sunless_stills=len(sunless), false_suns=sum(bool(h) for h in image_holds(sunless, spec, structures=False)) / max(len(sunless), 1))
    def disk_parts(p, sp, rec):
        disk = sun_disk(record_sun(rec)[None], sp.height, sp.width, margin=0)[0, 0].numpy() > 0
        sky = synth.scene_labels(p, sp) == synth.SKY
        return disk & sky, sky & ~disk
    f = full_size_ratios(a.checkpoint, sunny, False, disk_parts, a.seed, a.n, strength, not a.free_sun, not a.free_structures)
    out['suns'].update(disk_motion_ratio_full=f['model'], real_disk_motion_ratio_full=f['real'])
    grid += list(r['clips'][:4, 0])
    built = [p for p in (synth.scene_params(s, camera_motion=False, structures=True) for s in seeds) if p.n_structures]
    labels = [(synth.scene_labels(p, spec), synth.scene_labels(replace(p, n_structures=0), spec)) for p in built]
    built_clips = [synth.make_clip(p.seed, spec, camera_motion=False, noise=False, structures=True)[0][size] for p in built]
    parts, rests = [(a == synth.GROUND) & (b == synth.SKY) for a, b in labels], [a == synth.SKY for a, _ in labels]
    # what the finders look at: the same scenes' first frames at FULL, as a user's photo is larger than the model's still
    photos = [synth.make_clip(p.seed, ClipSpec(*FULL), camera_motion=False, noise=False, structures=True)[0][format_size(FULL)][0, ..., 0]
              for p in built]
    r = part_ratios(lambda s: animate(s, photos), built_clips, parts, rests, spec.rgb)
    masks = still_masks(G, built_clips, spec.rgb, a.seed)
    out['structures'] = {'stills': len(built), 'structure_motion_ratio': r['model'], 'real_structure_motion_ratio': r['real'],
                         'mask_structures': mask_over(masks, parts), 'mask_sky': mask_over(masks, rests)}
    # the same with every pixel a structure covers a quarter of or more (the labels above are majority votes: they miss
    # three quarters of the posts' pixels, which show the post all the same)
    thin = [(synth.scene_shares(p, spec)[..., synth.GROUND] > 0.25) & (b == synth.SKY) for p, (_, b) in zip(built, labels)]
    q = part_ratios(animate, built_clips, thin, rests, spec.rgb, clips=r['clips'])       # the same animations
    out['structures'].update(structure_motion_ratio_quarter=q['model'], real_structure_motion_ratio_quarter=q['real'],
                             mask_structures_quarter=mask_over(masks, thin))
    def post_parts(p, sp, rec):
        with_posts, bare = synth.scene_labels(p, sp), synth.scene_labels(replace(p, n_structures=0), sp)
        return (with_posts == synth.GROUND) & (bare == synth.SKY), with_posts == synth.SKY
    f = full_size_ratios(a.checkpoint, built, True, post_parts, a.seed, a.n, strength, not a.free_sun, not a.free_structures)
    out['structures'].update(structure_motion_ratio_full=f['model'], real_structure_motion_ratio_full=f['real'], held_full=f['held'])
    grid += list(r['clips'][:4, 0])

    # (e) direction hints on the procedural test stills
    ok, why = takes_direction(G, cfg)
    if ok:
        stills = [r[0] if spec.rgb else r[0, ..., 0] for r in reals]
        per_dir = {}
        for k in range(8):
            ang = 2 * math.pi * k / 8
            d = (round(a.speed * math.cos(ang), 4) + 0.0, round(a.speed * math.sin(ang), 4) + 0.0)      # + 0.0: no -0.0
            cl = with_channel(animate_towards(G, a.checkpoint, np.stack(stills), d, a.seed, a.n, strength), spec.rgb)
            cl = list(cl.reshape(-1, *cl.shape[2:]))
            errs = [metrics.flow_direction_error(c, d, f) for c, f in zip(cl, metrics.clips_flow(np.stack(cl)))]
            per_dir[f"{k * 45} deg {d}"] = {'median_error': median(errs), 'within_20_deg': float(np.mean([e <= 20 for e in errs if np.isfinite(e)] or [0]))}
        out['direction'] = {'speed': a.speed, 'median_error': median([v['median_error'] for v in per_dir.values()]),
                            'worst_direction_error': max(v['median_error'] for v in per_dir.values()), 'per_direction': per_dir}
    else: out['direction'] = {'skipped': why}

    met = {'edge_ratio_sample_stills': within('edge_ratio', out['sample_stills']['edge_ratio']['all']),
           'edge_ratio_procedural': within('edge_ratio', out['procedural']['edge_ratio']['all']),
           'still_ground_ratio': within('still_ground_ratio', out['procedural']['still_ground_ratio']),
           'sky_motion_ratio': within('sky_motion_ratio', out['all_sky']['sky_motion_ratio']),
           'structure_motion_ratio': within('structure_motion_ratio', out['structures']['structure_motion_ratio']),
           'structure_motion_ratio_full': within('structure_motion_ratio', out['structures']['structure_motion_ratio_full'])}
    if files:
        met['edge_ratio_photos'] = within('edge_ratio', out['photos']['edge_ratio']['all'])
        met['photo_motion_every_photo'] = not out['photos']['photos_outside_motion_target']
        met['photo_mean_psnr_every_photo'] = not out['photos']['photos_under_psnr_target']
    if ok: met['direction_error_every_direction'] = within('direction_error', out['direction']['worst_direction_error'])
    out['targets_met'] = met
    if a.grid: save_png(frame_grid(np.stack(grid), n_frames=8, scale=2), a.grid)
    out['seconds'] = round(time.time() - t_start, 1)
    out['hardware'] = f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, {torch.get_num_threads()} threads"
    print(json.dumps(rounded(metrics.json_ready(out)), indent=1))


if __name__ == '__main__':
    main()
