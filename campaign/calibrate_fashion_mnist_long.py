"""Issue 22's calibration: the second Fashion-MNIST protocol, in the paper's regime (longer training than the first).

Single-BN Standard and RandAugment (N, M) only, scored on 5,000 images held out of the training set (never the test
set), 1 thread per run, bf16 autocast on a CPU that computes it natively (refused elsewhere). Budgets from the cheapest
up; at each, seed 0 then seed 1 of Standard and the (N, M) grid on Cubuk et al.'s scale. Two workers split the grid:

    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python campaign/calibrate_fashion_mnist_long.py 0 5000x100 &
    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python campaign/calibrate_fashion_mnist_long.py 1 5000x100 &

Finished runs are cached under $SPLITBN_RUNS/train (a killed run resumes from its last epoch); rows go to
results/calibration.csv (file-locked), beside the first protocol's."""
import sys
from splitbn.campaign import calibrate
from splitbn.core import cpu_has_bf16
from splitbn.ledger import project_root, runs_root

GRIDS = {0: [(1, 2), (2, 2)],              # worker 0 also trains Standard
         1: [(1, 4), (2, 4), (3, 4)]}
# 2026-12-05 05:40 UTC, after seed 0 of Standard (91.04), (1, 2) (92.26), (1, 4) (91.66) and (2, 4) (91.66): the second seed
# of Standard and of the leading (1, 2) first, so the budget can be judged within this session on a native-bf16 CPU
# (`... 2 5000x100`; worker 1 stopped for it, its (3, 4) seed-0 run resumes from its checkpoint when worker 1 is rerun)
PRIORITY = {2: ([(1, 2)], (1,))}
# The bf16 check (issue 22): `... fp32 5000x100 N M` trains Standard and RandAugment (N, M), seeds 0 and 1, in fp32
# (amp=False) into a run cache of its own (amp does not enter a run id: the bf16 runs would be loaded instead); its rows
# sit beside the bf16 ones in results/calibration.csv (precision fp32). Two workers may run the same command: each skips the
# run the other is training.
# The check's rule, written down on 2026-12-05 06:50 UTC with 1 of its 4 runs known (Standard seed 0: fp32 90.58, bf16 91.04):
# bf16 passes when, for Standard and for RandAugment (1, 2) each, the mean over seeds 0-1 of (bf16 - fp32) lies within
# the larger of that recipe's two seed spreads (|seed 0 - seed 1| in bf16, in fp32), and RandAugment - Standard has the
# same sign in fp32 as in bf16 on both seeds. Otherwise the protocol trains in fp32 (amp=False).

if __name__ == '__main__':
    if not cpu_has_bf16(): raise SystemExit("this calibration trains in bf16: this CPU would emulate it (7x slower); "
                                           "run it on an AVX-512 BF16 or AMX CPU")
    n_train, epochs = map(int, sys.argv[2].split('x'))
    kw = dict(dataset='fashion_mnist', model='wrn16_2', epochs=epochs, n_train=n_train, val_size=5000, threads=1, eval_every=epochs,
              channels_last=True, results=project_root() / 'results' / 'calibration.csv')
    if sys.argv[1] == 'fp32':
        n, m = int(sys.argv[3]), float(sys.argv[4])
        calibrate(grid=[(n, int(m) if m == int(m) else m)], seeds=(0, 1), amp=False, runs_dir=runs_root() / 'train_fp32', **kw)
    else:
        worker = int(sys.argv[1])
        grid, seeds = PRIORITY.get(worker, (GRIDS.get(worker), (0, 1)))
        calibrate(grid=grid, standard=worker in (0, 2), seeds=seeds, amp=True, runs_dir=runs_root() / 'train', **kw)
