#!/bin/bash
# One short session on a GPU machine, as run on an H200 (README, Benchmarks): a CUDA smoke run, the 160x90 clips
# rendered on every core, `bench_gpu.py`, then two 160x90 trainings side by side on the one GPU (the preset at batch 8,
# and batch 32), each stopped at the time left. Everything lands in $OUT/results.tgz: logs, the benchmark's JSON, each
# run's log.jsonl, last sample grid, exported generator and last training checkpoint (to go on from on any machine).
#   OUT=runs/gpu_session BUDGET=470 bash bench/gpu_session.sh      # BUDGET: seconds for the whole script
# Python packages the machine lacks can come as wheels in .whl/ (installed to /tmp/site first).
set -u
T0=$(date +%s); OUT=${OUT:-runs/gpu_session}; WORK=${WORK:-/tmp/scenegan_gpu}; R=$WORK/r
ITERS=${ITERS:-1500,2200,3000}; FADE=${FADE:-400}; N=${N:-1200}; DEV=${DEV:-cuda}
rm -rf "$WORK"; mkdir -p "$R" "$OUT"
el() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
if ls .whl/*.whl >/dev/null 2>&1; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
    export PYTHONPATH=/tmp/site:$PWD
fi
export PYTHONUNBUFFERED=1
SG=(python3 -c "from scenegan_nb.cli import main; main()")      # `scenegan`, installed or not
nvidia-smi -L 2>/dev/null; python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU')"
el smoke; timeout 90 "${SG[@]}" train --data synth --out $WORK/smoke --preset tiny --device $DEV --quiet > $R/smoke.log 2>&1; echo "rc=$?"; tail -c 600 $R/smoke.log
el synth; "${SG[@]}" synth $N --out $WORK/d160 --seed 3 --still_camera --structures --size 160x90 --stages 3 --quiet > $R/synth.log 2>&1
echo "rc=$?"; tail -c 300 $R/synth.log; el synth done
el bench; timeout 120 python3 bench/bench_gpu.py --device $DEV > $R/bench_gpu.json 2> $R/bench_gpu.err; echo "rc=$?"; cat $R/bench_gpu.json
# the 160x90 model card's settings (checkpoints/scenegan-gray-160x90/README.md), with the preset's 3000 steps
COMMON="start_stage=2 fade_iters=$FADE model.d_channels=16 model.fill_behind=true loss.residual_smooth=5 loss.fold=1.0 tone_augment=0.5
 loss.light=2 loss.sun=0.3 loss.hint=5 init_from=checkpoints/scenegan-gray-80x45 workers=4 sample_every=500 stage_iters=$ITERS"
LEFT=$(( ${BUDGET:-470} - ( $(date +%s) - T0 ) - 20 )); el "train A (batch 8) and B (batch 32), $LEFT s at most"
train() {  # name, extra settings
    local s=$(date +%s)
    timeout $LEFT "${SG[@]}" train --data $WORK/d160 --out $WORK/$1 --preset 160x90 --device $DEV --quiet --set $COMMON $2 > $R/$1.log 2>&1
    echo "$1 rc=$? $(( $(date +%s) - s )) s" >> $R/times
}
train hdA "batch_size=8" & train hdB "batch_size=32" &
sleep 45; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv > $R/smi.txt 2>&1; wait
cat $R/times; el export
python3 - "$WORK" <<'PY'
import shutil, sys
from pathlib import Path
from scenegan_nb.train import export_generator, latest_checkpoint
work = Path(sys.argv[1]); r = work / 'r'
for run in ('hdA', 'hdB'):
    ck = latest_checkpoint(work / run)
    print(run, ck)
    if ck is None: continue
    export_generator(ck, r / f'{run}_model')
    shutil.copytree(ck, r / f'{run}_checkpoint')
    for f in ('log.jsonl', 'config.json'): shutil.copy(work / run / f, r / f'{run}_{f}')
    samples = sorted((work / run / 'samples').glob('*.png'))
    if samples: shutil.copy(samples[-1], r / f'{run}_last_sample.png')
PY
tar czf $OUT/results.tgz -C $WORK r; ls -la $OUT; el done
