"""`scenegan animate` as a user runs it, with the shipped checkpoint: good files, bad files, bad settings."""
import subprocess, sys, struct, zlib
from pathlib import Path
import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SCENEGAN = str(Path(sys.executable).parent / 'scenegan')
SAMPLES = sorted((REPO / 'data').glob('*.jpg'))


def run(*args):
    return subprocess.run([SCENEGAN, 'animate', *map(str, args)], capture_output=True, text=True, timeout=600)


def _bomb_png(path, side=20000):
    "A valid PNG header claiming a side x side gray image: a few bytes on disk, 400 Mpx when decoded."
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    path.write_bytes(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', side, side, 8, 0, 0, 0, 0)) + chunk(b'IEND', b''))


def test_samples_folder_animates_every_image(tmp_path):
    import imageio.v3 as iio
    from scenegan_nb.inference import preprocess
    assert len(SAMPLES) >= 4
    r = run(REPO / 'data', '--out', tmp_path, '--quiet')
    assert r.returncode == 0, r.stderr
    gifs = sorted(tmp_path.glob('*.gif'))
    assert [g.stem for g in gifs] == [s.stem for s in SAMPLES]
    frames = iio.imread(gifs[0], index=None)
    assert frames.shape[:3] == (32, 180, 320)                         # 80x45 shown 4x
    np.testing.assert_array_equal(frames[0, ::4, ::4, 0], preprocess(SAMPLES[0]))   # frame 0 is the input
    assert np.abs(np.diff(frames[:, ::4, ::4, 0].astype(int), axis=0)).mean() > 0.1  # and it moves
    assert (tmp_path / 'grid.png').stat().st_size > 0
    assert 'wrote 8 animations' in r.stdout or f"wrote {len(SAMPLES)} animations" in r.stdout


def test_bad_files_are_named_and_good_files_still_animated(tmp_path):
    src = tmp_path / 'in'; src.mkdir()
    good = src / 'good.jpg'; good.write_bytes(SAMPLES[0].read_bytes())
    (src / 'zero.jpg').write_bytes(b'')
    (src / 'notes.png').write_text('this is not an image')
    (src / 'cut.jpg').write_bytes(SAMPLES[1].read_bytes()[:2000])
    _bomb_png(src / 'bomb.png')
    empty = tmp_path / 'empty'; empty.mkdir()
    r = run(src, empty, tmp_path / 'missing.jpg', '--out', tmp_path / 'out', '--quiet')
    assert r.returncode == 3                                          # some inputs failed, the others were written
    assert 'Traceback' not in r.stderr
    for name in ('zero.jpg', 'notes.png', 'cut.jpg', 'bomb.png', 'empty', 'missing.jpg'):
        lines = [l for l in r.stderr.splitlines() if name in l]
        assert len(lines) == 1, (name, r.stderr)
    assert 'DecompressionBomb' in r.stderr and 'no such file' in r.stderr and 'no images' in r.stderr
    assert [p.name for p in (tmp_path / 'out').glob('*.gif')] == ['good.gif']
    assert not list((tmp_path / 'out').glob('.*'))                     # no temporary files left


def test_mp4_png_and_several_per_image(tmp_path):
    import imageio.v3 as iio
    r = run(SAMPLES[0], '--out', tmp_path, '--format', 'mp4', '--n', 2, '--scale', 2, '--upscale', 'bicubic', '--quiet')
    assert r.returncode == 0, r.stderr
    mp4s = sorted(tmp_path.glob('*.mp4'))
    assert [m.name for m in mp4s] == [f"{SAMPLES[0].stem}_0.mp4", f"{SAMPLES[0].stem}_1.mp4"]
    assert iio.imread(mp4s[0], plugin='pyav').shape == (32, 90, 160, 3)
    r = run(SAMPLES[0], '--out', tmp_path / 'png', '--format', 'png', '--scale', 1, '--quiet')
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / 'png' / SAMPLES[0].stem).glob('frame_*.png'))) == 32


def test_seed_reproduces_and_varies(tmp_path):
    outs = []
    for seed, name in ((1, 'a'), (1, 'b'), (2, 'c')):
        assert run(SAMPLES[2], '--out', tmp_path / name, '--seed', seed, '--format', 'png', '--scale', 1, '--quiet').returncode == 0
        outs.append(np.stack([np.asarray(Image.open(p)) for p in sorted((tmp_path / name / SAMPLES[2].stem).glob('*.png'))]))
    assert (outs[0] == outs[1]).all() and not (outs[0] == outs[2]).all()


@pytest.mark.parametrize('args, message', [
    (['--format', 'avi'], "unknown format 'avi'"),
    (['--fps', 0], 'fps must be'),
    (['--scale', 0], 'scale must be'),
    (['--n', 0], 'at least 1'),
    (['--upscale', 'lanczos'], "unknown upscaling 'lanczos'"),
])
def test_bad_settings_are_one_clear_line(tmp_path, args, message):
    r = run(SAMPLES[0], '--out', tmp_path, *args)
    assert r.returncode == 1 and 'Traceback' not in r.stderr
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not list(tmp_path.iterdir())                               # nothing written


def test_broken_checkpoint_is_one_clear_line(tmp_path):
    ck = tmp_path / 'ck'; ck.mkdir()
    (ck / 'model.safetensors').write_bytes(b'garbage' * 10)
    (ck / 'state.json').write_text((REPO / 'checkpoints' / 'scenegan-gray-80x45' / 'state.json').read_text())
    r = run(SAMPLES[0], '--out', tmp_path / 'o', '--checkpoint', ck)
    assert r.returncode == 1 and 'Traceback' not in r.stderr
    assert 'model.safetensors' in r.stderr and 'cannot be read' in r.stderr
    r = run(SAMPLES[0], '--out', tmp_path / 'o', '--checkpoint', tmp_path / 'nowhere')
    assert r.returncode == 1 and 'not a checkpoint folder' in r.stderr
