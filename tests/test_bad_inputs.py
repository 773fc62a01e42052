"""A bad-input corpus, generated here: odd and colliding image names, poisoned and damaged checkpoints, nonsense
settings, full disks. Every case must end in one line naming the file or argument, the documented exit code, no
traceback, the good inputs of the same call still processed, and nothing existing overwritten or half-written.

Most cases run `scenegan` in this process (`cli`), which is fast; a full disk is simulated in a real subprocess
whose file-size limit (RLIMIT_FSIZE) makes every write past a few hundred kB fail inside the kernel, for every
writer (Python, imageio/Pillow, PyAV, numpy, torch), exactly where a full disk would fail."""
import argparse, hashlib, json, os, resource, shutil, signal, subprocess, sys
from pathlib import Path
import numpy as np
import pytest
import torch
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / 'checkpoints' / 'scenegan-gray-80x45'
SAMPLES = sorted((REPO / 'data').glob('*.jpg'))
SCENEGAN = str(Path(sys.executable).parent / 'scenegan')


def cli(monkeypatch, capsys, *args):
    "Run `scenegan ARGS` in this process; returns (exit code, stdout, stderr)."
    monkeypatch.setattr(argparse.ArgumentParser, 'error', argparse.ArgumentParser.error)   # main() makes it one line
    monkeypatch.setattr(sys, 'argv', list(sys.argv))
    from scenegan_nb.cli import main
    try: main([str(a) for a in args]); code = 0
    except SystemExit as e: code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


def full_disk(limit: int, *args, cwd=None):
    "Run `scenegan ARGS` in a subprocess that cannot write any file past `limit` bytes."
    def limit_writes():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # the write fails with an error instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return subprocess.run([SCENEGAN, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300,
                          preexec_fn=limit_writes)


def assert_one_line(err: str, *words):
    "`err` is one line holding every word, and no traceback."
    assert 'Traceback' not in err and 'Exception ignored' not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for w in words: assert str(w) in lines[0], (w, err)


def digest(folder: Path) -> dict:
    "Content hash of every file under `folder`, to prove nothing was touched."
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob('*')) if p.is_file()}


def no_temporaries(folder: Path):
    left = [p for p in folder.rglob('.*')]
    assert not left, left


# --- animate: names, full disk, settings, checkpoints, the API ---------------------------------------------------

def test_output_names_never_collide(tmp_path, monkeypatch, capsys):
    from scenegan_nb.inference import preprocess
    src = tmp_path / 'in'
    for rel, sample in (('a_2.jpg', SAMPLES[0]), ('x/a.jpg', SAMPLES[1]), ('y/a.jpg', SAMPLES[2])):
        (src / rel).parent.mkdir(parents=True, exist_ok=True); shutil.copy(sample, src / rel)
    (src / 'zero.jpg').write_bytes(b'')
    code, out, err = cli(monkeypatch, capsys, 'animate', src, '--out', tmp_path / 'out', '--scale', 1, '--quiet')
    assert code == 3, err                                                     # some inputs failed, the others were written
    assert 'wrote 3 animations' in out and 'Traceback' not in err
    assert sum('zero.jpg' in l for l in err.splitlines()) == 1
    import imageio.v3 as iio
    made = {g.name: iio.imread(g, index=None)[0, ..., 0] for g in (tmp_path / 'out').glob('*.gif')}
    assert sorted(made) == ['a.gif', 'a_2.gif', 'a_3.gif']
    for gif, rel in (('a_2.gif', 'a_2.jpg'), ('a.gif', 'x/a.jpg'), ('a_3.gif', 'y/a.jpg')):   # each from its own input
        np.testing.assert_array_equal(made[gif], preprocess(src / rel))


def test_full_disk_while_writing_gifs(tmp_path):
    src, out = tmp_path / 'in', tmp_path / 'out'
    src.mkdir(); out.mkdir()
    shutil.copy(SAMPLES[0], src / 'photo.jpg')                               # a ~300 kB GIF: does not fit
    Image.fromarray(np.full((90, 160, 3), 128, np.uint8)).save(src / 'flat.png')   # a ~140 kB GIF: fits
    (out / 'photo.gif').write_bytes(b'an earlier animation')
    r = full_disk(200_000, 'animate', src, '--out', out, '--quiet')
    assert r.returncode == 3, r.stderr
    assert 'Traceback' not in r.stderr and 'PluginV3' not in r.stderr and 'Exception ignored' not in r.stderr, r.stderr
    lines = [l for l in r.stderr.splitlines() if 'photo.gif' in l]
    assert len(lines) == 1 and 'File too large' in lines[0], r.stderr
    assert (out / 'photo.gif').read_bytes() == b'an earlier animation'       # untouched, not half-written
    assert (out / 'flat.gif').stat().st_size > 1000                            # the good input is still animated
    no_temporaries(out)


