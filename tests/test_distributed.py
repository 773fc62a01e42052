"""Multi-process training: the same loop under torchrun with DistributedDataParallel (gloo on CPU)."""
import subprocess, sys
from pathlib import Path
import pytest
import torch
from safetensors.torch import load_file

HERE = Path(__file__).parent


@pytest.mark.parametrize('loss_kind', ['lsgan', 'wgan-gp'])
def test_two_ranks_hold_identical_weights(tmp_path, loss_kind):
    torchrun = str(Path(sys.executable).parent / 'torchrun')
    r = subprocess.run([torchrun, '--standalone', '--nproc_per_node', '2', str(HERE / 'ddp_worker.py'), str(tmp_path / 'run'), loss_kind],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    w0, w1 = (load_file(tmp_path / 'run' / f'rank{k}.safetensors') for k in (0, 1))
    assert w0.keys() == w1.keys()
    for k in w0: assert torch.equal(w0[k], w1[k]), f"{k} differs between ranks"
    from scenegan_nb.train import read_checkpoint_state
    first = load_file(tmp_path / 'run' / 'checkpoints' / 'stage0_final' / 'model.safetensors')
    assert any(not torch.equal(first[k], w0[k]) for k in first if k.startswith('G.'))
    # training moved the weights after stage 1: identical because synchronized, not because frozen
    assert read_checkpoint_state(tmp_path / 'run' / 'checkpoints' / 'final')['world_size'] == 2
    assert 'rank 0 of 2 done at step 8' in r.stdout
