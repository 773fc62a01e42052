"""`scenegan animate --size/--loop/--mask/--speed` as a user runs it, with the shipped checkpoint, at small sizes."""
import subprocess, sys
from pathlib import Path
import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SCENEGAN = str(Path(sys.executable).parent / 'scenegan')
SAMPLE = sorted((REPO / 'data').glob('*.jpg'))[0]


def run(*args):
    return subprocess.run([SCENEGAN, 'animate', *map(str, args)], capture_output=True, text=True, timeout=600)


def test_size_writes_colour_mp4_by_default_and_says_so(tmp_path):
    import imageio.v3 as iio
    from scenegan_nb.render import photo_frame
    r = run(SAMPLE, '--out', tmp_path, '--size', '160x90', '--loop', '--quiet')
    assert r.returncode == 0, r.stderr
    assert 'writing MP4' in r.stderr and '--format gif' in r.stderr
    mp4 = tmp_path / f'{SAMPLE.stem}.mp4'
    assert f'{mp4.name} ' in r.stdout and ('kB' in r.stdout or 'MB' in r.stdout)      # the summary states the file size
    frames = iio.imread(mp4, plugin='pyav')
    assert frames.shape == (32, 90, 160, 3)
    f0 = photo_frame(SAMPLE, (160, 90)).astype(int)
    assert np.abs(frames[0].astype(int) - f0).mean() < 4                              # the photo, through H.264
    chroma = frames[0].astype(int).max(-1) - frames[0].astype(int).min(-1)
    assert chroma.mean() > 5                                                          # in colour
    assert (tmp_path / 'grid.png').stat().st_size > 0


def test_mask_speed_and_gif(tmp_path):
    import imageio.v3 as iio
    mask = tmp_path / 'mask.png'
    m = np.zeros((300, 400), np.uint8); m[:, 200:] = 255                             # any size: only the right half moves
    Image.fromarray(m).save(mask)
    r = run(SAMPLE, '--out', tmp_path / 'a', '--size', '160x90', '--mask', mask, '--format', 'png', '--strength', 2, '--quiet')
    assert r.returncode == 0, r.stderr
    f = np.stack([iio.imread(p) for p in sorted((tmp_path / 'a' / SAMPLE.stem).glob('*.png'))]).astype(int)
    assert f.shape == (32, 90, 160, 3)
    assert (f[:, :, :78] == f[:1, :, :78]).all()                                      # black in the mask: exactly still
    assert np.abs(np.diff(f[:, :, 90:], axis=0)).mean() > 0.2                        # white: moving
    r = run(SAMPLE, '--out', tmp_path / 'b', '--size', '160x90', '--speed', 0, '--format', 'gif', '--quiet')
    assert r.returncode == 0, r.stderr
    g = iio.imread(tmp_path / 'b' / f'{SAMPLE.stem}.gif', index=None)[..., :3].astype(int)
    assert g.shape[1:] == (90, 160, 3)                  # Pillow merges identical frames into one longer frame
    assert np.abs(g - g[:1]).mean() < 1                                               # speed 0: still (up to each frame's palette)


def test_bad_settings_are_one_line_errors(tmp_path):
    for args, words in [(('--size', '100x100'), 'aspect'), (('--size', 'huge'), 'WIDTHxHEIGHT'),
                        (('--mask', tmp_path / 'nope.png'), 'nope.png'), (('--speed', -2), 'speed')]:
        r = run(SAMPLE, '--out', tmp_path, *args, '--quiet')
        assert r.returncode == 1 and 'Traceback' not in r.stderr, r.stderr
        assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not list(tmp_path.glob('*.mp4')) and not list(tmp_path.glob('*.gif'))


def test_sun_is_held_in_place_and_free_sun_lets_it_move(tmp_path):
    import imageio.v3 as iio
    from scenegan_nb.core import ClipSpec
    from scenegan_nb.inference import image_holds
    suns = image_holds([SAMPLE], ClipSpec(), structures=False)[0].suns
    assert suns, "the sun finder finds the sample still's sun"
    x, y, r = suns[0]
    yy, xx = np.mgrid[:180, :320]
    disk = np.hypot(xx + 0.5 - x * 320, yy + 0.5 - y * 180) <= r * 180
    def disk_change(name, *flags):
        res = run(SAMPLE, '--out', tmp_path / name, '--size', '320x180', '--format', 'png', '--quiet', *flags)
        assert res.returncode == 0, res.stderr
        f = np.stack([iio.imread(p) for p in sorted((tmp_path / name / SAMPLE.stem).glob('*.png'))]).astype(int)
        return np.abs(f[-1] - f[0])[disk].mean()
    held, free = disk_change('held'), disk_change('free', '--free_sun')
    assert held < free / 3, (held, free)                      # held, the disk stays; free, it slides with its sky


def test_posts_are_held_in_place_and_free_structures_lets_them_move(tmp_path):
    import imageio.v3 as iio
    from dataclasses import replace
    from scenegan_nb import synth
    from scenegan_nb.core import ClipSpec
    from scenegan_nb.loader import clip_seed
    spec = ClipSpec(320, 180)
    scenes = (synth.scene_params(clip_seed(1, i), camera_motion=False, structures=True) for i in range(300))
    def in_sky(q):                                                   # where a structure stands in front of the sky
        return (synth.structure_shares(q, spec) > 0.5) & (synth.scene_labels(replace(q, n_structures=0), spec) == synth.SKY)
    p = next(q for q in scenes if q.n_structures and in_sky(q).sum() >= 40)
    photo = tmp_path / 'posts.png'                                   # a procedural scene with structures, as a user's photo
    iio.imwrite(photo, synth.make_clip(p.seed, spec, camera_motion=False, noise=False, structures=True)[0]['320x180'][0, ..., 0])
    posts = in_sky(p)
    def post_change(name, *flags):
        res = run(photo, '--out', tmp_path / name, '--size', '320x180', '--format', 'png', '--quiet', *flags)
        assert res.returncode == 0, res.stderr
        f = np.stack([iio.imread(q) for q in sorted((tmp_path / name / 'posts').glob('*.png'))]).astype(int)
        return np.abs(f[-1] - f[0])[posts].mean()
    held, free = post_change('held'), post_change('free', '--free_structures')
    assert held < free / 2, (held, free)                       # held, the posts stand; free, they are dragged with the sky
