"""The shipped checkpoints do what their model cards say: they follow a direction hint, their frame edges do not drift,
`animate` picks the grey or the colour model by the picture, and the 160x90 one animates at 160x90."""
import numpy as np
import pytest
from scenegan_nb import metrics, synth
from scenegan_nb.core import ClipSpec
from scenegan_nb.inference import (animate, animate_stills, load_animator, preprocess, sample_stills, shipped_path,
                                   SHIPPED_CHECKPOINT, RGB_CHECKPOINT, HD_CHECKPOINT, COLOUR_CHECKPOINT)
from scenegan_nb.loader import clip_seed

DIRECTIONS = {'right': (0.3, 0.0), 'left': (-0.3, 0.0), 'down': (0.0, 0.3), 'up': (0.0, -0.3)}


def procedural_stills(n: int = 4, rgb: bool = False) -> np.ndarray:
    "First frames of procedural test clips (data seed 1, never trained on), as `scenegan eval` and bench/bench_model.py use."
    spec = ClipSpec(channels=3 if rgb else 1)
    frames = [synth.make_clip(clip_seed(1, i), spec, camera_motion=False)[0]['80x45'][0] for i in range(n)]
    return np.stack([f if rgb else f[..., 0] for f in frames])


@pytest.mark.parametrize('name', [SHIPPED_CHECKPOINT])      # the colour model misses 20 degrees straight down: its card
def test_a_direction_hint_is_followed(name):
    G, cfg = load_animator(shipped_path('checkpoints') / name)
    stills = procedural_stills(rgb=cfg.spec.rgb)
    for word, d in DIRECTIONS.items():
        clips = animate_stills(G, stills, seed=0, n=1, direction=d)[:, 0]
        errors = [metrics.flow_direction_error(c, d) for c in clips]
        assert np.nanmedian(errors) <= 20, (name, word, errors)          # the target: within 20 degrees


@pytest.mark.parametrize('name', [SHIPPED_CHECKPOINT, RGB_CHECKPOINT, HD_CHECKPOINT])
def test_frame_edges_do_not_drift(name):
    G, cfg = load_animator(shipped_path('checkpoints') / name)
    stills = np.stack([preprocess(p, cfg.spec) for p in sample_stills()])
    clips = animate_stills(G, stills, seed=0, n=2)
    ratios = [metrics.edge_motion_ratio(c) for per_still in clips for c in per_still]
    assert np.median(ratios) <= 1.2                                   # outer 2 px against the 6 px inside them


def test_animate_picks_the_model_by_the_picture_or_the_checkpoint():
    grey = np.tile(np.linspace(0, 255, 320, dtype=np.uint8), (180, 1))
    colour = np.stack([grey, grey[:, ::-1], np.full_like(grey, 120)], -1)
    assert animate(grey, seed=0).shape == (1, 32, 45, 80)
    assert animate(colour, seed=0).shape == ((1, 32, 45, 80) if COLOUR_CHECKPOINT is None else (1, 32, 45, 80, 3))
    rgb = animate(colour, seed=0, checkpoint=shipped_path('checkpoints') / RGB_CHECKPOINT)
    assert rgb.shape == (1, 32, 45, 80, 3) and (rgb[0, 0] == preprocess(colour, ClipSpec(channels=3))).all()
    assert rgb[0, 0, ..., 0].mean() != rgb[0, 0, ..., 2].mean()         # in colour


def test_the_160x90_model_animates_at_160x90_and_keeps_ground_still():
    path = shipped_path('checkpoints') / HD_CHECKPOINT
    G, cfg = load_animator(path)
    assert (cfg.spec.width, cfg.spec.height, cfg.spec.n_stages) == (160, 90, 3)
    still = sample_stills()[0]
    clip = animate(still, seed=0, checkpoint=path)
    assert clip.shape == (1, 32, 90, 160) and (clip[0, 0] == preprocess(still, cfg.spec)).all()     # frame 0: the still
    spec = ClipSpec(160, 90, n_stages=3)
    scenes = [synth.scene_params(clip_seed(1, i), camera_motion=False) for i in range(4)]
    stills = np.stack([synth.make_clip(p.seed, spec, camera_motion=False)[0]['160x90'][0, ..., 0] for p in scenes])
    motion = [metrics.motion_map(c[..., None]) for c in animate_stills(G, stills, seed=0, n=1)[:, 0]]
    labels = [synth.scene_labels(p, spec) for p in scenes]
    ground = np.mean([m[l == synth.GROUND].mean() for m, l in zip(motion, labels) if (l == synth.GROUND).any()])
    sky = np.mean([m[l == synth.SKY].mean() for m, l in zip(motion, labels) if (l == synth.SKY).any()])
    assert sky > 0.2 and ground <= 0.15 * sky                       # the sky moves; the ground at most the 15% of it