def test_really_full_disk_says_so(tmp_path):
    "The same on a real full disk: a 250 kB tmpfs, mounted in a private user and mount namespace (skipped where not allowed)."
    if shutil.which('unshare') is None: pytest.skip('no unshare')
    src, out = tmp_path / 'in', tmp_path / 'out'
    src.mkdir(); out.mkdir()
    shutil.copy(SAMPLES[0], src / 'photo.jpg')
    Image.fromarray(np.full((90, 160, 3), 128, np.uint8)).save(src / 'flat.png')
    script = ('mount -t tmpfs -o size=250k tmpfs "$1" 2>/dev/null || exit 99; printf precious > "$1/photo.gif"; '
              '"$2" animate "$3" --out "$1" --quiet; echo "rc=$?"; ls -a "$1"; cat "$1/photo.gif"')
    r = subprocess.run(['unshare', '-rm', 'sh', '-c', script, 'sh', str(out), SCENEGAN, str(src)], capture_output=True, text=True, timeout=300)
    if 'rc=' not in r.stdout: pytest.skip(f"cannot mount a private tmpfs here ({r.returncode}: {r.stderr.strip()[:100]})")
    assert 'rc=3' in r.stdout, r.stdout + r.stderr
    assert 'Traceback' not in r.stderr and 'Exception ignored' not in r.stderr, r.stderr
    lines = [l for l in r.stderr.splitlines() if 'photo.gif' in l]
    assert len(lines) == 1 and 'No space left on device' in lines[0], r.stderr
    listing = r.stdout.split('rc=3')[1].split()
    assert 'flat.gif' in listing and 'grid.png' in listing and not [f for f in listing if f.startswith('.') and f not in ('.', '..')]
    assert r.stdout.rstrip().endswith('precious')                             # the earlier file is untouched


@pytest.mark.parametrize('args, words', [
    (['--device', 'tpu'], ["device 'tpu'"]),
    (['--n', 10_000_000], ['n=10000000', 'memory limit']),
    (['--n', 0], ['n (animations per image)']),
    (['--seed', -1], ['seed must be an integer']),
    (['--batch_size', 0], ['batch_size']),
] + ([] if torch.cuda.is_available() else [(['--device', 'cuda'], ["device 'cuda'", 'CUDA is not available'])]))
def test_bad_animate_settings_are_one_line(tmp_path, monkeypatch, capsys, args, words):
    code, out, err = cli(monkeypatch, capsys, 'animate', SAMPLES[0], '--out', tmp_path / 'out', '--quiet', *args)
    assert code == 1
    assert_one_line(err, *words)
    assert not (tmp_path / 'out').exists() or not list((tmp_path / 'out').iterdir())


def test_a_bad_command_line_is_one_line_with_exit_2(tmp_path, monkeypatch, capsys):
    code, out, err = cli(monkeypatch, capsys, 'animate', SAMPLES[0], '--seed', '1.9')
    assert code == 2
    assert_one_line(err, '--seed', "invalid int value: '1.9'", '--help')


def test_every_command_documents_its_exit_codes(monkeypatch, capsys):
    from scenegan_nb.cli import COMMANDS
    for name in COMMANDS:
        code, out, err = cli(monkeypatch, capsys, name, '--help')
        assert code == 0 and 'Exit status: 0' in ' '.join(out.split()), (name, out)


@pytest.mark.parametrize('value', [float('nan'), float('inf')])
def test_poisoned_checkpoint_is_refused(tmp_path, monkeypatch, capsys, value):
    from safetensors.torch import load_file, save_file
    ck = tmp_path / 'ck'; shutil.copytree(SHIPPED, ck)
    tensors = load_file(ck / 'model.safetensors')
    name = sorted(k for k in tensors if tensors[k].is_floating_point())[3]
    tensors[name].view(-1)[0] = value
    save_file(tensors, ck / 'model.safetensors')
    code, out, err = cli(monkeypatch, capsys, 'animate', SAMPLES[0], '--out', tmp_path / 'out', '--checkpoint', ck, '--quiet')
    assert code == 1
    assert_one_line(err, ck / 'model.safetensors', f'tensor {name} holds 1 NaN or infinite value')
    assert not (tmp_path / 'out').exists()


