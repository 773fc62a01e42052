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


def photo_with_fine_texture(path, w=1280, h=720, seed=0):
    "A PNG with coarse shapes and, over them, texture of a few pixels: finer than 80x45 can show."
    from PIL import Image
    rng = np.random.default_rng(seed)
    coarse = torch.nn.functional.interpolate(torch.from_numpy(rng.normal(size=(1, 1, 6, 10))).float(), size=(h, w), mode='bicubic', align_corners=False)[0, 0].numpy()
    fine = torch.nn.functional.interpolate(torch.from_numpy(rng.normal(size=(1, 1, h // 3, w // 3))).float(), size=(h, w), mode='bilinear', align_corners=False)[0, 0].numpy()
    x = 128 + 40 * coarse / coarse.std() + 30 * fine / fine.std()
    Image.fromarray(np.clip(x, 0, 255).astype(np.uint8)).save(path)
    return path


def test_band_limited_measure_reads_one_motion_as_one(tmp_path):
    "The same motion at both sizes: area averaging reads fine texture's folded patterns as more motion; the band-limited measure does not."
    from bench_fullres import translation_check
    check = translation_check(photo_with_fine_texture(tmp_path / 'fine.png'), (1280, 720))
    area, band = check['area'], check['band']
    assert area['motion_ratio'] > 1.2 and area['jitter_full'] > area['jitter_80'], area
    assert 0.9 < band['motion_ratio'] < 1.1 and band['jitter_full'] <= band['jitter_80'], band
    assert abs(band['psnr_full'] - band['psnr_80']) < 0.5, band


def test_band80_blurs_both_sizes_alike():
    "A full-size clip with no texture finer than 80x45, and its own 80x45 area average, band-limited with the one sigma, come out alike."
    from bench_fullres import band80, band_sigma80, down80
    s = band_sigma80((1280, 720))
    assert abs(s - 15 / 32) < 1e-9                                               # (16 - 1) / (2 * 16)
    big = torch.nn.functional.interpolate(textured(3), size=(720, 1280), mode='bilinear', align_corners=False)[0]
    big = ((big + 1) * 127.5).round().clamp(0, 255).to(torch.uint8).numpy().repeat(3, 0)     # 3 frames (T, H, W)
    small = down80(big)
    a, b = band80(big, s).astype(int), band80(small, s).astype(int)
    assert np.abs(a - small).mean() > 1.5, 'band80 should blur'
    assert np.abs(a - b).mean() < 1.0, np.abs(a - b).mean()
