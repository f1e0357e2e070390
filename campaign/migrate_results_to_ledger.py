"""One-off (2026-12-05, issue 21): the per-notebook result CSVs and the campaign CSV become one ledger, results/ledger.csv.

Every row keeps its value and device; it is keyed by the run that produced it (run_id, recomputed from the recipe and
checked against the recorded one) and by what was measured (metric, λ, test images, view, heat-map point, bandwidth).
Sizes as the committed results were made: Fashion-MNIST per its tables script (Table 5 on the first 1,000 test images,
Figure 4 on 200, Figure 5 on 500, Affinity on all 10,000); digits per the README (Affinity, Figures 4-5 on all 450).
All committed runs trained in fp32 (amp=false for Fashion-MNIST; digits on an AVX2 CPU). Run from the repository root
at the commit before this one: the CSVs it reads are in git history."""
import re, pandas as pd
from splitbn.recipes import make_config
from splitbn.run import Protocol

P = {d: Protocol.load(f'results/protocol_{d}.json') for d in ('digits', 'fashion_mnist')}
SIZES = {d: p.size for d, p in P.items()}
CURVE = {'No augmentation': 'none', 'RandAugment': 'ra'}

def run_id(ds, recipe, seed): return P[ds].config(recipe, int(seed)).run_id

def base(r, rid):
    return dict(run_id=rid, dataset=r.dataset, model=r.model, seed=int(r.seed), epochs=int(r.epochs),
                n_train=None if pd.isna(r.n_train) else int(r.n_train), batch_size=int(r.batch_size), device=r.device, precision='fp32')

rows = []
for f in ['campaign_fashion_mnist', '05_table2', '08_table1', '09_table3', '10_table4', '11_table5_fig3']:
    for r in pd.read_csv(f'results/{f}.csv').itertuples():
        if r.metric == 'affinity':
            rid = run_id(r.dataset, 'none', r.seed)
            rows.append(base(r, rid) | dict(metric='affinity', lam=0.0, view=r.column, n_eval=SIZES[r.dataset]('n_affinity'), value=r.value))
            continue
        rid = run_id(r.dataset, r.column, r.seed)
        assert rid == r.run_id, (f, r)
        m = re.fullmatch(r'(acc|uce)_lam([0-9.]+)', r.metric)
        n = SIZES[r.dataset]('n_eval') if f == '11_table5_fig3' else None
        extra = dict(train_s=r.train_s) if f.startswith('campaign') else {}
        rows.append(base(r, rid) | dict(metric=m[1], lam=float(m[2]), n_eval=n, value=r.value) | extra)
for r in pd.read_csv('results/12_fig4_fig5.csv').itertuples():
    if r.metric == 'fourier_error':
        rows.append(base(r, run_id(r.dataset, 'weak', r.seed)) | dict(metric=r.metric, lam=r.lam, i=int(r.i), j=int(r.j),
                                                                      n_eval=SIZES[r.dataset]('n_heatmap'), value=r.value))
    else:
        rows.append(base(r, run_id(r.dataset, CURVE.get(r.column, 'weak'), r.seed)) |
                    dict(metric=r.metric, lam=r.lam, bandwidth=int(r.bandwidth), n_eval=SIZES[r.dataset]('n_lowpass'), value=r.value))
df = pd.DataFrame(rows)
key = ['run_id', 'metric', 'lam', 'n_eval', 'view', 'i', 'j', 'bandwidth']
df = df.reindex(columns=sorted(set(df.columns) | set(key)))
# the same measurement recorded by several notebooks (a shared run): identical values, one row (train_s from the campaign)
chk = df.groupby([df[k].astype(str) for k in key]).value.nunique()
assert (chk == 1).all(), chk[chk > 1]
df = df.sort_values('train_s', na_position='last').drop_duplicates([c for c in key], keep='first')
from splitbn.ledger import record
print(record(df, 'results/ledger.csv'), 'rows')
