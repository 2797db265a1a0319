#!/usr/bin/env python3
"""The peer for bench/study.ts: pandas + openpyxl doing the same workbook work as Mixwise.

  python3 bench/peer_pandas.py LONG_CSV WIDE_XLSX ONE_WAVE_XLSX

LONG_CSV holds the study's answers one per line (id, group, arm, wave, wave_order, item,
item_order, value), written by the bench from the same study file. The peer times one run per
request: "export" pivots to the toolkit's wide layout (one row per respondent, <wave>_<item> in
wave then item order) and writes it with openpyxl; "import" reads one wave's workbook (the file
Mixwise imports) into a data frame. It reads request lines on stdin and answers each with a JSON
line {"ms": ...}, after a first line {"pandas": version, ...} once it is ready. The bench
alternates Mixwise's runs with the peer's, so that both meet the same moments of a shared machine
whose speed drifts (bench/peer.ts).
"""
import json
import sys
import time

import pandas as pd


def timed_ms(work):
    started = time.perf_counter()
    work()
    return round((time.perf_counter() - started) * 1000, 1)


def main():
    long_csv, wide_xlsx, wave_xlsx = sys.argv[1], sys.argv[2], sys.argv[3]
    long = pd.read_csv(long_csv, dtype={"id": str})

    def write_wide():
        frame = long.assign(variable=long["wave"] + "_" + long["item"])
        wide = frame.pivot_table(index=["id", "group", "arm"], columns="variable", values="value", aggfunc="first")
        order = frame.drop_duplicates("variable").sort_values(["wave_order", "item_order"])["variable"]
        wide = wide.reindex(columns=list(order)).reset_index()
        wide.to_excel(wide_xlsx, index=False, engine="openpyxl")
        return wide

    def read_wave():
        return pd.read_excel(wave_xlsx, engine="openpyxl", dtype={"id": str})

    # A first, untimed export: warms pandas up and checks the layout it writes.
    wide = write_wide()
    steps = {"export": write_wide, "import": read_wave}
    print(json.dumps({"pandas": pd.__version__, "rows": int(len(wide)), "columns": int(len(wide.columns))}), flush=True)
    for line in sys.stdin:
        step = steps.get(line.strip())
        print(json.dumps({"ms": timed_ms(step)} if step else {"error": f"unknown step {line.strip()!r}"}), flush=True)


if __name__ == "__main__":
    main()
