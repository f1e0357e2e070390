"""Cost of splitbn's robustness evaluations against raw inference over the same images, in float32 and bf16.

Part 1, Fourier heat map: `splitbn.fourier.fourier_heatmap(model, x, y, eps=8.0, lam=0.0, amp=...)` on
`--heatmap-n` 32x32 RGB images. Exploiting conjugate symmetry it evaluates R = 514 of the 1,024 frequencies,
i.e. R x N perturbed images, one forward each (lam=0: main BN only). Its time is compared with **raw
inference** over the same R x N images: the model's forward (`splitbn.dualbn.predict(model, xb, 0.0,
check=False)`, under the same autocast and channels-last inputs as the heat map uses) on batches of the same
sizes cut from a tensor already on the device, with nothing else (no perturbation, gather, clipping or error
counting). The ratio heat map / raw inference is the overhead of everything the heat map adds (target <= 1.2x).

Part 2, common corruptions: `splitbn.corrupt.corruption_errors(model, x, y, amp=...)` (15 corruptions x 5
severities, each corrupted on the device from the clean images, in float32) on `--n` images, against raw
inference over the same 75 x N images in the same batches (each (corruption, severity) cell is cut into
batches of `--batch-size` separately), so the ratio is the cost of corrupting plus bookkeeping (target <= 1.5x).

Each part runs in float32 (`amp=False`) and in bf16 (`amp=True`, bf16 autocast and channels-last inputs).
bf16 is native on CUDA and on CPUs with AVX-512 BF16 / AMX (`splitbn.core.cpu_has_bf16()`); elsewhere the bf16
rows force the bf16 path anyway (splitbn itself would stay in float32 there) and are marked *emulated*: slower
than float32, but they still measure the overhead of the evaluation code around the model.

Model: WRN-28-2 (`splitbn.models.wrn28_2`, dual BN, random weights, eval mode). On CUDA: cudnn.benchmark and a
warm-up run of each contender. The load average is printed; above 0.5 the row is marked "machine loaded".
Usage:

    python benchmarks/evaluate.py                                   # CPU defaults (--n 8 --heatmap-n 1, 2 threads): ~3-4 min idle
    python benchmarks/evaluate.py --n 10000 --out benchmarks/evaluate.md   # on a GPU
"""
from __future__ import annotations
import argparse, contextlib, datetime, math, os, shlex, sys, time

import torch
import torch.nn as nn

import splitbn.core as core
from splitbn.core import autocast, device_name, to_channels_last
from splitbn.corrupt import CORRUPTIONS, corruption_errors
from splitbn.dualbn import predict
from splitbn.fourier import fourier_heatmap, half_grid
from splitbn.models import wrn28_2


def sync(device: torch.device) -> None:
    if device.type == 'cuda': torch.cuda.synchronize(device)


@contextlib.contextmanager
def bf16_path(force: bool):
    "Make `amp=True` take the bf16 path on a CPU without native bf16 (`force`), as splitbn's own tests do."
    if not force: yield; return
    old = core.cpu_has_bf16
    core.cpu_has_bf16 = lambda: True
    try: yield
    finally: core.cpu_has_bf16 = old


def timed(fn, device: torch.device) -> float:
    "Seconds taken by `fn()`, synchronising the device before and after."
    sync(device)
    t0 = time.perf_counter()
    fn()
    sync(device)
    return time.perf_counter() - t0


def batches(n_images: int, batch_size: int) -> list[int]:
    "Sizes of the batches that cut `n_images` into pieces of `batch_size`."
    return [min(batch_size, n_images - s) for s in range(0, n_images, batch_size)]


def raw_inference(model: nn.Module, pool: torch.Tensor, sizes: list[int], amp: bool) -> None:
    "The model's forward on one batch of each size in `sizes`, sliced from `pool` (on the device), as the evaluations run it."
    device = pool.device
    for b in sizes:
        with autocast(device, amp): predict(model, to_channels_last(pool[:b], device, amp), 0.0, check=False)


def best_of(repeats: int, contenders: dict, device: torch.device) -> dict[str, float]:
    "Minimum time of each contender over `repeats` rounds, the contenders alternating within each round."
    times = {k: [] for k in contenders}
    for _ in range(repeats):
        for k, fn in contenders.items(): times[k].append(timed(fn, device))
    return {k: min(v) for k, v in times.items()}


def bench_heatmap(model, x, y, batch_size: int, amp: bool, warmup: bool, repeats: int) -> dict:
    device = x.device
    R = len(half_grid(x.shape[-2:])[0])
    pool = x.repeat(math.ceil(batch_size / len(x)), 1, 1, 1)[:batch_size]
    run = lambda xs, ys: fourier_heatmap(model, xs, ys, eps=8.0, lam=0.0, batch_size=batch_size, generator=0,
                                         progress=False, amp=amp)
    sizes = batches(R * len(x), batch_size)  # the heat map cuts its R x N (frequency, image) pairs the same way
    timed(lambda: raw_inference(model, pool, sizes[:1], amp), device)
    if warmup: timed(lambda: run(x[:1], y[:1]), device)
    t = best_of(repeats, dict(raw=lambda: raw_inference(model, pool, sizes, amp), run=lambda: run(x, y)), device)
    return dict(part=f'Fourier heat map 32x32, eps 8 ({R} of 1,024 frequencies)', n=len(x), images=R * len(x), **t)


