"""Cost of splitbn's robustness evaluations against raw inference over the same number of images.

Part 1, Fourier heat map: `splitbn.fourier.fourier_heatmap(model, x, y, eps=8.0, lam=0.0)` on `--heatmap-n`
32x32 RGB images. Exploiting conjugate symmetry it evaluates R = 514 of the 1,024 frequencies, i.e.
R x N perturbed images, one forward each (lam=0: main BN only). Its time is compared with **raw
inference** over the same R x N images: `splitbn.dualbn.predict(model, xb, 0.0)` on batches of the
same size cut from a tensor already on the device, with nothing else (no perturbation, gather, clipping or
error counting). The ratio heat map / raw inference is therefore the overhead of everything the heat map
does besides the model's forward passes (target on a GPU: <= 1.2x).

Part 2, common corruptions: `splitbn.corrupt.corruption_errors(model, x, y)` (all 15 corruptions x 5
severities, each corrupted on the device from the clean images) on `--n` images, compared with raw inference
over the same 75 x N images in the same batches (each (corruption, severity) cell is cut into batches of
`--batch-size` separately), so the ratio is the cost of corrupting plus bookkeeping (target on a GPU:
<= 1.5x). It is skipped, with a note, when `splitbn.corrupt` cannot be imported.

Model: WRN-28-2 (`splitbn.models.wrn28_2`, random weights, eval mode), or torchvision's ResNet-18 with
its BatchNorms converted to dual BN when splitbn.models is missing. On CUDA: channels_last,
`torch.autocast(bfloat16)` around both contenders, cudnn.benchmark, and a warm-up run of each. Usage:

    python benchmarks/evaluate.py                          # N = 10,000 for both parts (needs a GPU to be quick)
    python benchmarks/evaluate.py --n 8 --heatmap-n 2 --threads 1   # a CPU smoke run (about a minute)
    python benchmarks/evaluate.py --out benchmarks/evaluate.md
"""
from __future__ import annotations
import argparse, contextlib, datetime, inspect, math, os, platform, shlex, sys, time

import torch
import torch.nn as nn

from splitbn.dualbn import convert_dualbn, predict
from splitbn.fourier import fourier_heatmap, half_grid
from splitbn.train import device_name


def make_model(num_classes: int = 10) -> tuple[nn.Module, str]:
    "WRN-28-2 with dual BN, or a dual-BN torchvision ResNet-18 when splitbn.models is not importable."
    try:
        from splitbn.models import wrn28_2
        return wrn28_2(num_classes), 'WRN-28-2 (splitbn.models.wrn28_2, dual BN, random weights)'
    except ImportError:
        import torchvision
        return convert_dualbn(torchvision.models.resnet18(num_classes=num_classes)), \
            'ResNet-18 (torchvision, converted to dual BN, random weights; splitbn.models not importable)'


def sync(device: torch.device) -> None:
    if device.type == 'cuda': torch.cuda.synchronize(device)


def autocast(device: torch.device):
    return torch.autocast('cuda', dtype=torch.bfloat16) if device.type == 'cuda' else contextlib.nullcontext()


def timed(fn, device: torch.device) -> float:
    "Seconds taken by `fn()`, synchronising the device before and after."
    sync(device)
    t0 = time.perf_counter()
    with autocast(device): fn()
    sync(device)
    return time.perf_counter() - t0


def batches(n_images: int, batch_size: int) -> list[int]:
    "Sizes of the batches that cut `n_images` into pieces of `batch_size`."
    return [min(batch_size, n_images - s) for s in range(0, n_images, batch_size)]


def raw_inference(model: nn.Module, pool: torch.Tensor, sizes: list[int]) -> None:
    "`predict(model, xb, 0.0)` on one batch of each size in `sizes`, sliced from `pool` (already on the device)."
    for b in sizes: predict(model, pool[:b], 0.0)


def best_of(repeats: int, contenders: dict, device: torch.device) -> dict[str, float]:
    "Minimum time of each contender over `repeats` rounds, the contenders alternating within each round."
    times = {k: [] for k in contenders}
    for _ in range(repeats):
        for k, fn in contenders.items(): times[k].append(timed(fn, device))
    return {k: min(v) for k, v in times.items()}