@pytest.mark.parametrize('kwargs, words', [
    ({'seed': 1.9}, 'seed must be an integer'), ({'seed': 'abc'}, 'seed must be an integer'),
    ({'seed': 2**70}, 'seed must be an integer'), ({'seed': True}, 'seed must be an integer'),
    ({'n': 2.5}, r'n \(animations per image\)'), ({'n': 10_000_000}, 'n=10000000 animations .* memory limit'),
    ({'device': 'tpu'}, "device 'tpu'"), ({'batch_size': 0}, 'batch_size'),
])
def test_api_arguments_are_named(kwargs, words):
    from scenegan_nb import animate
    with pytest.raises(ValueError, match=words): animate(SAMPLES[0], **kwargs)


@pytest.mark.parametrize('image, words', [
    (None, 'image must be .* got NoneType'), (7, 'image must be .* got int'), (b'\xff\xd8\xff', r'io\.BytesIO'),
    (np.zeros((45, 80), complex), 'image: a complex128 array is not an image'),
    ([SAMPLES[0], None], r'image\[1\] must be'),
])
def test_api_images_are_named(image, words):
    from scenegan_nb import animate
    with pytest.raises(ValueError, match=words): animate(image, seed=0)


def test_api_good_inputs_still_work():
    from scenegan_nb import animate
    a = animate(np.full((45, 80), 0.5, np.float32), seed=np.int64(3), n=np.int64(2))
    assert a.shape == (2, 32, 45, 80) and (a[:, 0] == 128).all()


# --- train: settings, damaged runs, full disk ------------------------------------------------------------------

TINY = ['spec.frames=8', 'stage_iters=3,4', 'fade_iters=1', 'ckpt_every=2', 'keep_checkpoints=3', 'log_every=1', 'sample_every=100']


@pytest.fixture(scope='module')
def tiny_run(tmp_path_factory):
    "A tiny run stopped at step 5: checkpoints step_2, stage0_final (step 3), step_4 and step_5."
    from scenegan_nb.train import Trainer, preset, with_overrides
    run = tmp_path_factory.mktemp('tiny') / 'run'
    Trainer(with_overrides(preset('tiny'), TINY), run, progress=False).fit(5)
    assert sorted(p.name for p in (run / 'checkpoints').iterdir()) == ['stage0_final', 'step_0000002', 'step_0000004', 'step_0000005']
    return run


def copy_run(run, tmp_path) -> Path:
    shutil.copytree(run, tmp_path / 'run'); return tmp_path / 'run'


@pytest.mark.parametrize('args, config, words', [
    (['--steps', -1], None, ['--steps must be a positive step number, got -1']),
    (['--steps', 0], None, ['--steps must be a positive step number, got 0']),
    (['--device', 'tpu'], None, ["device 'tpu'"]),
    (['--set', 'batch_size=[2]'], None, ['batch_size']),
    (['--config', 'SETTINGS'], [['batch_size', 4]], ['settings.json', 'must hold a JSON object', 'list']),
    (['--config', 'SETTINGS'], {'batch_size': [4]}, ['settings.json', 'TrainConfig.batch_size must be an integer']),
    (['--config', 'MISSING'], None, ['nowhere.json', 'No such file']),
])
def test_bad_train_settings_are_one_line(tmp_path, monkeypatch, capsys, args, config, words):
    settings = tmp_path / 'settings.json'
    if config is not None: settings.write_text(json.dumps(config))
    args = [{'SETTINGS': settings, 'MISSING': tmp_path / 'nowhere.json'}.get(a, a) for a in args]
    code, out, err = cli(monkeypatch, capsys, 'train', '--preset', 'tiny', '--out', tmp_path / 'new', '--quiet', *args)
    assert code == 1, err
    assert_one_line(err, *words)
    assert not (tmp_path / 'new' / 'checkpoints').exists()


def test_resume_skips_damaged_checkpoints_and_keeps_the_log_clean(tiny_run, tmp_path, monkeypatch, capsys):
    run = copy_run(tiny_run, tmp_path)
    ck = run / 'checkpoints'
    opt = ck / 'step_0000005' / 'optim.pt'; opt.write_bytes(opt.read_bytes()[:1000])             # cut short by a kill
    (ck / 'step_0000004' / 'model.safetensors').write_bytes(b'\0' * 64)                           # garbage
    kept = digest(ck / 'stage0_final')
    code, out, err = cli(monkeypatch, capsys, 'train', '--resume', run, '--steps', 6, '--quiet')
    assert code == 0, err
    assert 'Traceback' not in err
    skipped = err.strip().splitlines()
    assert len(skipped) == 2 and 'step_0000005' in skipped[0] and 'optim.pt: damaged' in skipped[0]
    assert 'step_0000004' in skipped[1] and 'model.safetensors: cannot be read' in skipped[1]
    assert f"resuming from {ck / 'stage0_final'} (step 3)" in out                                  # not the older step_0000002
    assert 'trained to step 6 of 7' in out
    steps = [json.loads(l)['step'] for l in (run / 'log.jsonl').read_text().splitlines()]
    assert steps == list(range(1, 7))                                                              # each step once
    assert digest(ck / 'stage0_final') == kept