def bench_corrupt(model, x, y, batch_size: int, amp: bool, warmup: bool, repeats: int) -> dict:
    device = x.device
    run = lambda xs, ys: corruption_errors(model, xs, ys, batch_size=batch_size, generator=0, progress=False, amp=amp)
    cells = len(CORRUPTIONS) * 5
    pool = x.repeat(math.ceil(batch_size / len(x)), 1, 1, 1)[:batch_size]
    sizes = batches(len(x), batch_size) * cells  # corruption_errors batches each (corruption, severity) cell separately
    timed(lambda: raw_inference(model, pool, sizes[:1], amp), device)
    if warmup: timed(lambda: run(x[:min(len(x), 64)], y[:min(len(x), 64)]), device)
    t = best_of(repeats, dict(raw=lambda: raw_inference(model, pool, sizes, amp), run=lambda: run(x, y)), device)
    return dict(part=f'{len(CORRUPTIONS)} corruptions x 5 severities', n=len(x), images=cells * len(x), **t)


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n', type=int, default=8, help='images for the corruption evaluation (75 forwards each)')
    p.add_argument('--heatmap-n', type=int, default=1, help='images for the heat map (514 forwards each)')
    p.add_argument('--batch-size', type=int, default=None, help='default 1024 on CUDA, 64 on the CPU')
    p.add_argument('--threads', type=int, default=2, help='torch intra-op threads on the CPU (default 2)')
    p.add_argument('--device', default=None, help="default 'cuda' when available, else 'cpu'")
    p.add_argument('--precision', choices=['fp32', 'bf16'], action='append', default=None, help='default: both')
    p.add_argument('--skip', choices=['heatmap', 'corrupt'], action='append', default=[], help='part(s) to skip')
    p.add_argument('--repeats', type=int, default=None, help='rounds per row, the minimum is reported (default 1 on CUDA, 2 on the CPU)')
    p.add_argument('--out', default=None, help='append the results as markdown to this file')
    args = p.parse_args(argv)
    device = core.resolve_device(args.device)
    bs = args.batch_size or (1024 if device.type == 'cuda' else 64)
    torch.set_num_threads(args.threads)
    warmup = device.type == 'cuda'
    repeats = args.repeats or (1 if device.type == 'cuda' else 2)
    if device.type == 'cuda': torch.backends.cudnn.benchmark = True
    native = core.uses_bf16(device, True)
    model = wrn28_2(10).to(device).eval()
    g = torch.Generator().manual_seed(0)
    x = torch.rand(max(args.n, args.heatmap_n), 3, 32, 32, generator=g).to(device)
    y = torch.randint(0, 10, (len(x),), generator=g).to(device)
    load0 = os.getloadavg()[0]
    t_start = time.perf_counter()
    results = []
    for prec in args.precision or ['fp32', 'bf16']:
        amp = prec == 'bf16'
        with bf16_path(amp and not native):
            label = prec + ('' if not amp or native else ' (emulated: no native bf16 on this CPU)')
            for part, fn, n in (('heatmap', bench_heatmap, args.heatmap_n), ('corrupt', bench_corrupt, args.n)):
                if part in args.skip: continue
                r = fn(model, x[:n], y[:n], bs, amp, warmup, repeats)
                r.update(precision=label, load=os.getloadavg()[0])
                results.append(r)
                print(f"{r['part']}, {label}: {r['run']:.1f} s vs raw {r['raw']:.1f} s = {r['run'] / r['raw']:.2f}x "
                      f"(load {r['load']:.2f})", flush=True)
    total = time.perf_counter() - t_start

    head = ('| part | precision | images N | forwards | time (s) | raw inference, same forwards (s) | ratio | raw img/s | load avg |\n'
            '|---|---|---:|---:|---:|---:|---:|---:|---:|')
    lines = [f"| {r['part']} | {r['precision']} | {r['n']:,} | {r['images']:,} | {r['run']:.1f} | {r['raw']:.1f} | "
             f"{r['run'] / r['raw']:.2f}x | {r['images'] / r['raw']:,.0f} | {r['load']:.2f}{' (machine loaded)' if r['load'] > 0.5 else ''} |"
             for r in results]
    table = '\n'.join([head] + lines)
    cmd = 'python ' + ' '.join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0])] + (argv if argv is not None else sys.argv[1:]))
    loaded = max([load0] + [r['load'] for r in results]) > 0.5
    info = (f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {device_name(device)}; WRN-28-2 (dual BN, random "
            f"weights); batch {bs}; bf16 native: {native}; {'warm-up run of each contender first; ' if warmup else ''}"
            f"best of {repeats} alternating round(s); torch {torch.__version__}; load average at start {load0:.2f}"
            f"{' (machine loaded: other jobs were running, times are noisy)' if loaded else ''}; whole run {total:.0f} s")
    print(info); print(table)
    if args.out:
        with open(args.out, 'a') as f: f.write(f"\n### `{cmd}`\n\n{info}.\n\n{table}\n")
    return results


if __name__ == '__main__':
    main()
