"""`auto_strength` runs the generator's network once and redraws each calibration step from its fields: the same
strengths (of the motion and of the appearance change) and, to within one gray level, the same animations as rendering
every step with the full generator."""
from pathlib import Path
import numpy as np
import torch
from scenegan_nb.inference import StrengthConfig, auto_strength, load_animator, preprocess, motion_codes, _measure, _render
from scenegan_nb.core import clip_to_tensor, tensor_to_clip
from scenegan_nb.losses import stretch_penalty

REPO = Path(__file__).resolve().parent.parent


@torch.no_grad()
def reference_auto_strength(G, img, z, cfg):
    "The calibration as it was: every step runs the whole generator on the clips it changes (a fold or stretch calms the motion alone)."
    stills = tensor_to_clip(img[:, :, None])[:, 0]
    clips, fold, _ = _render(G, img, z)
    m, p = _measure(clips, stills)
    st = np.where(m < cfg.min_motion, np.minimum(cfg.min_motion / np.maximum(m, 1e-3), cfg.max_strength),
                  np.where(m > cfg.max_motion, cfg.max_motion / np.maximum(m, 1e-3), 1.0))
    ap, steps = st.copy(), np.zeros(len(st), int)
    def stretch(i):
        _, aux = G(img[i], z[i], return_aux=True, strength=torch.as_tensor(st[i], dtype=img.dtype))
        return stretch_penalty(aux['flow'], aux['mask'], G.spec.frames, per_clip=True).numpy()
    stretched = stretch(np.arange(len(st)))
    def redo(mask):
        i = np.flatnonzero(mask)
        if len(i):
            clips[i], fold[i], _ = _render(G, img[i], z[i], st[i], ap=ap[i])
            m[i], p[i], stretched[i] = *_measure(clips[i], stills[i]), stretch(i)
    redo(st != 1.0)
    while True:
        folds = ((fold > cfg.max_fold) | (stretched > cfg.max_stretch)) & (steps < cfg.max_steps)
        dim = ~folds & (p < cfg.min_psnr) & (steps < cfg.max_steps)
        if not (folds | dim).any(): break
        st = np.where(folds | dim, st * cfg.shrink, st); steps += folds | dim
        ap = np.where(dim | (folds & (not cfg.lift_appearance)), ap * cfg.shrink, ap)
        redo(folds | dim)
    for j in np.flatnonzero((m < cfg.min_motion) & (p >= cfg.min_psnr) & (ap < cfg.max_appearance)) if cfg.lift_appearance else []:
        target = min(cfg.max_appearance, ap[j] * cfg.min_motion / max(m[j], 1e-3))     # a clip left faint: a stronger appearance
        for k in range(cfg.max_steps + 1):
            a = target * cfg.shrink ** k
            if a <= ap[j]: break
            c, _, _ = _render(G, img[j:j + 1], z[j:j + 1], st[j:j + 1], ap=[a])
            if _measure(c, stills[j:j + 1])[1][0] >= cfg.min_psnr:
                clips[j], ap[j] = c[0], a
                break
    return clips, st, ap


def test_auto_strength_matches_the_full_render_of_every_step():
    torch.manual_seed(0)
    G, cfg = load_animator(None, 'cpu')
    stills = np.stack([preprocess(p, cfg.spec) for p in sorted((REPO / 'data').glob('*.jpg'))])
    img = clip_to_tensor(np.concatenate([stills, stills])[:, None, ..., None])[:, :, 0]
    z = motion_codes(0, len(img), G.z_dim)
    # the shipped thresholds, and stricter ones so that clips are strengthened and then calmed in several steps
    for scfg in (StrengthConfig(), StrengthConfig(min_motion=1.5, min_psnr=27.0, max_fold=0.01), StrengthConfig(min_motion=1.5, max_stretch=0.01)):
        new, st_new, ap_new = auto_strength(G, img, z, scfg)
        old, st_old, ap_old = reference_auto_strength(G, img, z, scfg)
        np.testing.assert_allclose(st_new, st_old, rtol=1e-6); np.testing.assert_allclose(ap_new, ap_old, rtol=1e-3)   # a lift is sized from motion, within a gray level
        assert np.abs(new.astype(int) - old).max() <= 1, "animations differ by more than one gray level"
    assert (st_new != 1).any() and len(np.unique(st_new)) > 2        # the strict thresholds did move strengths
    assert (ap_new > st_new).any()                                   # and lifted some appearance changes on their own


def test_batched_measures_equal_the_metrics():
    from scenegan_nb.metrics import motion, mean_psnr
    rng = np.random.default_rng(0)
    clips = rng.integers(0, 256, (3, 6, 9, 16, 1), dtype=np.uint8)
    clips[2] = clips[2, :1]                                           # a still clip: no motion, PSNR inf
    stills = clips[:, 0].copy()
    m, p = _measure(clips, stills)
    assert list(m) == [motion(c) for c in clips] and list(p) == [mean_psnr(c, s) for c, s in zip(clips, stills)]
    assert m[2] == 0 and p[2] == np.inf