@pytest.mark.parametrize('damage, words', [
    ('malicious', ['no intact checkpoint', 'optim.pt: refused', 'older checkpoint(s)']),
    ('state_list', ['no intact checkpoint', 'not an object']),
    ('no_config', ['no intact checkpoint', "has no 'config'"]),
])
def test_resume_of_a_wholly_damaged_run_is_one_line(tiny_run, tmp_path, monkeypatch, capsys, damage, words):
    run = copy_run(tiny_run, tmp_path)
    class Boom:
        def __reduce__(self): return (os.system, (f"touch {tmp_path / 'pwned'}",))
    for ck in (run / 'checkpoints').iterdir():
        if damage == 'malicious': torch.save({'opt_g': Boom(), 'opt_d': {}}, ck / 'optim.pt')
        elif damage == 'state_list': (ck / 'state.json').write_text('[1, 2, 3]')
        else:
            state = json.loads((ck / 'state.json').read_text()); del state['config']
            (ck / 'state.json').write_text(json.dumps(state))
    before = digest(run)
    code, out, err = cli(monkeypatch, capsys, 'train', '--resume', run, '--quiet')
    assert code == 1
    assert_one_line(err, run, *words)
    assert not (tmp_path / 'pwned').exists()                                  # nothing was unpickled
    assert digest(run) == before


def test_full_disk_while_saving_a_checkpoint(tiny_run, tmp_path):
    run = copy_run(tiny_run, tmp_path)
    before = digest(run / 'checkpoints')
    r = full_disk(225_000, 'train', '--resume', run, '--steps', 6, '--quiet')      # a sample PNG is ~200 kB, model.safetensors ~250 kB
    assert r.returncode == 1, r.stderr
    assert_one_line(r.stderr, run / 'checkpoints' / 'step_0000006' / 'model.safetensors', 'File too large')
    assert digest(run / 'checkpoints') == before                                   # the earlier checkpoints are intact
    no_temporaries(run / 'checkpoints')


# --- prep and eval ---------------------------------------------------------------------------------------------

def write_video(path, n=40, w=160, h=90):
    import imageio.v3 as iio
    base = np.random.default_rng(1).random((h, 2 * w)).cumsum(1)
    base = (base - base.min()) / np.ptp(base) * 180 + 30
    frames = np.stack([np.roll(base, 2 * t, axis=1)[:, :w] for t in range(n)]).astype(np.uint8)
    iio.imwrite(path, np.repeat(frames[..., None], 3, -1), plugin='pyav', codec='libx264', fps=24)


def test_prep_exit_codes_and_full_disk(tmp_path, monkeypatch, capsys):
    src = tmp_path / 'videos'; src.mkdir()
    write_video(src / 'good.mp4')
    code, out, err = cli(monkeypatch, capsys, 'prep', src, '--out', tmp_path / 'ok', '--clips_per_video', 1, '--quiet')
    assert code == 0 and '1 clips kept' in out, out + err                          # all good
    (src / 'broken.mp4').write_bytes(np.random.default_rng(0).bytes(3000))
    code, out, err = cli(monkeypatch, capsys, 'prep', src, '--out', tmp_path / 'some', '--clips_per_video', 1, '--quiet')
    assert code == 3 and '1 clips kept' in out and 'broken.mp4' in out, out + err   # some skipped, the rest kept
    r = full_disk(50_000, 'prep', src, '--out', tmp_path / 'full', '--clips_per_video', 1, '--workers', 0, '--quiet')
    assert r.returncode == 1, r.stdout + r.stderr                                  # a 32x45x80 shard is 115 kB
    assert_one_line(r.stderr, tmp_path / 'full' / 'shard_00000_80x45.npy', 'File too large')
    assert not list((tmp_path / 'full').glob('shard_*')) and not list((tmp_path / 'full').glob('.*'))


def test_eval_never_writes_into_the_current_folder_unasked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(monkeypatch, capsys, 'eval', SHIPPED, '--clips', 2, '--quiet')
    assert code == 1
    assert_one_line(err, SHIPPED, '--json FILE')
    assert not list(tmp_path.iterdir()) and not (REPO / 'eval.json').exists() and not (REPO / 'eval.md').exists()
