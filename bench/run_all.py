"""The benchmark suite (`make bench`): first this machine's limits, then every performance figure as a ratio against
them, all in the same run. Writes bench/results/bench.json and bench/results/bench.md (a Markdown table: figure,
value, target, ratio, command) and prints the table.

Limits: dense fp32 matmul FLOP/s (2048x2048, torch's threads), memory bandwidth (a 256 MiB tensor copy, bytes read +
written per second), raw video decode rate (H.264 640x360, PyAV, no pixel conversion, all cores).
Figures: evaluation time (48 clips, every row, cold and cached real statistics), auto strength against a fixed one,
inference FLOP/s at batch 16, training FLOP/s per stage, prep against raw decode (gray and RGB), the shipped model's
motion quality (bench_model.py: edge drift, still ground, sky motion, stretch and folds, direction hints); with --scaling also
training step time and memory against resolution and frames (fitted exponents); with --ddp also training on 2
processes (torchrun, gloo) against 1.
The existing bench/*.py scripts measure most figures; they run here as subprocesses and their JSON is collected.

Usage: python bench/run_all.py [--quick] [--scaling] [--ddp] [--only eval inference auto train prep model scaling ddp] [--out bench/results]
"""
import argparse, json, os, platform, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import torch

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / 'bench'
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))


def best_of(f, n=5, clock=time.perf_counter):
    "Shortest of `n` timings of `f()` (the machine is shared: the minimum is the least disturbed run)."
    ts = []
    for _ in range(n):
        t = clock(); f(); ts.append(clock() - t)
    return min(ts)


def matmul_flops(n=2048):
    from bench_train import matmul_rate
    return max(matmul_rate(torch.device('cpu'), n) for _ in range(3))


def copy_bandwidth(mib=256):
    a = torch.empty(mib * 2**20 // 4); a.fill_(1.0); b = torch.empty_like(a)
    return 2 * a.numel() * 4 / best_of(lambda: b.copy_(a))


def raw_decode_rate(files=6, frames=100):
    from bench_prep import make_video, timed_decode
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f'v{i}.mp4' for i in range(files)]
        for i, p in enumerate(paths): make_video(str(p), frames, 640, 360, i)
        return max(n / t for n, t in (timed_decode(paths, os.cpu_count(), raw=True) for _ in range(3)))


def run_json(cmd: list, timeout=1800) -> dict:
    "Run a benchmark command; its last JSON object on stdout."
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=REPO, timeout=timeout)
    if r.returncode: raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{r.stderr[-2000:]}")
    lines = r.stdout.strip().splitlines()
    first = max(k for k, line in enumerate(lines) if line.startswith('{'))
    return json.loads('\n'.join(lines[first:]))


def inference_flops(batch=16, strength=1.0):
    "FLOP/s of the shipped generator at a fixed strength, batch `batch`, one forward pass + conversion to uint8 clips."
    from torch.utils.flop_counter import FlopCounterMode
    from scenegan_nb.inference import load_animator
    from scenegan_nb.core import tensor_to_clip
    G, _ = load_animator(None, 'cpu')
    img, z = torch.rand(batch, G.spec.channels, G.spec.height, G.spec.width) * 2 - 1, torch.randn(batch, G.z_dim)
    from bench_train import matmul_rate
    with torch.no_grad():
        with FlopCounterMode(display=False) as fc: G(img, z, strength=strength)
        dts, rates = [], []
        for _ in range(8):         # interleaved with the matmul rate, so both see the same share of the machine
            dts.append(best_of(lambda: tensor_to_clip(G(img, z, strength=strength)), 2)); rates.append(matmul_rate(torch.device('cpu'), reps=3))
    return fc.get_total_flops(), min(dts), max(rates)


