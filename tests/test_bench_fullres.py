"""`bench/bench_fullres.py`'s displacement measure: optical flow finds a known field, and nothing where nothing moves."""
import sys
from pathlib import Path
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'bench'))
from bench_fullres import displacement
from scenegan_nb.models import warp_frames


def textured(seed=0, h=45, w=80):
    "A still with texture at every scale (smooth noise), uint8-ranged float."
    rng = np.random.default_rng(seed)
    x = sum(torch.nn.functional.interpolate(torch.from_numpy(rng.normal(size=(1, 1, h // k + 1, w // k + 1))).float(), size=(h, w), mode='bicubic', align_corners=False)
            for k in (2, 4, 8))
    return ((x - x.min()) / (x.max() - x.min()) * 2 - 1)                  # (1, 1, h, w) in [-1, 1]


def clip_of(still, flow_px):
    "Frames (T, h, w) uint8 of `still` warped by a uniform `flow_px` (dx, dy) px/frame, as the model warps."
    h, w = still.shape[-2:]
    unit = torch.tensor([flow_px[0] * 2 / w, flow_px[1] * 2 / h]).view(1, 2, 1, 1).expand(1, 2, h, w)
    frames = warp_frames(still, unit, 32)[0, 0]
    return ((frames + 1) * 127.5).round().clamp(0, 255).to(torch.uint8).numpy()


def fields_of(flow_px, h=45, w=80):
    flow = np.zeros((1, 1, 2, h, w), np.float32); flow[0, 0, 0], flow[0, 0, 1] = flow_px
    return {'flow': flow, 'mask': np.ones((1, 1, h, w), np.float32)}


def test_displacement_finds_the_field():
    still = textured()
    for v in ((0.3, 0.0), (0.0, -0.2), (0.25, 0.15)):
        d = displacement(clip_of(still, v), fields_of(v))
        assert 0.8 < d < 1.2, (v, d)
    # twice the motion in the frames, against the same field: twice the ratio
    assert 1.6 < displacement(clip_of(still, (0.6, 0.0)), fields_of((0.3, 0.0))) < 2.4


def test_displacement_of_a_still_clip_is_zero_and_of_no_field_undefined():
    still = clip_of(textured(1), (0.0, 0.0))
    assert displacement(still, fields_of((0.3, 0.0))) < 0.05
    assert np.isnan(displacement(still, fields_of((0.0, 0.0))))
