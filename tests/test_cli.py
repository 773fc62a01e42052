"""The `scenegan` program as a user runs it: real subprocesses, real files."""
import subprocess, sys, json
from pathlib import Path
import numpy as np
import pytest

SCENEGAN = str(Path(sys.executable).parent / 'scenegan')


def run(*args, cwd=None):
    return subprocess.run([SCENEGAN, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_help_lists_commands():
    r = run('--help')
    assert r.returncode == 0
    assert 'synth' in r.stdout and 'prep' in r.stdout


def test_unknown_command_is_a_usage_error():
    r = run('sinth')
    assert r.returncode == 2
    assert "unknown command 'sinth'" in r.stderr


def test_synth_writes_and_resumes_a_dataset(tmp_path):
    from scenegan_nb.store import ClipStore
    out = tmp_path / 'ds'
    r = run('synth', 3, '--out', out, '--frames', 8, '--gif', '--quiet', '--seed', 5)
    assert r.returncode == 0, r.stderr
    store = ClipStore(out)
    assert len(store) == 3 and store.clip(0).shape == (8, 45, 80, 1)
    assert len(list((out / 'gifs').glob('*.gif'))) == 3 and (out / 'grid.png').stat().st_size > 0
    first = np.array(store.clip(2))
    r = run('synth', 5, '--out', out, '--frames', 8, '--quiet', '--seed', 5)
    assert r.returncode == 0, r.stderr
    store = ClipStore(out)
    assert len(store) == 5
    assert (np.array(store.clip(2)) == first).all()      # resumed, not re-rendered differently
    manifest = json.loads((out / 'manifest.json').read_text())
    assert manifest['n_clips'] == 5


def test_synth_rgb_and_other_size(tmp_path):
    from scenegan_nb.store import ClipStore
    r = run('synth', 2, '--out', tmp_path / 'rgb', '--frames', 8, '--rgb', '--size', '160x90', '--stages', 3, '--quiet')
    assert r.returncode == 0, r.stderr
    store = ClipStore(tmp_path / 'rgb')
    assert store.sizes == ['40x23', '80x45', '160x90']
    assert store.clip(1).shape == (8, 90, 160, 3)


@pytest.mark.parametrize('args, message', [
    (['--size', '80by45'], 'WIDTHxHEIGHT'),
    (['--frames', '1'], 'frames'),
    (['--photos', '/nonexistent/folder'], '/nonexistent/folder'),
])
def test_synth_bad_settings_are_one_clear_line(tmp_path, args, message):
    r = run('synth', 2, '--out', tmp_path / 'x', '--quiet', *args)
    assert r.returncode == 1
    assert message in r.stderr and 'Traceback' not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_synth_refuses_a_folder_that_is_not_a_dataset(tmp_path):
    (tmp_path / 'mine').mkdir(); (tmp_path / 'mine' / 'thesis.txt').write_text('precious')
    r = run('synth', 2, '--out', tmp_path / 'mine', '--overwrite', '--quiet')
    assert r.returncode == 1 and 'not empty' in r.stderr
    assert (tmp_path / 'mine' / 'thesis.txt').read_text() == 'precious'


def _write_video(path, n=48, w=160, h=90, seed=0):
    "A texture drifting right; each seed a different texture and brightness, so no two videos are duplicates."
    import imageio.v3 as iio
    rng = np.random.default_rng(seed)
    base = rng.random((h, w * 2)).cumsum(1) + rng.random((h, 1)).cumsum(0) * (w / h) * seed
    base = (base - base.min()) / (base.max() - base.min()) * (100 + 40 * seed) + 10 * seed
    frames = np.stack([np.roll(base, 2 * t, axis=1)[:, :w] for t in range(n)]).astype(np.uint8)
    iio.imwrite(path, np.repeat(frames[..., None], 3, -1), plugin='pyav', codec='libx264', fps=24)


def test_prep_keeps_good_videos_and_names_bad_files(tmp_path):
    from scenegan_nb.store import ClipStore
    src = tmp_path / 'videos'; (src / 'sub').mkdir(parents=True)
    _write_video(src / 'a.mp4', seed=1); _write_video(src / 'sub' / 'b.mp4', seed=2)
    (src / 'broken.mp4').write_bytes(np.random.default_rng(0).bytes(5000))
    (src / 'empty.webm').write_bytes(b'')
    r = run('prep', src, '--out', tmp_path / 'ds', '--clips_per_video', 1, '--quiet')
    assert r.returncode == 3, r.stderr                                # done, but some files were skipped
    assert 'broken.mp4' in r.stdout and 'empty.webm' in r.stdout
    store = ClipStore(tmp_path / 'ds')
    assert len(store) == 2 and store.clip(1, '40x23').shape == (32, 23, 40, 1)
    assert sorted(rec['source'] for rec in store.records) == ['a.mp4', 'sub/b.mp4']


def test_prep_with_nothing_usable_fails(tmp_path):
    (tmp_path / 'empty').mkdir()
    r = run('prep', tmp_path / 'empty', '--out', tmp_path / 'ds', '--quiet')
    assert r.returncode == 1 and 'Traceback' not in r.stderr


def test_train_tiny_then_resume(tmp_path):
    run_dir = tmp_path / 'run'
    r = run('train', '--preset', 'tiny', '--data', 'synth', '--out', run_dir, '--set', 'spec.frames=8', '--steps', 9, '--quiet')
    assert r.returncode == 0, r.stderr
    assert 'trained to step 9 of 14' in r.stdout
    assert (run_dir / 'checkpoints' / 'stage0_final' / 'model.safetensors').exists()
    r = run('train', '--resume', run_dir, '--quiet')
    assert r.returncode == 0, r.stderr
    assert 'trained to step 14 of 14' in r.stdout
    cfg = json.loads((run_dir / 'checkpoints' / 'final' / 'state.json').read_text())['config']
    assert cfg['spec']['frames'] == 8 and cfg['stage_iters'] == [6, 8]
    r = run('train', '--preset', 'tiny', '--data', 'synth', '--out', run_dir, '--quiet')
    assert r.returncode == 1 and 'already holds a run' in r.stderr


@pytest.mark.parametrize('args, message', [
    (['--set', 'batch_sise=4'], 'batch_sise'),
    (['--preset', 'huge'], 'huge'),
    (['--data', '/no/such/dataset'], '/no/such/dataset'),
    (['--set', 'lr_g=-1'], 'learning rates'),
])
def test_train_bad_settings_are_one_clear_line(tmp_path, args, message):
    r = run('train', '--out', tmp_path / 'run', '--quiet', *args)
    assert r.returncode == 1, r.stdout + r.stderr
    assert message in r.stderr and 'Traceback' not in r.stderr


def test_eval_writes_json_and_table_with_baselines(tmp_path):
    run_dir = tmp_path / 'run'
    r = run('train', '--preset', 'tiny', '--data', 'synth', '--out', run_dir, '--steps', 7, '--quiet')
    assert r.returncode == 0, r.stderr
    ckpt = run_dir / 'checkpoints' / 'step_0000007'
    r = run('eval', ckpt, '--clips', 3, '--json', tmp_path / 'eval.json', '--quiet', '--cache', tmp_path / 'cache')
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / 'cache').glob('real_*.npz'))) == 1      # the test set's statistics, for the next eval
    doc = json.loads((tmp_path / 'eval.json').read_text())
    assert list(doc['results']) == ['real', 'static', 'ours stage 1 upsampled', 'ours']
    for name in ('static', 'ours'):
        assert {'fvd_synth', 'f0_psnr', 'mean_psnr', 'jitter', 'motion', 'flow_distance', 'diversity'} <= set(doc['results'][name])
    assert doc['results']['static']['motion'] == 0 and doc['results']['ours']['motion'] > 0
    assert doc['results']['real']['fvd_synth'] < 1e-3 < doc['results']['static']['fvd_synth']
    assert '| static |' in (tmp_path / 'eval.md').read_text()


def test_eval_of_a_missing_checkpoint_is_one_clear_line(tmp_path):
    r = run('eval', tmp_path / 'nothing', '--quiet')
    assert r.returncode == 1 and 'nothing' in r.stderr and 'Traceback' not in r.stderr
