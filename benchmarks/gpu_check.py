"""One GPU check: the GPU-tagged tests, a split-BN epoch per model, the throughput table and DDP; writes benchmarks/gpu.md.

On a machine with CUDA, in about 5 minutes on one GPU:

1. the notebooks' `#| gpu` cells (`nbdev_test --flags gpu` on the notebooks that have them; each notebook runs whole),
2. one epoch of WRN-28-2 and WRN-28-10 split-BN training (Weak Augment: Cutout | RandAugment) with AMP on synthetic
   CIFAR-shaped data (3x32x32, `splitbn.data.synthetic`) through `splitbn.train.fit`,
3. a throughput table: images/s (both views counted) of the full split-BN step (device loader, Cutout and RandAugment
   views, `train_step`) and of the model alone (`train_step` on a fixed batch), with AMP on and off and torch.compile
   on and off (compile rows run while the time budget lasts; the compile time is reported, not counted),
4. the guard's operator and kernel-launch counts (`benchmarks/guard.py --device cuda`),
5. a 2-process `torchrun` run (NCCL) when the machine has two GPUs.

It appends its figures, with the GPU's name and the command, to benchmarks/gpu.md. On a machine without CUDA it says
so and exits 0.

    python benchmarks/gpu_check.py                 # writes benchmarks/gpu.md
    python benchmarks/gpu_check.py --budget 240 --out /tmp/gpu.md
"""
from __future__ import annotations
import argparse, datetime, json, os, subprocess, sys, tempfile, time
from pathlib import Path
import torch

ROOT = Path(__file__).resolve().parents[1]
GPU_NOTEBOOKS = ('nbs/00_augment.ipynb', 'nbs/04_train.ipynb')   # the notebooks with `#| gpu` cells that this check owns

def sh(cmd: list[str], timeout: float, env: dict | None = None) -> tuple[int, str, float]:
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
        return r.returncode, (r.stdout + r.stderr)[-2000:], time.perf_counter() - t0
    except subprocess.TimeoutExpired: return 124, f'timed out after {timeout:.0f} s', time.perf_counter() - t0

def timed(fn, steps: int, warmup: int) -> float:
    for _ in range(warmup): fn()
    torch.cuda.synchronize(); t0 = time.perf_counter()
    for _ in range(steps): fn()
    torch.cuda.synchronize()
    return (time.perf_counter() - t0) / steps

