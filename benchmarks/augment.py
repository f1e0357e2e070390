"""Throughput of splitbn's batched RandAugment against torchvision's PIL RandAugment pipeline.

Contender 1, `splitbn rand_augment`: a uint8 (N, 3, 32, 32) tensor already on the device (as splitbn's
loaders keep small data sets), per batch: index a random batch, convert to float on the device, then
`rand_augment(x, n, m, scale=scale)` (RandAugment + flip + pad-4 crop + Cutout 16). `m` is on Cubuk et al.'s
scale (10 = each op's maximum) unless `--scale 30`.
Contender 2, `torchvision PIL + DataLoader`: an in-memory list of PIL images in a `DataLoader`
(`num_workers` = CPU count, persistent workers, pinned memory on CUDA) with
`Compose([RandAugment(n, m'), RandomHorizontalFlip(), RandomCrop(32, padding=4), ToTensor()])`,
each batch moved to the device, where m' = round(m * 30 / scale) is the same strength on torchvision's 31 bins. It has no Cutout, which makes it slightly cheaper than contender 1.

Both run for `--seconds` after a warm-up, side by side in one process, on the CPU and, when
`torch.cuda.is_available()`, on CUDA. Usage:

    python benchmarks/augment.py                       # CPU (and CUDA if present), 3 s per contender
    python benchmarks/augment.py --out benchmarks/augment.md
"""
from __future__ import annotations
import argparse, datetime, os, platform, shlex, sys, time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from PIL import Image
from sklearn.datasets import load_sample_images
from torch.utils.data import DataLoader, Dataset

from splitbn.augment import rand_augment
from splitbn.core import device_name


def make_images(n: int, seed: int = 0) -> np.ndarray:
    "`n` real 32x32 RGB images, (n, 32, 32, 3) uint8: random crops of scikit-learn's two sample photos, area-downsampled."
    rng = np.random.default_rng(seed)
    photos = [torch.tensor(p).permute(2, 0, 1).float()[None] for p in load_sample_images().images]
    out = []
    for i in range(n):
        p = photos[i % 2]
        s = int(rng.integers(64, 256))
        y, x = int(rng.integers(0, p.shape[2] - s)), int(rng.integers(0, p.shape[3] - s))
        out.append(F.interpolate(p[..., y:y + s, x:x + s], size=32, mode='area')[0])
    return torch.stack(out).round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).numpy()


class PILImages(Dataset):
    "In-memory PIL images through a torchvision transform."
    def __init__(self, images: np.ndarray, transform): self.images, self.transform = [Image.fromarray(a) for a in images], transform
    def __len__(self) -> int: return len(self.images)
    def __getitem__(self, i: int) -> torch.Tensor: return self.transform(self.images[i])


def sync(device: torch.device) -> None:
    if device.type == 'cuda': torch.cuda.synchronize(device)


def bench_splitbn(images: np.ndarray, device: torch.device, batch: int, n: int, m: float,
                  seconds: float, warmup: int, scale: int = 10) -> float:
    "Images/s of uint8 -> float -> rand_augment on `device`."
    data = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous().to(device)
    g = torch.Generator(device=device).manual_seed(0)
    def step():
        idx = torch.randint(len(data), (batch,), device=device, generator=g)
        return rand_augment(data[idx].float().div_(255), n=n, m=m, generator=g, scale=scale)
    for _ in range(warmup): step()
    sync(device)
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        step(); done += batch
        if device.type == 'cuda' and done % (8 * batch) == 0: sync(device)
    sync(device)
    return done / (time.perf_counter() - t0)


def bench_torchvision(images: np.ndarray, device: torch.device, batch: int, n: int, m: int,
                      seconds: float, warmup: int, workers: int) -> float:
    "Images/s of torchvision's PIL RandAugment + flip + crop + ToTensor in a DataLoader, batches moved to `device`."
    tf = T.Compose([T.RandAugment(num_ops=n, magnitude=m), T.RandomHorizontalFlip(), T.RandomCrop(32, padding=4), T.ToTensor()])
    dl = DataLoader(PILImages(images, tf), batch_size=batch, shuffle=True, drop_last=True, num_workers=workers,
                    persistent_workers=workers > 0, pin_memory=device.type == 'cuda')
    def batches():
        while True: yield from dl
    it = batches()
    for _ in range(warmup): next(it).to(device, non_blocking=True)  # also starts the workers
    sync(device)
    done, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        next(it).to(device, non_blocking=True); done += batch
    sync(device)
    rate = done / (time.perf_counter() - t0)
    del it, dl
    return rate



def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--batch', type=int, default=512)
    p.add_argument('--n', type=int, default=3, help='RandAugment ops per image')
    p.add_argument('--m', type=float, default=4, help="RandAugment magnitude on --scale (default: Cubuk et al.'s, 10 = op maximum)")
    p.add_argument('--scale', type=int, default=10, choices=(10, 30), help="10: Cubuk et al.'s scale; 30: torchvision's 31 bins")
    p.add_argument('--seconds', type=float, default=3.0, help='timed seconds per contender and device')
    p.add_argument('--warmup', type=int, default=3, help='warm-up batches per contender')
    p.add_argument('--images', type=int, default=4096, help='size of the in-memory data set')
    p.add_argument('--workers', type=int, default=os.cpu_count(), help='DataLoader workers (default: CPU count)')
    p.add_argument('--devices', default=None, help="comma-separated, default 'cpu' plus 'cuda' when available")
    p.add_argument('--out', default=None, help='append the results as markdown to this file')
    args = p.parse_args(argv)
    devices = args.devices.split(',') if args.devices else ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])
    images = make_images(args.images)
    tv_m = min(30, round(args.m * 30 / args.scale))  # the same strength on torchvision's 31 bins
    rows = []
    for d in devices:
        device = torch.device(d)
        ours = bench_splitbn(images, device, args.batch, args.n, args.m, args.seconds, args.warmup, args.scale)
        tv = bench_torchvision(images, device, args.batch, args.n, tv_m, args.seconds, args.warmup, args.workers)
        rows.append(dict(device=device_name(device), ours=ours, tv=tv))
    threads = torch.get_num_threads()
    head = (f'| device | splitbn `rand_augment` (img/s) | torchvision PIL + DataLoader, {args.workers} workers (img/s) | speed-up |\n'
            '|---|---:|---:|---:|')
    lines = [f"| {r['device']} | {r['ours']:,.0f} | {r['tv']:,.0f} | {r['ours'] / r['tv']:.1f}x |" for r in rows]
    table = '\n'.join([head] + lines)
    cmd = 'python ' + ' '.join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0])] + (argv if argv is not None else sys.argv[1:]))
    info = (f'batch {args.batch}, 32x32x3, RandAugment N={args.n} M={args.m:g} (scale {args.scale}; torchvision magnitude {tv_m}); '
            f'{args.seconds:g} s per contender after '
            f'{args.warmup} warm-up batches; torch {torch.__version__} ({threads} threads), torchvision {torchvision.__version__}')
    print(info); print(table)
    if args.out:
        with open(args.out, 'a') as f:
            f.write(f'\n### {datetime.date.today().isoformat()}: `{cmd}`\n\n{info}.\n\n{table}\n')
    return rows


if __name__ == '__main__':
    main()
