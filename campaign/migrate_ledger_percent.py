"""One-off (2026-12-05, issue 21): heat-map errors and low-pass accuracies in the ledger become percent, as every other metric.

`splitbn.fourier` returned them as fractions until this commit; it now returns percent (100 × the same float32 share,
in float64), so `metric in ('fourier_error', 'lowpass_accuracy')` rows get `value × 100` here, computed the same way
(float64 of the recorded value, times 100). Every other byte of results/ledger.csv is kept. Run once from the repository
root; a second run would multiply again, so it refuses a ledger whose heat-map errors already exceed 1."""
import csv, io
from pathlib import Path

PATH, METRICS = Path('results/ledger.csv'), ('fourier_error', 'lowpass_accuracy')
text = PATH.read_text()
rows = list(csv.reader(io.StringIO(text)))
head = rows[0]
metric, value = head.index('metric'), head.index('value')
mine = [r for r in rows[1:] if r[metric] in METRICS]
if any(float(r[value]) > 1 for r in mine): raise SystemExit(f"{PATH}: already in percent, nothing done")
for r in mine: r[value] = repr(float(r[value]) * 100)
out = io.StringIO()
csv.writer(out, lineterminator='\n').writerows(rows)
PATH.write_text(out.getvalue())
print(f"{PATH}: {len(mine)} rows of {', '.join(METRICS)} in percent")
