"""The data dictionary of a results folder: what every column means.

Every folder ``cogov`` writes carries ``dictionary.csv`` (one row per outcome, parameter and
bookkeeping column: name, kind, Chinese and English label, unit, meaning, and whether the
folder's runs varied it), and every Parquet table written for readers (``cogov run`` and
``compare`` time series and summaries, sensitivity indices, the SALib design, ``cogov export``)
carries the same table in its schema metadata under the key ``cogov.dictionary`` (JSON), so a
file that travels alone still explains itself. The store's own parts (``runs/``, ``timeseries/``)
do not: Parquet keeps schema metadata twice per file, which would add about 100 KB to every part. Labels, units and meanings come from the registry (:mod:`sim.parameters`) and the outcome
declarations (:mod:`sim.model.outcomes`); nothing is declared twice.

``cogov outcomes`` prints the outcome part of the same table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sim.model.outcomes import OUTCOMES
from sim.parameters import REGISTRY

FILE_NAME = "dictionary.csv"
METADATA_KEY = b"cogov.dictionary"
COLUMNS = ("name", "kind", "label_zh", "label_en", "unit", "meaning", "varied")

#: Units of the outcome kinds declared in :mod:`sim.model.outcomes` (no brackets: figures put the unit in brackets).
OUTCOME_UNITS = {
    "rate": "share, 0-1",
    "level": "mean on a 0-1 scale",
    "count": "count",
    "weeks": "weeks",
    "money": "money units",
    "other": "effort units per week",
}

#: The same units in Chinese, for figures drawn with ``--lang zh``.
OUTCOME_UNITS_ZH = {
    "rate": "比例, 0-1",
    "level": "0-1 量表均值",
    "count": "个",
    "weeks": "周",
    "money": "资金单位",
    "other": "工作量单位/周",
}


def outcome_unit(name: str, lang: str = "en") -> str:
    """Unit of an outcome, in English or Chinese."""
    kind = OUTCOMES[name].kind
    return (OUTCOME_UNITS_ZH if lang == "zh" else OUTCOME_UNITS).get(kind, "")


#: Bookkeeping columns of the tables in a results folder (not parameters, not outcomes).
INDEX_COLUMNS = {
    "run_key": ("运行键", "Run key", "", "Hash of a run's full parameters, seed, weeks and model version; identical runs share it."),
    "point": ("设计点", "Design point", "", "Row of the experimental design the run belongs to (0-based)."),
    "replicate": ("重复序号", "Replicate", "", "Replicate number; replicate r uses the same seed at every point."),
    "seed": ("随机种子", "Seed", "", "The run's random seed."),
    "scenario": ("情景", "Scenario", "", "Name of the scenario file the run's parameters come from."),
    "step": ("周", "Week", "weeks", "Simulated week; 0 is the state before the first step."),
    "steps": ("模拟周数", "Weeks simulated", "weeks", "Number of weeks the run simulated."),
    "status": ("状态", "Status", "", "ok, or failed (see error)."),
    "error": ("错误信息", "Error", "", "The Python traceback of a failed run; empty (NULL) for a run that finished."),
    "attempts": ("尝试次数", "Attempts", "count",
                 "Which attempt this row records: 1, or more when a run was retried (--retry-failed, or after its "
                 "worker died); the runs view keeps one row per run (ok first, then the latest)."),
    "duration_seconds": ("运行耗时", "Duration", "seconds", "Wall-clock time of the run inside its worker (not queueing)."),
    "worker": ("工作进程", "Worker", "", "Host name and process id (host:pid) of the process that ran it."),
    "finished_at": ("完成时间", "Finished at", "UTC time", "When the run's result was recorded (UTC, millisecond precision)."),
    "arm": ("设计组", "Arm", "", "cogov hypotheses: the arm (a scenario with the hypothesis' own settings) the run belongs to."),
    "rule": ("参与规则", "Participation rule", "",
             "cogov hypotheses: the participation rule the run used (logistic, threshold or aspiration)."),
    "draw": ("后验抽样序号", "Posterior draw", "",
             "cogov hypotheses --posterior: which parameter set drawn from the shipped posterior (0 = the defaults "
             "when no draws are asked for); each draw has its own replicate seeds."),
    "outcome": ("结果变量", "Outcome", "", "Name of an outcome (see the outcome rows of this dictionary)."),
    "value": ("数值", "Value", "", "Value of the outcome named in the same row."),
}

#: Columns of ``summary.csv`` written by ``cogov compare`` (also in summary_columns.csv).
SUMMARY_COLUMNS = {
    "outcome": ("结果变量", "Outcome", "", "Name of the outcome summarised in this row."),
    "scenario": ("情景", "Scenario", "", "Scenario of this row; the first scenario is the reference."),
    "mean": ("均值", "Mean", "outcome's unit", "Mean over replicates of the outcome at the final week."),
    "sd": ("标准差", "Standard deviation", "outcome's unit", "Standard deviation over replicates (n - 1 denominator)."),
    "n": ("重复数", "Replicates", "runs", "Replicates with a defined value of the outcome."),
    "difference": ("与参照差值", "Difference from reference", "outcome's unit",
                   "Mean of the paired differences (this scenario minus the reference, replicate by replicate on "
                   "the same seed); empty for the reference itself."),
    "ci_low": ("95%置信下限", "95% CI, lower", "outcome's unit", "Lower end of the 95% t interval of the paired difference."),
    "ci_high": ("95%置信上限", "95% CI, upper", "outcome's unit", "Upper end of the 95% t interval of the paired difference."),
    "effect_size": ("效应量", "Effect size (Cohen's d_z)", "standard deviations",
                    "Paired effect size d_z: mean paired difference divided by the standard deviation of the paired "
                    "differences; +/-inf when every pair differs by the same amount; empty for the reference."),
    "p_value": ("p值", "p value", "probability",
                "Two-sided p value of a one-sample t test of the paired differences against zero (scipy "
                "ttest_1samp); empty for the reference."),
}


def outcome_table(lang_order: bool = True) -> pd.DataFrame:
    """Every outcome with its labels, unit and meaning."""
    rows = [
        {"name": o.name, "kind": "outcome", "label_zh": o.label_zh, "label_en": o.label_en,
         "unit": OUTCOME_UNITS.get(o.kind, ""), "meaning": o.meaning, "varied": "no"}
        for o in OUTCOMES.values()
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def data_dictionary(varied: Iterable[str] = (), columns: Iterable[str] | None = None) -> pd.DataFrame:
    """The dictionary: bookkeeping columns, every parameter, every outcome.

    Args:
        varied: parameters the folder's runs varied (marked ``yes``).
        columns: if given, only the bookkeeping columns among these are listed.
    """
    from sim.parameters import COMPOSITIONS

    varied = set(varied)
    for members in COMPOSITIONS.values():  # varying some shares of a composition rescales the rest
        if varied & set(members):
            varied |= set(members)
    wanted = set(columns) if columns is not None else set(INDEX_COLUMNS)
    rows = [
        {"name": name, "kind": "index", "label_zh": zh, "label_en": en, "unit": unit, "meaning": meaning, "varied": "no"}
        for name, (zh, en, unit, meaning) in INDEX_COLUMNS.items() if name in wanted
    ]
    rows += [
        {"name": s.name, "kind": "parameter", "label_zh": s.label_zh, "label_en": s.label_en, "unit": s.unit,
         "meaning": s.meaning, "varied": "yes" if s.name in varied else "no"}
        for s in REGISTRY.values()
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return pd.concat([frame, outcome_table()], ignore_index=True)


def write_dictionary(directory: str | Path, varied: Iterable[str] = ()) -> Path:
    """Write ``dictionary.csv`` into a results folder (atomically); returns its path."""
    from sim.files import replacing

    path = Path(directory) / FILE_NAME
    with replacing(path) as temporary:
        data_dictionary(varied).to_csv(temporary, index=False, encoding="utf-8")
    return path


def write_summary_columns(directory: str | Path) -> Path:
    """Write ``summary_columns.csv``: what each column of ``summary.csv`` means (atomically)."""
    from sim.files import replacing

    path = Path(directory) / "summary_columns.csv"
    rows = [{"name": name, "label_zh": zh, "label_en": en, "unit": unit, "meaning": meaning}
            for name, (zh, en, unit, meaning) in SUMMARY_COLUMNS.items()]
    with replacing(path) as temporary:
        pd.DataFrame(rows).to_csv(temporary, index=False, encoding="utf-8")
    return path


def with_dictionary(table, varied: Iterable[str] | None = None):
    """A pyarrow Table whose schema metadata carries the dictionary of its own columns.

    ``varied`` defaults to the parameters that take more than one value in this table (a part
    of a results folder holds some of its runs; ``dictionary.csv`` describes the whole folder).
    """
    names = set(table.column_names)
    if varied is None:
        varied = [n for n in names if n in REGISTRY and len(table.column(n).unique()) > 1] if table.num_rows else []
    frame = data_dictionary(varied, columns=names)
    frame = frame[frame["name"].isin(names)]
    metadata = dict(table.schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(frame.to_dict(orient="records"), ensure_ascii=False).encode("utf-8")
    return table.replace_schema_metadata(metadata)


def read_dictionary(parquet_path: str | Path) -> pd.DataFrame:
    """The dictionary stored in a Parquet file's schema metadata (empty if it has none)."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(parquet_path).metadata or {}
    if METADATA_KEY not in metadata:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.DataFrame(json.loads(metadata[METADATA_KEY].decode("utf-8")), columns=list(COLUMNS))
