"""Run the notebooks' tests like `nbdev_test`, but say which notebook passed (and in how long) as each one finishes,
and stop at the first failure with its traceback. nbdev_test itself is silent until every notebook is done.

    python tools/test_notebooks.py [NOTEBOOK ...] [--n_workers 2] [--flags 'slow']
"""
import argparse, multiprocessing, sys, time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb


def notebooks(paths: list[str]) -> list[Path]:
    "The notebooks to test: `paths` as given, or every notebook nbdev_test would pick (skipping `.notest` folders)."
    if paths: return [Path(p).absolute() for p in paths]
    files = sorted(nbglob(None, as_path=True))
    return [f.absolute() for f in files if not (f.parent / '.notest').exists()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('paths', nargs='*', help='notebooks to test (default: all of them)')
    ap.add_argument('--n_workers', type=int, default=2, help='notebooks run at once, each in its own process')
    ap.add_argument('--flags', default='', help="space-separated test flags to run that are normally skipped, e.g. 'slow'")
    a = ap.parse_args()
    cfg = get_config()
    files = notebooks(a.paths)
    if not files: sys.exit('no notebooks to test')
    skip, force = cfg.tst_flags.split(), a.flags.split()
    width, t0 = max(len(f.name) for f in files), time.time()
    many = 's' * (len(files) != 1)
    print(f"testing {len(files)} notebook{many}, {a.n_workers} at a time", flush=True)
    # fork: each worker imports torch and the package once and keeps them for its later notebooks, as nbdev_test does.
    # The task is nbdev's own test_nb (a notebook's IPython shell replaces __main__ in the worker, so nothing from here).
    # ProcessPoolExecutor's workers are not daemonic, so a notebook may start processes of its own (prep's worker pool).
    with ProcessPoolExecutor(a.n_workers, mp_context=multiprocessing.get_context('fork')) as pool:
        jobs = {pool.submit(test_nb, f, skip_flags=skip, force_flags=force, basepath=cfg.config_path): f for f in files}
        for k, job in enumerate(as_completed(jobs), 1):
            fn = jobs[job]
            try: ok, seconds = job.result()
            except Exception as e: ok, seconds = False, time.time() - t0; print(f"{fn.name}: {e!r}", flush=True)
            print(f"[{k:2d}/{len(files)}] {'ok  ' if ok else 'FAIL'} {fn.name:<{width}} {seconds:6.1f} s", flush=True)
            if not ok:          # the traceback is above (test_nb prints it); do not wait for the others
                pool.shutdown(wait=False, cancel_futures=True)
                for child in multiprocessing.active_children(): child.terminate()
                sys.exit(f"FAILED: {fn.name} (notebooks still running were stopped)")
    print(f"{'all ' * (len(files) > 1)}{len(files)} notebook{many} passed in {time.time() - t0:.0f} s")


if __name__ == '__main__':
    main()