def throughput(model_name: str, amp: bool, compile_: bool, batch: int, steps: int) -> dict:
    from splitbn.core import run_precision, to_channels_last
    from splitbn.data import DeviceLoader, synthetic
    from splitbn.train import LossScale, TrainConfig, build_model, build_views, train_step
    dev = torch.device('cuda')
    cfg = TrainConfig(dataset='synthetic', model=model_name, batch_size=batch, amp=amp, compile=compile_, device='cuda')
    data = synthetic(n=8 * batch, size=32, num_classes=10, in_chans=3, seed=0)
    torch.manual_seed(0)
    model = to_channels_last(build_model(cfg, data).to(dev), dev, amp)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    scale = LossScale(dev) if run_precision(dev, amp) == 'fp16' else None
    loader = DeviceLoader(data, batch_size=batch, seed=0, device=dev, views=build_views(cfg))
    it = iter(())
    def next_batch():
        nonlocal it
        try: return next(it)
        except StopIteration: loader.set_epoch(loader.epoch + 1); it = iter(loader); return next(it)
    net, compile_s = model, None
    if compile_:
        net = torch.compile(model); t0 = time.perf_counter()
        *v, y = next_batch(); train_step(cfg, model, net, opt, v, y, scale=scale); torch.cuda.synchronize()
        compile_s = time.perf_counter() - t0
    *fv, fy = next_batch()
    t_model = timed(lambda: train_step(cfg, model, net, opt, fv, fy, scale=scale), steps, 3)
    def full():
        *v, y = next_batch(); train_step(cfg, model, net, opt, v, y, scale=scale)
    t_full = timed(full, steps, 3)
    return dict(model=model_name, amp=amp, compile=compile_, precision=run_precision(dev, amp), full=2 * batch / t_full,
                model_only=2 * batch / t_model, compile_s=compile_s)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', default=str(ROOT / 'benchmarks' / 'gpu.md'))
    p.add_argument('--budget', type=float, default=270, help='seconds after which the optional parts (compile rows) are skipped')
    p.add_argument('--batch', type=int, default=128, help='images per view')
    p.add_argument('--steps', type=int, default=20)
    a = p.parse_args(argv)
    if not torch.cuda.is_available():
        print('gpu_check needs a CUDA GPU and torch sees none here (torch.cuda.is_available() is False); nothing to do.')
        return 0
    t_start = time.perf_counter()
    left = lambda: a.budget - (time.perf_counter() - t_start)
    from splitbn.core import device_name, run_precision
    gpu, n_gpu = torch.cuda.get_device_name(0), torch.cuda.device_count()
    cap = torch.cuda.get_device_capability(0)
    cmd = 'python benchmarks/gpu_check.py' + (' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else '')
    out = [f"### {datetime.date.today()}: `{cmd}`", '',
           f"{gpu} (compute capability {cap[0]}.{cap[1]}, {n_gpu} GPU(s)); torch {torch.__version__}, CUDA {torch.version.cuda}; "
           f"AMP here means {run_precision('cuda', True)}, `amp=False` means {run_precision('cuda', False)}.", '']
    # 1. the GPU-tagged tests
    out += ['| GPU-tagged tests | result | s |', '|---|---|---:|']
    for nb in GPU_NOTEBOOKS:
        rc, log, s = sh(['nbdev_test', '--flags', 'gpu', '--path', nb], timeout=150)
        out.append(f"| `nbdev_test --flags gpu --path {nb}` | {'pass' if rc == 0 else f'FAIL (rc {rc})'} | {s:.0f} |")
        if rc: print(log)
    # 2. one split-BN epoch per model, with AMP
    from splitbn.train import TrainConfig, fit
    out += ['', '| one split-BN epoch (Weak Augment, AMP), synthetic 3×32×32 | images | precision | s | test acc λ=0 |', '|---|---:|---|---:|---:|']
    with tempfile.TemporaryDirectory() as d:
        for m in ('wrn28_2', 'wrn28_10'):
            cfg = TrainConfig(dataset='synthetic', model=m, epochs=1, n_train=5000, n_test=1000, batch_size=a.batch, device='cuda')
            t0 = time.perf_counter(); r = fit(cfg, d, quiet=True); s = time.perf_counter() - t0
            out.append(f"| {m} | 5,000 | {r.metrics['precision']} | {s:.1f} | {r.metrics['acc_lam0.0']:.1f} |")
    # 3. throughput
    out += ['', f'| throughput, batch 2×{a.batch} | AMP | compile | precision | full split-BN step (img/s) | model only (img/s) | '
            'model-only / full time | compile s |', '|---|---|---|---|---:|---:|---:|---:|']
    for compile_ in (False, True):
        for m in ('wrn28_2', 'wrn28_10'):
            for amp in (True, False):
                if compile_ and left() < 60:
                    out.append(f"| {m} | {amp} | True | — | skipped: time budget | | | |"); continue
                r = throughput(m, amp, compile_, a.batch, a.steps)
                cs = '' if r['compile_s'] is None else f"{r['compile_s']:.0f}"
                out.append(f"| {m} | {amp} | {compile_} | {r['precision']} | {r['full']:,.0f} | {r['model_only']:,.0f} | "
                           f"{r['full'] / r['model_only']:.2f} | {cs} |")
    # 4. the guard's operators and kernel launches
    rc, log, s = sh([sys.executable, 'benchmarks/guard.py', '--device', 'cuda'], timeout=max(30, min(120, left())))
    out += ['', 'The non-finite-step guard on the GPU (`python benchmarks/guard.py --device cuda`):', '']
    out += [l for l in log.splitlines() if l.startswith('|')] if rc == 0 else [f'guard.py failed (rc {rc}): {log[-500:]}']
    # 5. DDP
    if n_gpu >= 2:
        with tempfile.TemporaryDirectory() as d:
            rc, log, s = sh([sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node', '2', '-m', 'splitbn.train', '--dataset',
                             'synthetic', '--model', 'wrn28_2', '--epochs', '1', '--n_train', '2048', '--batch_size', '128',
                             '--device', 'cuda', '--out', d], timeout=180)
            m = json.loads(log.strip().splitlines()[-1]) if rc == 0 else {}
            out += ['', f"2-process torchrun (NCCL), WRN-28-2, one epoch of 2,048 images: {'pass' if rc == 0 else f'FAIL (rc {rc})'} "
                    f"in {s:.0f} s, world_size {m.get('world_size')}, parameters in sync: {m.get('params_in_sync')}"]
    else: out += ['', f'DDP: skipped ({n_gpu} GPU; the 2-process torchrun needs two).']
    out.append(f"\nTotal {time.perf_counter() - t_start:.0f} s.")
    text = '\n'.join(out) + '\n'
    print(text)
    path = Path(a.out)
    if not path.exists(): path.write_text('# GPU check (`benchmarks/gpu_check.py`)\n\nEach run appends a section.\n')
    with open(path, 'a') as f: f.write('\n' + text)
    return 0

if __name__ == '__main__': sys.exit(main())