def bench_heatmap(model, x, y, batch_size: int, device: torch.device, warmup: bool, repeats: int) -> dict:
    R = len(half_grid(x.shape[-2:])[0])
    n_images = R * len(x)
    pool = x.repeat(math.ceil(batch_size / len(x)), 1, 1, 1)[:batch_size]
    run = lambda xs, ys: fourier_heatmap(model, xs, ys, eps=8.0, lam=0.0, batch_size=batch_size, generator=0, progress=False)
    timed(lambda: predict(model, pool[:8], 0.0), device)
    sizes = batches(n_images, batch_size)  # the heat map cuts its R x N (frequency, image) pairs the same way
    if warmup:
        timed(lambda: raw_inference(model, pool, sizes[:2]), device)
        timed(lambda: run(x[:max(1, batch_size // R)], y[:max(1, batch_size // R)]), device)
    t = best_of(repeats, dict(raw=lambda: raw_inference(model, pool, sizes), run=lambda: run(x, y)), device)
    return dict(part=f'Fourier heat map, 32x32, eps 8 ({R} of 1,024 frequencies)', n=len(x), images=n_images,
                t=t['run'], t_raw=t['raw'])


def bench_corrupt(model, x, y, batch_size: int, device: torch.device, warmup: bool, repeats: int) -> dict | str:
    try:
        from splitbn.corrupt import CORRUPTIONS, corruption_errors
    except ImportError as e:
        return f'skipped: splitbn.corrupt is not importable yet ({e})'
    params = inspect.signature(corruption_errors).parameters
    kw = {k: v for k, v in dict(batch_size=batch_size, generator=0, progress=False).items() if k in params}
    run = lambda xs, ys: corruption_errors(model, xs, ys, **kw)
    n_images = len(CORRUPTIONS) * 5 * len(x)
    pool = x.repeat(math.ceil(batch_size / len(x)), 1, 1, 1)[:batch_size]
    timed(lambda: predict(model, pool[:8], 0.0), device)
    cells = len(CORRUPTIONS) * 5
    sizes = batches(len(x), batch_size) * cells  # corruption_errors batches each (corruption, severity) cell separately
    if warmup:
        timed(lambda: raw_inference(model, pool, sizes[:2]), device)
        timed(lambda: run(x[:min(len(x), 64)], y[:min(len(x), 64)]), device)
    t = best_of(repeats, dict(raw=lambda: raw_inference(model, pool, sizes), run=lambda: run(x, y)), device)
    return dict(part=f'{len(CORRUPTIONS)} corruptions x 5 severities (corruption_errors)', n=len(x), images=n_images,
                t=t['run'], t_raw=t['raw'])



def main(argv: list[str] | None = None) -> list[dict | str]:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n', type=int, default=10_000, help='images for the corruption evaluation')
    p.add_argument('--heatmap-n', type=int, default=None, help='images for the heat map (default: --n)')
    p.add_argument('--batch-size', type=int, default=None, help='default 1024 on CUDA, 64 on the CPU')
    p.add_argument('--threads', type=int, default=None, help="torch intra-op threads (default: torch's); 1 is steadier on a shared CPU")
    p.add_argument('--device', default=None, help="default 'cuda' when available, else 'cpu'")
    p.add_argument('--skip', choices=['heatmap', 'corrupt'], action='append', default=[], help='part(s) to skip')
    p.add_argument('--no-warmup', action='store_true', help='skip the full warm-up runs (done on CUDA only; both devices run 8 images first)')
    p.add_argument('--repeats', type=int, default=None, help='rounds per part, the minimum is reported (default 1 on CUDA, 2 on the CPU)')
    p.add_argument('--out', default=None, help='append the results as markdown to this file')
    args = p.parse_args(argv)
    device = torch.device(args.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
    bs = args.batch_size or (1024 if device.type == 'cuda' else 64)
    if args.threads: torch.set_num_threads(args.threads)
    warmup = device.type == 'cuda' and not args.no_warmup
    repeats = args.repeats or (1 if device.type == 'cuda' else 2)
    if device.type == 'cuda': torch.backends.cudnn.benchmark = True
    model, model_name = make_model()
    model = model.to(device).eval()
    if device.type == 'cuda': model = model.to(memory_format=torch.channels_last)
    g = torch.Generator().manual_seed(0)
    n_hm = args.heatmap_n or args.n
    x = torch.rand(max(args.n, n_hm), 3, 32, 32, generator=g).to(device)
    y = torch.randint(0, 10, (len(x),), generator=g).to(device)
    results: list[dict | str] = []
    if 'heatmap' not in args.skip: results.append(bench_heatmap(model, x[:n_hm], y[:n_hm], bs, device, warmup, repeats))
    if 'corrupt' not in args.skip: results.append(bench_corrupt(model, x[:args.n], y[:args.n], bs, device, warmup, repeats))

    head = ('| part | images N | forwards | time (s) | raw inference, same forwards (s) | ratio | raw img/s |\n'
            '|---|---:|---:|---:|---:|---:|---:|')
    lines, notes = [], []
    for r in results:
        if isinstance(r, str): notes.append(f'Corruption evaluation {r}.'); continue
        lines.append(f"| {r['part']} | {r['n']:,} | {r['images']:,} | {r['t']:.1f} | {r['t_raw']:.1f} | "
                     f"{r['t'] / r['t_raw']:.2f}x | {r['images'] / r['t_raw']:,.0f} |")
    table = '\n'.join([head] + lines) if lines else ''
    cmd = 'python ' + ' '.join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0])] + (argv if argv is not None else sys.argv[1:]))
    info = (f"{device_name(device)}, {torch.get_num_threads()} torch thread(s); {model_name}; batch {bs}; "
            f"{'bf16 autocast, channels_last' if device.type == 'cuda' else 'float32'}; "
            f"{'warm-up run of each contender first' if warmup else 'no warm-up'}; best of {repeats} alternating round(s); "
            f"torch {torch.__version__}")
    print(info); print(table); print('\n'.join(notes))
    if args.out:
        with open(args.out, 'a') as f:
            f.write(f"\n### {datetime.date.today().isoformat()}: `{cmd}`\n\n{info}.\n\n{table}\n"
                    + (f"\n{' '.join(notes)}\n" if notes else ''))
    return results


if __name__ == '__main__':
    main()
