"""Issue 13's calibration on Fashion-MNIST: single-BN Standard and RandAugment (N, M) only, scored on a validation
split held out of the training set (never the test set). Two workers share the grid; each run uses 1 thread.

    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python campaign/calibrate_fashion_mnist.py 0 &
    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python campaign/calibrate_fashion_mnist.py 1 &

Finished runs are cached under $SPLITBN_RUNS/train, so a rerun only trains what is missing; rows go to
results/calibration.csv (file-locked, so both workers may write)."""
import sys
from splitbn.campaign import calibrate
from splitbn.ledger import project_root

SETTING = dict(dataset='fashion_mnist', model='wrn16_2', epochs=15, n_train=5000, val_size=5000, threads=1,
               channels_last=True)
# Gentle settings only: a first look (WRN-16-2, 10k images, 15 epochs) found the CIFAR-10 setting (3, 4) 2.2 points
# below Standard. Cut from N in {1, 2, 3} x M in {2, 4, 6, 9} to five points for time (each run ~25 min on the
# shared 2-core machine); a later session may add points, which only adds runs.
GRIDS = {0: [(1, 2), (2, 4)],     # worker 0 also trains Standard
         1: [(1, 4), (2, 2), (1, 6)]}

# Round 1 showed the budget above under-fits (Standard: 90.7 % training accuracy with flip + crop, 88.2 % validation;
# RandAugment (1, 4) 84.7 %): no room for augmentation to help. The same compute on fewer images for more epochs
# trains closer to convergence, the regime of the paper (200 epochs on CIFAR). Budget B: 2,000 images, 40 epochs
# (about the same number of SGD steps), validation only at the end.
SETTING_B = SETTING | dict(n_train=2000, epochs=40, eval_every=40)
# Budget B narrowed the gap (Standard 86.5 %, RandAugment (1, 2) 85.3 %); budget C goes one step further the same way.
SETTING_C = SETTING | dict(n_train=1000, epochs=80, eval_every=80)

if __name__ == '__main__':
    worker, results = int(sys.argv[1]), project_root() / 'results' / 'calibration.csv'
    if len(sys.argv) == 2: calibrate(grid=GRIDS[worker], standard=worker == 0, results=results, **SETTING)
    else:  # budget B or C: `... 0 b` trains Standard, `... 1 b N M` RandAugment (N, M)
        grid = [(int(sys.argv[3]), int(sys.argv[4]))] if worker else []
        calibrate(grid=grid, standard=worker == 0, results=results, **dict(b=SETTING_B, c=SETTING_C)[sys.argv[2]])