def auto_cost(batch=16):
    "CPU seconds (one thread) of a fixed strength and of `auto_strength` on the sample stills of data/, repeated to batch `batch`."
    from scenegan_nb.inference import load_animator, auto_strength, preprocess, motion_codes
    from scenegan_nb.core import clip_to_tensor, tensor_to_clip
    G, cfg = load_animator(None, 'cpu')
    stills = np.stack([preprocess(p, cfg.spec) for p in sorted((REPO / 'data').glob('*.jpg'))])
    stills = np.concatenate([stills] * (batch // len(stills) + 1))[:batch]
    img = clip_to_tensor(stills[:, None, ..., None])[:, :, 0]
    z = motion_codes(0, batch, G.z_dim)
    n = torch.get_num_threads(); torch.set_num_threads(1)      # CPU time of one thread: fair to both on a shared machine
    try:
        with torch.no_grad():
            fixed = best_of(lambda: tensor_to_clip(G(img, z, strength=1.0)), 10, time.process_time)
            auto = best_of(lambda: auto_strength(G, img, z), 10, time.process_time)
    finally: torch.set_num_threads(n)
    return fixed, auto


def timed_cmd(cmd: list, timeout=1800) -> float:
    t = time.perf_counter()
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=REPO, timeout=timeout)
    if r.returncode: raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{r.stderr[-2000:]}")
    return time.perf_counter() - t


def fit_exponent(xs, ys) -> float:
    "Slope of log y against log x: y grows as x**slope."
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def scaling(rows, quick):
    """Training step time and peak memory (above the process's peak before training) against resolution (one stage at
    40x23, 80x45, 160x90) and frames (16, 32, 64); 8 timed steps a point after a warm-up step."""
    out = {}
    runs = {'resolution': [((40, 23), 32), ((80, 45), 32), ((160, 90), 32)], 'frames': [((40, 23), 16), ((40, 23), 32), ((40, 23), 64)]}
    for axis, cases in runs.items():
        xs, ts, ms = [], [], []
        for (w, h), t in cases:
            j = run_json([sys.executable, BENCH / 'bench_train.py', '--preset', 'default', '--steps', 2 if quick else 8, '--set',
                          f'spec.width={w}', f'spec.height={h}', f'spec.frames={t}', 'spec.n_stages=1', 'stage_iters=10', 'fade_iters=0'])
            xs.append(w * h if axis == 'resolution' else t); ts.append(j['stages'][0]['seconds_per_step'])
            ms.append(j['peak_memory_mb'] - j['baseline_memory_mb'])      # what the training steps add to the process (peak reset before them)
        out[axis] = {'x': xs, 'seconds_per_step': ts, 'training_memory_mb': ms,
                     'time_exponent': round(fit_exponent(xs, ts), 2), 'memory_exponent': round(fit_exponent(xs, ms), 2)}
        what = 'pixels' if axis == 'resolution' else 'frames'
        rows.append((f'training step time vs {what} (exponent)', f"{out[axis]['time_exponent']} ({', '.join(f'{x}: {t:.2f} s' for x, t in zip(xs, ts))})", '', '',
                     f'bench_train.py --set spec.width=.. spec.height=.. spec.frames=.. spec.n_stages=1'))
        rows.append((f'training memory above the process baseline vs {what} (exponent)',
                     f"{out[axis]['memory_exponent']} ({', '.join(f'{x}: {m:.0f} MB' for x, m in zip(xs, ms))})", '', '', 'same'))
    return out


def model_quality(rows, quick):
    "Where and how the shipped model's animations move (bench_model.py), against the targets of its docstring."
    j = run_json([sys.executable, BENCH / 'bench_model.py'] + (['--clips', 8, '--n', 1] if quick else []))
    cmd, s, p, sky = 'python bench/bench_model.py', j['sample_stills'], j['procedural'], j['all_sky']
    ph = j['photos'] if 'per_photo' in j['photos'] else None
    edges = [s['edge_ratio']['all'], p['edge_ratio']['all']] + ([ph['edge_ratio']['all']] if ph else [])
    rows.append(('edge drift: motion of the outer 2 px / the 6 px inside (sample stills, procedural' + (', photos)' if ph else ')'),
                 ' / '.join(f"{v:.2f}" for v in edges), '<= 1.2', f"{max(edges) / 1.2:.2f} of target (worst)", cmd))
    rows.append(('still ground: ground motion / sky and water motion, procedural test stills', f"{p['still_ground_ratio']:.3f}",
                 '<= 0.15', f"{p['still_ground_ratio'] / 0.15:.2f} of target", cmd))
    rows.append(('sky motion on all-sky stills, model vs the rendered sky', f"{sky['motion']:.2f} vs {sky['real_motion']:.2f} levels/frame",
                 '0.5 to 2x', f"{sky['sky_motion_ratio']:.2f}x", cmd))
    if ph:
        worst = min(q['mean_psnr_min'] for q in ph['per_photo'])
        rows.append(('real photos: median motion; worst mean PSNR', f"{ph['motion']:.2f} levels/frame; {worst:.1f} dB",
                     '0.3 to 5 on each; >= 22 dB', f"{len(ph['photos_outside_motion_target'])} photos outside the motion range", cmd))
        rows.append(('real photos: stretch abs(det - 1) median / p95; fold', f"{ph['stretch_median']:.3f} / {ph['stretch_p95']:.3f}; {ph['fold']:.4f}",
                     '', '', cmd))
    if 'median_error' in j['direction']:
        rows.append(('direction hints: flow direction error, 8 directions', f"median {j['direction']['median_error']:.1f} deg, worst direction {j['direction']['worst_direction_error']:.1f} deg",
                     '<= 20 deg', f"{j['direction']['worst_direction_error'] / 20:.2f} of target (worst)", cmd))
    return j


def ddp_scaling(rows, quick):
    """Training step time of the default preset with 1 process (torch's threads on every core) and with 2 processes under
    torchrun (DDP, gloo, one thread each, each on its own batch): the step time ratio and the throughput ratio."""
    args = [BENCH / 'bench_train.py', '--steps', 2 if quick else 4]
    one = run_json([sys.executable, *args])
    two = run_json([BIN / 'torchrun', '--standalone', '--nproc_per_node', 2, *args])
    out = {'one_process': one, 'two_processes': two, 'stages': []}
    for s1, s2 in zip(one['stages'], two['stages']):
        r = {'size': s1['size'], 'step_time_ratio': round(s2['seconds_per_step'] / s1['seconds_per_step'], 2),
             'throughput_ratio': round(s2['clips_per_s'] / s1['clips_per_s'], 2)}
        out['stages'].append(r)
        rows.append((f"DDP 2 processes vs 1, training stage {s1['stage'] + 1} ({s1['size']})",
                     f"{s1['seconds_per_step']:.2f} s -> {s2['seconds_per_step']:.2f} s a step; {s1['clips_per_s']} -> {s2['clips_per_s']} clips/s",
                     '', f"step time {r['step_time_ratio']:.2f}x, throughput {r['throughput_ratio']:.2f}x",
                     'torchrun --standalone --nproc_per_node 2 bench/bench_train.py (vs python bench/bench_train.py)'))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=str(BENCH / 'results'))
    ap.add_argument('--quick', action='store_true', help='fewer repeats and steps (a smoke run)')
    ap.add_argument('--scaling', action='store_true', help='also training scaling with resolution and frames')
    ap.add_argument('--ddp', action='store_true', help='also training with DDP on 2 processes (gloo) against 1')
    ap.add_argument('--only', nargs='*', default=None, help='run only these parts (eval, inference, auto, train, prep, model, scaling, ddp)')
    a = ap.parse_args()
    def want(part): return part in a.only if a.only is not None else part not in ('scaling', 'ddp') or getattr(a, part)
    t_start = time.time()
    def measure_limits(): return {'matmul_gflop_s': matmul_flops() / 1e9, 'copy_gb_s': copy_bandwidth() / 1e9, 'raw_decode_frames_s': raw_decode_rate()}
    limits = measure_limits()
    res = {'limits': {k: round(v, 1) for k, v in limits.items()}, 'figures': {}}
    rows = [('dense fp32 matmul (limit)', f"{limits['matmul_gflop_s']:.1f} GFLOP/s", '', '', 'bench/run_all.py'),
            ('memory bandwidth, large copy (limit)', f"{limits['copy_gb_s']:.1f} GB/s", '', '', 'bench/run_all.py'),
            ('raw H.264 decode 640x360 (limit)', f"{limits['raw_decode_frames_s']:.0f} frames/s", '', '', 'bench/run_all.py')]
    F = res['figures']
    if want('eval'):
        # evaluation: 48 clips, every row the shipped checkpoint allows (real, static, ours, ours at strength 1.5)
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [BIN / 'scenegan', 'eval', REPO / 'checkpoints' / 'scenegan-gray-80x45', '--strength', 1.5, '--clips', 48,
                   '--json', Path(tmp) / 'eval.json', '--quiet', '--cache', Path(tmp) / 'cache']
            cold = timed_cmd(cmd); warm = timed_cmd(cmd)
        F['eval_48_clips_s'] = {'cold_cache': round(cold, 1), 'warm_cache': round(warm, 1), 'target_s': 60}
        rows.append(('scenegan eval, 48 clips, 4 rows (cold / cached real stats)', f"{cold:.1f} s / {warm:.1f} s", '<= 60 s',
                     f"{cold / 60:.2f} / {warm / 60:.2f} of target", 'scenegan eval checkpoints/scenegan-gray-80x45 --strength 1.5 --clips 48'))
    if want('inference'):
        # inference at a fixed strength, batch 16
        flops, dt, rate = inference_flops()
        F['inference_b16'] = {'gflop': round(flops / 1e9, 3), 'seconds': round(dt, 4), 'clips_per_s': round(16 / dt, 1),
                              'matmul_gflop_s_alongside': round(rate / 1e9, 1), 'mfu': round(flops / dt / rate, 3), 'target_mfu': 0.40}
        rows.append(('inference, batch 16, fixed strength', f"{16 / dt:.0f} clips/s, {flops / dt / 1e9:.1f} GFLOP/s", '>= 40% of matmul',
                     f"{F['inference_b16']['mfu']:.2f} of matmul (measured alongside: {rate / 1e9:.0f} GFLOP/s)", 'bench/run_all.py (inference_flops)'))
    if want('auto'):
        fixed, auto = auto_cost()
        F['auto_strength_b16'] = {'fixed_s': round(fixed, 4), 'auto_s': round(auto, 4), 'ratio': round(auto / fixed, 2), 'target_ratio': 1.5}
        rows.append(("strength='auto' vs fixed, batch 16 (one thread)", f"{16 / auto:.0f} vs {16 / fixed:.0f} clips/s", '<= 1.5x',
                     f"{auto / fixed:.2f}x", 'bench/run_all.py (auto_cost)'))
    if want('train'):
        # training, both stages of the default preset
        tr = run_json([sys.executable, BENCH / 'bench_train.py', '--steps', 2 if a.quick else 5])
        F['train'] = tr
        for s in tr['stages']:         # against the matmul rate bench_train measured in its own process, just before
            rows.append((f"training stage {s['stage'] + 1} ({s['size']}), default preset", f"{s['clips_per_s']} clips/s, {s['achieved_gflop_s']} GFLOP/s",
                         '>= 35% of matmul' if s['stage'] == 1 else '', f"{s['mfu']:.2f} of matmul (measured alongside: {tr['matmul_gflop_s']:.0f} GFLOP/s)",
                         'python bench/bench_train.py'))
    if want('prep'):
        # prep against raw decode, gray and RGB
        for rgb in (False, True):
            pj = run_json([sys.executable, BENCH / 'bench_prep.py'] + (['--files', 6, '--frames', 100, '--repeat', 1] if a.quick else []) + (['--rgb'] if rgb else []))   # the command the table names
            F[f"prep_{'rgb' if rgb else 'gray'}"] = pj
            rows.append((f"prep ({'RGB' if rgb else 'gray'}) vs decode of the same files", f"{pj['prep_frames_per_s']} frames/s", '>= 0.7' if rgb else '',
                         f"{pj['prep_vs_decode']:.2f} of decode to RGB arrays, {pj['prep_vs_decode_raw']:.2f} of codec-only decode",
                         f"python bench/bench_prep.py{' --rgb' if rgb else ''}"))
    if want('model'): F['model'] = model_quality(rows, a.quick)
    if want('scaling'): F['scaling'] = scaling(rows, a.quick)
    if want('ddp'): F['ddp'] = ddp_scaling(rows, a.quick)
    # the limits again at the end: the machine is shared, so each limit is the best of the two measurements (the FLOP
    # ratios use a matmul rate measured alongside each figure instead, for the same reason)
    again = measure_limits()
    res['limits_start_end'] = {k: [round(limits[k], 1), round(again[k], 1)] for k in limits}
    best = {k: max(limits[k], again[k]) for k in limits}
    rows[0] = ('dense fp32 matmul (limit)', f"{best['matmul_gflop_s']:.1f} GFLOP/s", '', '', 'bench/run_all.py')
    rows[1] = ('memory bandwidth, large copy (limit)', f"{best['copy_gb_s']:.1f} GB/s", '', '', 'bench/run_all.py')
    rows[2] = ('raw H.264 decode 640x360 (limit)', f"{best['raw_decode_frames_s']:.0f} frames/s", '', '', 'bench/run_all.py')
    res['limits'] = {k: round(v, 1) for k, v in best.items()}
    res['seconds'] = round(time.time() - t_start, 1)
    res['hardware'] = {'machine': platform.machine(), 'cpus': os.cpu_count(), 'torch_threads': torch.get_num_threads(),
                       'torch': torch.__version__, 'load_average': os.getloadavg()}
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out / 'bench.json').write_text(json.dumps(res, indent=1))
    md = ['| figure | measured | target | ratio | command |', '|---|---|---|---|---|'] + \
         ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in rows]
    md.append(f"\nLoad average during the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores.")
    (out / 'bench.md').write_text('\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__':
    main()
