"""bench/bench_model.py, tiny: the command prints its JSON report for a checkpoint, gray or RGB; an animation that does not move
misses the photo motion target on every photo; and the direction measure follows the hint it was given (a stand-in
generator that moves every still exactly along the hint scores within a degree on all 8 directions)."""
import json, subprocess, sys
from pathlib import Path
import numpy as np
import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / 'bench'))
import bench_model
from scenegan_nb.metrics import _sample

TINY = ['--clips', '2', '--n', '1', '--photos', str(REPO / 'data' / 'scene_00.jpg'), str(REPO / 'data' / 'scene_07.jpg')]


def run(*args) -> dict:
    r = subprocess.run([sys.executable, str(REPO / 'bench' / 'bench_model.py'), *TINY, *args], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout)


def test_report_of_the_shipped_checkpoint(tmp_path):
    j = run('--grid', str(tmp_path / 'grid.png'))
    assert set(j['sample_stills']['edge_ratio']) == {'all', 'top', 'bottom', 'left', 'right'}
    assert j['procedural']['stills'] == 2 and j['photos']['photos'] == 2 and len(j['photos']['per_photo']) == 2
    assert j['procedural']['real_still_camera_still_ground_ratio'] < 0.15      # the renderer's own still ground meets the target
    assert 'skipped' in j['direction'] or 'median_error' in j['direction']
    st = j['structures']                     # the mask over the posts and the sky, and the posts' pixels from a quarter on:
    assert st['mask_structures'] is None or 0 <= st['mask_structures'] <= 1           # (the majority vote may find none
    assert 0 <= st['mask_sky'] <= 1 and 0 <= st['mask_structures_quarter'] <= 1        # where a quarter of a pixel finds some)
    assert st['structure_motion_ratio_quarter'] >= 0 and 0 <= j['suns']['mask_disk'] <= 1
    assert {'structure_motion_ratio_full', 'real_structure_motion_ratio_full'} <= set(st)          # and at full size
    assert {'disk_motion_ratio_full', 'real_disk_motion_ratio_full'} <= set(j['suns'])
    assert {'disk_motion_ratio_visible', 'real_disk_motion_ratio_visible', 'visible_stills'} <= set(j['suns'])   # the suns that stand out
    assert (tmp_path / 'grid.png').stat().st_size > 1000


def test_still_animations_miss_the_motion_target():
    j = run('--strength', '0')
    assert sorted(j['photos']['photos_outside_motion_target']) == ['scene_00.jpg', 'scene_07.jpg']
    assert j['targets_met']['photo_motion_every_photo'] is False
    assert j['all_sky']['motion'] == 0 and j['sample_stills']['edge_ratio']['all'] == 1.0   # nothing moves: no drift either
    for part, key in (('suns', 'disk_motion_ratio_full'), ('structures', 'structure_motion_ratio_full')):
        assert j[part][key] in (0.0, None), (key, j[part][key])                             # nor at full size


def drift_along(stills, direction, n, frames=32):
    "Every still moved `direction` px/frame (bilinear, edges clamped): (N, n, T, H, W)."
    out = []
    for im in stills:
        x = torch.from_numpy(im.astype(np.float64))[None]
        h, w = im.shape
        rows, cols = torch.arange(h, dtype=torch.float64).view(h, 1), torch.arange(w, dtype=torch.float64).view(1, w)
        clip = np.stack([_sample(x, rows - direction[1] * t, cols - direction[0] * t)[0].numpy() for t in range(frames)])
        out.append(np.repeat(clip.round().astype(np.uint8)[None], n, 0))
    return np.stack(out)


def test_direction_error_follows_the_hint(monkeypatch, capsys):
    def fake_animate_stills(G, stills, seed=None, n=1, batch_size=16, strength='auto', direction=(0.2, 0.0), **kw):
        return drift_along(stills, direction, n)
    monkeypatch.setattr(bench_model, 'animate_stills', fake_animate_stills)
    monkeypatch.setattr(bench_model, 'takes_direction', lambda G, cfg: (True, ''))
    monkeypatch.setattr(sys, 'argv', ['bench_model.py', *TINY])
    bench_model.main()
    d = json.loads(capsys.readouterr().out)['direction']
    assert len(d['per_direction']) == 8 and d['worst_direction_error'] < 2, d


def test_rgb_checkpoint(tmp_path):
    "A (tiny, untrained) RGB generator is measured on colour stills: the report says so and every set is measured."
    from dataclasses import replace
    from scenegan_nb.core import ClipSpec
    from scenegan_nb.models import build_models
    from scenegan_nb.train import preset, write_checkpoint_folder
    cfg = replace(preset('tiny'), spec=ClipSpec(channels=3))
    G, _ = build_models(cfg.spec, cfg.model)
    write_checkpoint_folder(tmp_path / 'rgb', {f'G_ema.{k}': v.contiguous() for k, v in G.state_dict().items()}, {'config': cfg.to_dict(), 'step': 0})
    j = run('--checkpoint', str(tmp_path / 'rgb'))
    assert j['spec'] == '80x45 RGB' and j['all_sky']['stills'] == 2 and len(j['photos']['per_photo']) == 2


def test_disk_contrast_finds_a_disk_that_stands_out():
    rec = {'has_sun': True, 'sun_x': 0.5, 'sun_y': 0.3, 'sun_size': 1.6, 'pan_dx': 0.0, 'zoom': 1.0}
    flat = np.full((45, 80), 120, np.uint8)
    disk = bench_model.sun_disk(bench_model.record_sun(rec)[None], 45, 80, margin=0)[0, 0].numpy() > 0
    lit = flat.copy(); lit[disk] = 250
    assert bench_model.disk_contrast(flat, rec) == 0
    assert bench_model.disk_contrast(lit, rec) == 130                  # the disk against its ring, in gray levels
    assert bench_model.disk_contrast(np.dstack([lit] * 3), rec) == 130  # colour: on luma
    assert bench_model.disk_contrast(lit, {**rec, 'has_sun': False}) is None
