"""Run by tests/test_distributed.py under torchrun: a tiny training run, then each rank saves its weights."""
import os, sys
from pathlib import Path
import torch
from safetensors.torch import save_file
from scenegan_nb.train import Trainer, preset, with_overrides

run_dir, loss_kind = Path(sys.argv[1]), sys.argv[2]
torch.set_num_threads(1)
cfg = with_overrides(preset('tiny'), ['spec.frames=8', 'stage_iters=4,4', 'fade_iters=2', f'loss.kind={loss_kind}'])
t = Trainer(cfg, run_dir, device='cpu', progress=False).fit()
rank = int(os.environ['RANK'])
tensors = {f"{n}.{k}": v.detach().contiguous() for n, m in (('G', t.G), ('D', t.D), ('G_ema', t.G_ema)) for k, v in m.state_dict().items()}
save_file(tensors, run_dir / f"rank{rank}.safetensors")
print(f"rank {rank} of {t.world} done at step {t.step}")
