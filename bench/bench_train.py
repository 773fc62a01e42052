"""Training throughput and model FLOPs utilization (MFU) per stage.

For each stage: time full training steps (one D step and one G step, as the Trainer runs them) on
batches already in memory, count their FLOPs with torch.utils.flop_counter, and compare the achieved
FLOP rate with the dense matmul rate measured in the same run. Also reports peak memory (max RSS on CPU,
max allocated on CUDA); on CPU the peak is reset once the model and data are built, so it is the training's own, and
baseline_memory_mb is the resident size at that point. Prints one JSON object.

Usage: python bench/bench_train.py [--preset default] [--set batch_size=8 ...] [--steps 5] [--device cpu]
Under torchrun (DDP, gloo on CPU) every rank trains on its own batch of batch_size and rank 0 prints the JSON;
clips_per_s is then the total over the ranks.
"""
import argparse, json, os, platform, resource, time
import torch
from torch.utils.flop_counter import FlopCounterMode
from scenegan_nb.train import Trainer, preset, with_overrides, stage_at
from scenegan_nb.core import clip_to_tensor, get_device
import tempfile


def matmul_rate(device, n=2048, reps=10, dtype=torch.float32):
    a, b = torch.randn(n, n, device=device, dtype=dtype), torch.randn(n, n, device=device, dtype=dtype)
    for _ in range(2): a @ b
    sync(device); t0 = time.perf_counter()
    for _ in range(reps): a @ b
    sync(device)
    return 2 * n ** 3 * reps / (time.perf_counter() - t0)


def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize()


def proc_mb(field):
    "A memory figure of this process from /proc/self/status (Linux) in MB, else 0."
    try: return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(field + ':')) / 1024
    except (OSError, StopIteration): return 0.0


def reset_peak():
    "Reset the peak resident size (VmHWM) to the current one (Linux: /proc/self/clear_refs 5); no-op elsewhere."
    try: open('/proc/self/clear_refs', 'w').write('5')
    except OSError: pass


def fixed_batch(trainer, bs):
    items = [trainer.dataset[i] for i in range(bs)]
    return {'image': torch.stack([it['image'] for it in items]),
            'clips': [torch.stack([it['clips'][k] for it in items]) for k in range(trainer.cfg.spec.n_stages)]}


if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--preset', default='default')
    ap.add_argument('--set', nargs='*', default=[])
    ap.add_argument('--steps', type=int, default=5)
    ap.add_argument('--device', default=None)
    a = ap.parse_args()
    device = get_device(a.device)
    cfg = with_overrides(preset(a.preset), ['data=synth', 'n_synth=64', *a.set])
    t = Trainer(cfg, tempfile.mkdtemp(), device=device, progress=False)
    batch = fixed_batch(t, cfg.batch_size)
    base_mem = proc_mb('VmRSS') if device.type == 'cpu' else 0.0     # the process before training: imports, model, data
    reset_peak()                                                       # so the peak below is the training's own
    peak_rate = matmul_rate(device, dtype=torch.bfloat16 if (cfg.amp and device.type == 'cuda') else torch.float32)
    stages = []
    for stage in range(cfg.spec.n_stages):
        t.step = sum(cfg.stage_iters[:stage]) + (cfg.fade_iters if stage else 0)   # a full-alpha step of this stage
        t.train_step(batch)                                                        # warm-up
        with FlopCounterMode(display=False) as fc: t.train_step(batch)
        flops = fc.get_total_flops()
        sync(device); t0 = time.perf_counter()
        for _ in range(a.steps): t.train_step(batch)
        sync(device); dt = (time.perf_counter() - t0) / a.steps
        stages.append({'stage': stage, 'size': f"{cfg.spec.stage_sizes[stage][0]}x{cfg.spec.stage_sizes[stage][1]}",
                       'seconds_per_step': round(dt, 4), 'clips_per_s': round(t.world * cfg.batch_size / dt, 2),
                       'gflop_per_step': round(flops / 1e9, 2), 'achieved_gflop_s': round(flops / dt / 1e9, 1),
                       'mfu': round(flops / dt / peak_rate, 3)})
    peak_mem = (torch.cuda.max_memory_allocated() / 2**20 if device.type == 'cuda'
                else proc_mb('VmHWM') or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if t.rank: raise SystemExit(0)
    print(json.dumps({'bench': 'train', 'preset': a.preset, 'world_size': t.world, 'overrides': a.set, 'device': str(device), 'batch_size': cfg.batch_size,
                      'threads': torch.get_num_threads(), 'matmul_gflop_s': round(peak_rate / 1e9, 1), 'stages': stages,
                      'peak_memory_mb': round(peak_mem, 1), 'baseline_memory_mb': round(base_mem, 1),
                      'hardware': {'machine': platform.machine(), 'cpus': os.cpu_count(),
                                   'gpu': torch.cuda.get_device_name() if device.type == 'cuda' else None}}, indent=1))
