"""The built package stands on its own: `python -m build` makes the sdist and, from it, the wheel; the wheel
carries the shipped checkpoints, the FVD-synth network and the sample stills, and once installed into a fresh
virtual environment it animates photos from a folder outside the repository (API and `scenegan animate`)."""
import os, shutil, subprocess, sys, zipfile
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_WHEEL_BYTES = 20 * 2**20      # a wheel far above today's ~2.5 MB means something big slipped into checkpoints/

def run(cmd, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} exited {r.returncode}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r

@pytest.fixture(scope='module')
def wheel(tmp_path_factory) -> Path:
    "The wheel that `python -m build` makes from the sdist (so MANIFEST.in is tested too)."
    out = tmp_path_factory.mktemp('dist')
    run([sys.executable, '-m', 'build', '--no-isolation', '--outdir', out, ROOT])
    wheels = list(out.glob('scenegan_nb-*.whl'))
    assert len(wheels) == 1, wheels
    return wheels[0]

def test_wheel_carries_the_shipped_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    want = {f"scenegan_nb/checkpoints/{p.relative_to(ROOT / 'checkpoints').as_posix()}"
            for p in (ROOT / 'checkpoints').glob('*/**/*') if p.is_file()}
    want |= {f"scenegan_nb/sample_stills/{p.name}" for p in (ROOT / 'data').glob('*.jpg')}
    want |= {f"scenegan_nb/assets/{p.name}" for p in (ROOT / 'scenegan_nb' / 'assets').iterdir()}
    assert 'scenegan_nb/checkpoints/scenegan-gray-80x45/model.safetensors' in want and len(want) > 10
    assert not want - names, f"missing from the wheel: {sorted(want - names)}"
    assert wheel.stat().st_size < MAX_WHEEL_BYTES, f"{wheel.name} is {wheel.stat().st_size / 2**20:.1f} MB"

def test_installed_wheel_animates_from_anywhere(wheel, tmp_path):
    venv = tmp_path / 'venv'
    run([sys.executable, '-m', 'venv', '--without-pip', venv])          # fresh: no site packages, no pip of its own
    python, scenegan = venv / 'bin' / 'python', venv / 'bin' / 'scenegan'
    try:
        # the pinned CPU build of torch, never a bare `torch` (a multi-GB CUDA build); this pip installs into the venv
        run([sys.executable, '-m', 'pip', '--python', python, 'install', '-q', '--no-compile', 'torch==2.13.0', wheel])
        away = tmp_path / 'elsewhere'; away.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'SCENEGAN_CHECKPOINT', 'VIRTUAL_ENV')}
        script = """
import scenegan_nb
from scenegan_nb import inference, metrics
stills = inference.sample_stills()
a = scenegan_nb.animate(stills[0], seed=0, n=2)
assert a.shape == (2, 32, 45, 80) and (a[:, 0] == inference.preprocess(stills[0])).all(), a.shape
feats = metrics.extract_features(a[..., None], metrics.load_feature_net())   # uint8 (N, T, H, W, C)
assert feats.shape[0] == 2 and abs(feats).sum() > 0, feats.shape
print(scenegan_nb.__file__, inference.default_checkpoint(), len(stills), sep='\\n')
"""
        lines = run([python, '-c', script], cwd=away, env=env).stdout.split()
        package = venv.resolve() / 'lib'
        assert all(Path(p).resolve().is_relative_to(package) for p in lines[:2]), lines    # the installed copy, not the repo's
        assert int(lines[2]) == len(list((ROOT / 'data').glob('*.jpg')))
        still = Path(lines[1]).parents[1] / 'sample_stills' / 'scene_02.jpg'
        r = run([scenegan, 'animate', still, '--out', 'anim', '--seed', '1'], cwd=away, env=env)
        import imageio.v3 as iio
        assert iio.imread(away / 'anim' / 'scene_02.gif', index=None).shape[:3] == (32, 180, 320), r.stdout   # --scale 4
        assert (away / 'anim' / 'grid.png').is_file()
        assert not (ROOT / 'anim').exists()
    finally:
        shutil.rmtree(venv, ignore_errors=True)      # 1.4 GB, mostly torch
