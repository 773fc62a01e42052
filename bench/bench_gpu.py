"""The accelerator figures of the performance issue, in one short run for a session that has a GPU.

On one device (default: the best available; `--device cpu` runs the same code on the CPU, as a check of the script):
  - the dense matmul rate in float32 and in bfloat16 (the limits);
  - inference of the shipped generator at batch `--batch` (its convolutions run channels-last): float32, then under
    bfloat16 autocast, and with `--compile` also under `torch.compile` (its compile time reported apart): clips per second and
    FLOPs utilization against the matmul rate of the same precision, and how far the bf16 clips are from the float32
    ones (mean and largest difference, in grey levels);
  - training steps of the default preset (`bench_train.py` on the same device: bfloat16 autocast on CUDA).
Prints one JSON object. Usage: python bench/bench_gpu.py [--device cuda] [--batch 64] [--compile] [--steps 5]
A full training run of the default preset, with its wall time, is `time scenegan train --data synth --out runs/gpu`.
"""
import argparse, json, platform, sys, time
from pathlib import Path
import torch
from torch.utils.flop_counter import FlopCounterMode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from bench_train import matmul_rate, sync
from run_all import run_json
from scenegan_nb.core import get_device
from scenegan_nb.inference import load_animator


def timed(f, device, reps: int = 5) -> float:
    "Shortest of `reps` timings of `f()` in seconds, the device synchronized around each."
    ts = []
    for _ in range(reps):
        sync(device); t = time.perf_counter(); f(); sync(device); ts.append(time.perf_counter() - t)
    return min(ts)


def to_grey_levels(video: torch.Tensor) -> torch.Tensor:
    "A clip in [-1, 1] as float grey levels 0..255 (for comparing precisions)."
    return (video.float() + 1) * 127.5


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--device', default=None); ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--compile', action='store_true'); ap.add_argument('--steps', type=int, default=5)
    a = ap.parse_args()
    device = get_device(a.device)
    rate = {'fp32': matmul_rate(device), 'bf16': matmul_rate(device, dtype=torch.bfloat16)}
    G, _ = load_animator(None, device)
    gen = torch.Generator(device='cpu').manual_seed(0)
    img = (torch.rand(a.batch, G.spec.channels, G.spec.height, G.spec.width, generator=gen) * 2 - 1).to(device)
    z = torch.randn(a.batch, G.z_dim, generator=gen).to(device)
    with torch.no_grad():
        with FlopCounterMode(display=False) as fc: ref = G(img, z)
        flops = fc.get_total_flops()
        runs = {'fp32': (lambda: G(img, z), 'fp32')}
        def bf16(model):
            def f():
                with torch.autocast(device.type, dtype=torch.bfloat16): return model(img, z)
            return f
        runs['bf16'] = (bf16(G), 'bf16')
        compile_s = None
        if a.compile:
            Gc = torch.compile(G)
            t = time.perf_counter(); bf16(Gc)(); sync(device); compile_s = time.perf_counter() - t
            runs['bf16_compiled'] = (bf16(Gc), 'bf16')
        inference = {}
        for name, (f, precision) in runs.items():
            f(); dt = timed(f, device)
            diff = (to_grey_levels(f()) - to_grey_levels(ref)).abs()
            inference[name] = {'seconds': round(dt, 5), 'clips_per_s': round(a.batch / dt, 1), 'gflop_s': round(flops / dt / 1e9, 1),
                               'mfu': round(flops / dt / rate[precision], 3), 'against': f"{precision} matmul",
                               'diff_vs_fp32_grey_levels': {'mean': round(diff.mean().item(), 3), 'max': round(diff.max().item(), 3)}}
    train = run_json([sys.executable, BENCH / 'bench_train.py', '--device', str(device), '--steps', a.steps])
    print(json.dumps({'bench': 'gpu', 'device': str(device), 'name': torch.cuda.get_device_name(device) if device.type == 'cuda' else platform.processor() or platform.machine(),
                      'matmul_gflop_s': {k: round(v / 1e9, 1) for k, v in rate.items()}, 'batch': a.batch,
                      'gflop_per_batch': round(flops / 1e9, 3), 'inference': inference,
                      'compile_seconds': None if compile_s is None else round(compile_s, 1),
                      'train': {k: train[k] for k in ('stages', 'peak_memory_mb', 'matmul_gflop_s', 'batch_size')},
                      'torch': torch.__version__}, indent=1))


if __name__ == '__main__': main()
