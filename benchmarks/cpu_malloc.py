"""Evaluation throughput on a CPU with glibc's default allocator settings vs large-allocation reuse, side by side.

Large evaluation batches (`corruption_errors` 500, `fourier_heatmap` 1024, `evaluate` 1000 images) allocate
activations above glibc's largest dynamic mmap threshold (32 MiB), so every batch maps fresh pages from the kernel
and frees them again: the process spends about as long in the kernel (page faults) as in the model. Setting
`MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` (environment variables read by glibc at process start) keeps
those buffers in the heap. Numbers do not change, only where memory comes from. Each setting runs in its own
process (the variables only act at start-up); model: WRN-16-2, dual BN, random weights, 1 x 28 x 28 inputs
(Fashion-MNIST's shape), eval mode, main and aux BN per image (what Table 5 and Figure 4 do for Weak Augment).

    python benchmarks/cpu_malloc.py [THREADS] [N_IMAGES]
"""
import os, subprocess, sys, time

CHILD = r"""
import resource, sys, time, torch
torch.set_num_threads(int(sys.argv[1])); n = int(sys.argv[2])
from splitbn.models import get_model
from splitbn.core import to_channels_last
from splitbn.dualbn import lam_probs
m, x, cpu = get_model('wrn16_2', 10, in_chans=1).eval(), torch.rand(n, 1, 28, 28), torch.device('cpu')
for bs in (128, 500, 1024):
    with torch.no_grad():
        lam_probs(m, to_channels_last(x[:bs], cpu, True), (0.0, 1.0))   # warm-up
        r0, t = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        for i in range(0, n, bs): lam_probs(m, to_channels_last(x[i:i + bs], cpu, True), (0.0, 1.0))
        dt, r1 = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF)
    print(f"{bs},{n / dt:.0f},{r1.ru_utime - r0.ru_utime:.2f},{r1.ru_stime - r0.ru_stime:.2f}", flush=True)
"""
REUSE = dict(MALLOC_MMAP_THRESHOLD_=str(2 ** 30), MALLOC_TRIM_THRESHOLD_=str(2 ** 30))

def run(threads: int, n: int, extra: dict) -> dict:
    out = subprocess.run([sys.executable, '-c', CHILD, str(threads), str(n)], env={**os.environ, **extra},
                         capture_output=True, text=True, check=True).stdout
    return {int(b): (float(r), float(u), float(s)) for b, r, u, s in (l.split(',') for l in out.split())}

if __name__ == '__main__':
    threads, n = (int(a) for a in (sys.argv[1:] + ['1', '2000'][len(sys.argv) - 1:])[:2])
    from splitbn.core import device_name
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {device_name('cpu')}, {threads} thread(s), {n} images, "
          f"load average {os.getloadavg()[0]:.1f}")
    default, reuse = run(threads, n, {}), run(threads, n, REUSE)
    print('| batch | glibc default: img/s (user s, sys s) | MALLOC_*_THRESHOLD_=1 GiB: img/s (user s, sys s) | speed-up |\n|---:|---:|---:|---:|')
    for bs in default:
        (r0, u0, s0), (r1, u1, s1) = default[bs], reuse[bs]
        print(f"| {bs} | {r0:.0f} ({u0:.1f}, {s0:.1f}) | {r1:.0f} ({u1:.1f}, {s1:.1f}) | {r1 / r0:.2f}x |")
