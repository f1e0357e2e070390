"""Throughput of splitbn's ImageNet input pipeline on this machine: images/s decoded and cropped, per worker.

It writes `--n` synthetic 500x375 JPEGs (the typical ImageNet photo size; a smooth random field plus noise at
quality 90, so the files are about as large as ImageNet's, ~110 KB on average) into a temporary ImageFolder and
measures, with one torch thread:

1. **in-process, one core** (no DataLoader): `splitbn.imagenet.decode` alone (read + `torchvision.io.decode_jpeg`),
   the training transform (decode + RandomResizedCrop 224 + flip, `JpegFolder(train=True)`), the same with a crop per
   view (`crops=2`, what a two-view run loads) and the validation
   transform (decode + Resize 256 + CenterCrop 224). This is what one DataLoader worker can deliver.
2. **`imagenet_loader`** with `--workers` worker processes (default 1 and 2), batch 64: a full pass of uint8 (B, 3, 224, 224)
   batches into the main process, in all (worker start-up included) and after the first batch (steady state).

The JPEGs are written once and read from the page cache, so disk speed is not measured. The number of workers a
GPU needs follows from the rate one worker sustains: with split BN, every loaded image feeds two views (weak and
strong) to the model, so a GPU that trains ResNet-50 at R images/s per forward needs R/2 loaded images/s.

Usage:

    python benchmarks/imagenet_pipeline.py                                   # --n 640, workers 1 and 2: ~30 s idle
    python benchmarks/imagenet_pipeline.py --n 2000 --workers 1 4 8 16 --out benchmarks/imagenet_pipeline.md
"""
from __future__ import annotations
import argparse, datetime, math, os, shlex, shutil, sys, tempfile, time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from splitbn.core import device_name
from splitbn.imagenet import JpegFolder, decode, imagenet_loader, scan_folder

# ASSUMED ResNet-50 training images/s per GPU (mixed precision, channels-last), not measured here: the order of NVIDIA's
# published DeepLearningExamples figures for an A100, and twice that as a round guess for an H100.
GPU_RATES = {'A100-class': 2500, 'H100 (assumed 2× A100)': 5000}


def write_images(folder: Path, n: int, size=(500, 375), quality: int = 90, classes: int = 10, seed: int = 0) -> float:
    "Write `n` synthetic JPEGs into `folder/<class>/`; return their mean size in KB."
    rng = np.random.default_rng(seed)
    total = 0
    for i in range(n):
        d = folder / f'n{i % classes:08d}'
        d.mkdir(parents=True, exist_ok=True)
        low = Image.fromarray(rng.integers(0, 256, (12, 16, 3), dtype=np.uint8)).resize(size, Image.BICUBIC)
        a = np.asarray(low, dtype=np.int16) + rng.normal(0, 18, (size[1], size[0], 3)).astype(np.int16)
        p = d / f'img_{i:05d}.JPEG'
        Image.fromarray(a.clip(0, 255).astype(np.uint8)).save(p, quality=quality)
        total += p.stat().st_size
    return total / n / 1024


def rate(fn, n: int, repeats: int = 1) -> float:
    "Best images/s of `repeats` calls of `fn` (which handles `n` images)."
    best = math.inf
    for _ in range(repeats):
        t = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t)
    return n / best


def loader_rates(dl) -> tuple[float, float]:
    "Images/s of one pass over `dl`: in all (worker start-up included) and after the first batch (steady state)."
    t0 = time.perf_counter()
    it = iter(dl)
    first = len(next(it)[0]); t1 = time.perf_counter()
    rest = sum(len(x) for x, _ in it); t2 = time.perf_counter()
    return (first + rest) / (t2 - t0), rest / (t2 - t1)


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n', type=int, default=640, help='synthetic JPEGs (default 640)')
    p.add_argument('--workers', type=int, nargs='+', default=[1, 2], help='DataLoader worker counts to time (default 1 2)')
    p.add_argument('--batch-size', type=int, default=64)
    p.add_argument('--repeats', type=int, default=2, help='rounds per row, the best is reported (default 2)')
    p.add_argument('--out', default=None, help='append the results as markdown to this file')
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    tmp = Path(tempfile.mkdtemp())
    try:
        kb = write_images(tmp / 'train', args.n)
        shutil.copytree(tmp / 'train', tmp / 'val')
        load0 = os.getloadavg()[0]
        samples = scan_folder(tmp / 'train')
        train, train2, val = JpegFolder(samples, True), JpegFolder(samples, True, crops=2), JpegFolder(samples, False)
        for f, _ in samples: Path(f).read_bytes()                       # warm the page cache
        r = args.repeats
        rows = [dict(what='decode only (read_file + decode_jpeg)', workers='in-process', steady='',
                     rate=rate(lambda: [decode(f) for f, _ in samples], len(samples), r)),
                dict(what='train: decode + RandomResizedCrop 224 + flip', workers='in-process', steady='',
                     rate=rate(lambda: [train[i] for i in range(len(train))], len(train), r)),
                dict(what='train, two views: decode + 2 × (RandomResizedCrop 224 + flip)', workers='in-process', steady='',
                     rate=rate(lambda: [train2[i] for i in range(len(train2))], len(train2), r)),
                dict(what='val: decode + Resize 256 + CenterCrop 224', workers='in-process', steady='',
                     rate=rate(lambda: [val[i] for i in range(len(val))], len(val), r))]
        for w in args.workers:
            dl = imagenet_loader(tmp, batch_size=args.batch_size, workers=w, pin_memory=False)
            best = max((loader_rates(dl) for _ in range(r)), key=lambda t: t[1])
            rows.append(dict(what=f'imagenet_loader train, batch {args.batch_size}', workers=w,
                             rate=best[0], steady=f'{best[1]:.0f}'))
        load1 = os.getloadavg()[0]
    finally: shutil.rmtree(tmp, ignore_errors=True)
    per_worker, per_worker2 = rows[1]['rate'], rows[2]['rate']
    cmd = 'python ' + ' '.join(shlex.quote(a) for a in [sys.argv[0]] + (sys.argv[1:] if argv is None else argv))
    head = (f"\n### {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC — {device_name('cpu')}, torch {torch.__version__}\n\n"
            f"`{cmd}`: {args.n} JPEGs of 500×375, {kb:.0f} KB on average; load average {load0:.2f} before, {load1:.2f} after"
            f"{' (machine loaded)' if max(load0, load1) > 0.5 else ''}.\n\n| step | workers | images/s (all) | images/s after the first batch |\n|---|---|---|---|\n")
    table = ''.join(f"| {r['what']} | {r['workers']} | {r['rate']:.0f} | {r['steady']} |\n" for r in rows)
    tail = (f"\nOne worker (one core) decodes and crops {per_worker:.0f} training images/s, or {per_worker2:.0f} with a crop per view "
            f"(two crops of each decoded image: {per_worker2 / per_worker:.2f}× the one-crop rate, measured side by side). With two "
            "views per loaded image a GPU that trains R ResNet-50 images/s needs R/2 loaded images/s; at the assumed (not measured) "
            "rates: " + '; '.join(f"{name} {g} images/s → {g // 2} loaded/s → about {math.ceil(g / 2 / per_worker2)} such workers "
                                 "(cores) per GPU" for name, g in GPU_RATES.items()) + ".\n")
    print(head + table + tail)
    if args.out:
        with open(args.out, 'a') as f: f.write(head + table + tail)
    return rows


if __name__ == '__main__': main()
