"""Issue 22: the second Fashion-MNIST protocol, pre-registered. Writes results/protocol_fashion_mnist_long.json once the
calibration (campaign/calibrate_fashion_mnist_long.py -> results/calibration.csv: single-BN Standard and RandAugment only,
validation split only) has chosen the budget and RandAugment's (N, M):

    python campaign/freeze_fashion_mnist_long.py N_TRAIN EPOCHS N M "why, from results/calibration.csv"

Everything below was fixed on 2026-12-05 at 05:05 UTC (commit 7515312), before the calibration had chosen the budget
and (N, M) (2 of its runs had finished: Standard 91.04 %, RandAugment (1, 4) 91.66 %) and before any table run:

* recipes (6): Standard, RandAugment, Weak Augment (Cutout main / RandAugment aux), Cutout + RandAugment through one BN
  (the same two views as Weak: the split BN's own effect), two RandAugment copies through one BN (a second view without a
  split), clean images on the main BN (RandAugment aux); Cutout and AutoAugment are not run. Table 1's Cutout row is
  Weak Augment's run, so 6 x 10 = 60 runs.
* seeds: 10 per recipe, trained seed by seed (order 'seeds': every recipe of seed 0, then seed 1, ...), so an
  interrupted campaign leaves a balanced design and the runs of a pair share a machine wherever possible.
* evaluations, right after each run trains: clean accuracy on all 10,000 test images at lambda = 0, 0.5, 1 (every run);
  for RandAugment and Weak Augment also uCE over the 15 corruptions x 5 severities with CIFAR-10-C's parameters, and
  clean accuracy, on the first 1,000 test images at lambda = 0, 0.1, ..., 1 (Table 5 and Figure 3 from the same runs).
* training: WRN-16-2, the paper's CIFAR recipe (SGD, Nesterov 0.9, lr 0.1 cosine, batch 128 per view, wd 5e-4, flip +
  4-px crop, Cutout 16), no gradient clipping (as the first protocol and the calibration), bf16 autocast with
  channels-last on a CPU that computes bf16 natively (the campaign refuses any other), one thread per run.
* the analysis (splitbn.report.claim_results): paired 95 % Student-t intervals over the seeds; the primary claim is
  "Weak Augment > RandAugment"; Holm's correction runs over the whole family below (the primary included); a claim holds
  when its Holm-adjusted test rejects in the paper's direction; the minimal detectable effect (80 % power, 5 %,
  two-sided, unadjusted) is reported for each; the report says how many seed pairs crossed machines.
"""
import sys, time
from splitbn.ledger import project_root
from splitbn.run import Protocol

CLAIMS = ['Weak Augment > RandAugment',                                         # primary
          'RandAugment > Standard',
          'Weak > Cutout + RandAugment in one BN (the split BN itself)',
          'Weak > two RandAugment copies in one BN (a second view, no split)',
          'Weak (Cutout main BN) > clean main BN',
          'clean main BN < RandAugment',
          'main-BN uCE > RandAugment uCE',
          'uCE: main BN (λ = 0) > λ = 0.5',
          'uCE: λ = 0.5 > aux BN (λ = 1)']
ROWS = dict(table2=['standard', 'ra', 'weak'], table3=['ra', 'ra_two_copies', 'weak_one_bn', 'weak'],
            table1=['ra', 'main_none', 'main_cutout'], table5=['ra', 'weak'])

def protocol(n_train: int, epochs: int, n: int, m: float, why: str) -> Protocol:
    "The second Fashion-MNIST protocol at the calibrated budget and (N, M)."
    return Protocol(name='fashion_mnist_long', dataset='fashion_mnist', model='wrn16_2', epochs=epochs, n_train=n_train, threads=1,
                    seeds={t: 10 for t in ROWS}, rows=ROWS, claims=CLAIMS, order='seeds',
                    overrides=dict(ra_n=n, ra_m=m, eval_every=epochs, channels_last=True, amp=True),
                    sizes=dict(n_eval=1000),
                    frozen=f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: before any table run. {why} "
                           "Recipes, seeds, order, evaluations and analysis pre-registered on 2026-12-05 in "
                           "campaign/freeze_fashion_mnist_long.py (commit 7515312), before the calibration had chosen the budget and (N, M).")

if __name__ == '__main__':
    n_train, epochs, n = map(int, sys.argv[1:4])
    m = float(sys.argv[4]); m = int(m) if m == int(m) else m
    print(protocol(n_train, epochs, n, m, sys.argv[5]).save(project_root() / 'results' / 'protocol_fashion_mnist_long.json'))
