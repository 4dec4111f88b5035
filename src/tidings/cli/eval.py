"""`tidings eval`: score Tidings and the raw spaCy model on the annotated sets.

    $ tidings eval                      # NER on every dataset
    $ tidings eval ner --dataset re3d --limit 10 --json
    $ tidings eval corpus --split dev     # stories and event coreference on ECB+
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from tidings.cli._common import plural
from tidings.errors import Messages, TidingsError

DATASET_CHOICES = ("meantime", "re3d", "plover_gsr", "real", "all")


def _ner(data_dir: str | None, dataset: str, limit: int | None, as_json: bool) -> None:
    from tidings.eval import datasets, ner

    if dataset != "all" and dataset not in datasets.FOLDERS:
        raise click.UsageError(f"names are scored on {', '.join(datasets.FOLDERS)}: "
                               f"--dataset {dataset} holds no names")
    names = list(datasets.FOLDERS) if dataset == "all" else [dataset]
    gold = {name: list(datasets.load(name, data_dir, limit)) for name in names}
    systems = ner.build_systems()
    report: dict[str, Any] = {"task": "ner", "match": "exact span and label", "datasets": {}}
    notes = [s.note for s in systems if s.note]
    for name, docs in gold.items():
        results = ner.run(docs, systems, datasets.LABELS[name])
        report["datasets"][name] = {
            "docs": len(docs),
            "systems": {sys_name: r.to_dict() for sys_name, r in results.items()},
            "delta_micro_f1": round(results["tidings"].micro.f1 - results["spacy"].micro.f1, 4),
        }
        if not as_json:
            click.echo(_table(name, results))
    if notes:
        report["notes"] = notes
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for note in notes:
            click.echo(f"note: {note}")


def _table(name: str, results: dict[str, Any]) -> str:
    spacy, tidings = results["spacy"], results["tidings"]
    lines = [
        f"{name}: {plural(spacy.docs, 'document')}, exact span + label",
        f"{'':7}{'':>6}  {'spaCy':^20}  {'Tidings':^20}",
        f"{'type':7}{'gold':>6}  {'P':>6}{'R':>7}{'F1':>7}  {'P':>6}{'R':>7}{'F1':>7}",
    ]
    rows = [(label, spacy.per_label[label], tidings.per_label[label]) for label in spacy.labels]
    rows.append(("micro", spacy.micro, tidings.micro))
    for label, a, b in rows:
        lines.append(
            f"{label:7}{a.gold:>6}  {a.precision:6.3f}{a.recall:7.3f}{a.f1:7.3f}"
            f"  {b.precision:6.3f}{b.recall:7.3f}{b.f1:7.3f}"
        )
    delta = tidings.micro.f1 - spacy.micro.f1
    lines.append(f"micro F1: spaCy {spacy.micro.f1:.3f}, Tidings {tidings.micro.f1:.3f}, "
                 f"difference {delta:+.3f}")
    return "\n".join(lines) + "\n"


def _statements(data_dir: str | None, dataset: str, limit: int | None, as_json: bool) -> None:
    from tidings.eval import statements

    if dataset != "all":
        raise click.UsageError("statements are scored on PolNeAR only: leave out --dataset")
    report, table = statements.evaluate(data_dir, limit)
    click.echo(json.dumps(report, indent=2) if as_json else table, nl=as_json)


def _places(data_dir: str | None, dataset: str, limit: int | None, as_json: bool) -> None:
    from tidings.eval import places

    if dataset != "all":
        raise click.UsageError("places are scored on GeoWebNews only: leave out --dataset")
    report, table = places.evaluate(data_dir, limit)
    click.echo(json.dumps(report, indent=2) if as_json else table, nl=as_json)


def _events(data_dir: str | None, dataset: str, limit: int | None, as_json: bool,
            split: str | None = None, errors: bool = False) -> None:
    from tidings.eval import events

    if dataset not in events.DATASETS:
        raise click.UsageError(
            "events are scored on the real-news gold, plover_gsr and MEANTIME: "
            f"--dataset is one of {', '.join(events.DATASETS)}"
        )
    if errors and split != "dev":
        raise click.UsageError(
            "--errors lists the dev split's errors only (add --split dev): the test split "
            "is frozen, its errors are never shown"
        )
    report, table = events.evaluate(data_dir, dataset, limit, split=split,
                                    show_errors=errors)
    click.echo(json.dumps(report, indent=2) if as_json else table, nl=as_json)


def _facts(data_dir: str | None, dataset: str, limit: int | None, as_json: bool,
           split: str | None = None, errors: bool = False) -> None:
    from tidings.eval import facts_real

    if dataset not in ("all", "real"):
        raise click.UsageError("facts are scored on the real-news gold only: leave out "
                               "--dataset")
    if errors and split != "dev":
        raise click.UsageError(
            "--errors lists the dev split's errors only (add --split dev): the test split "
            "is frozen, its errors are never shown"
        )
    for one in (split,) if split else ("dev", "test"):
        report, table = facts_real.evaluate(data_dir, one, limit, show_errors=errors)
        click.echo(json.dumps(report, indent=2) if as_json else table, nl=as_json)


def _corpus(data_dir: str | None, dataset: str, limit: int | None, as_json: bool,
            split: str | None = None) -> None:
    """Stories and cross-document event coreference on ECB+; MEANTIME's corpus links
    beside them when ``tidings.eval.corpus_meantime`` is there."""
    import importlib
    import inspect

    from tidings.eval import corpus

    if dataset != "all" or limit is not None:
        raise click.UsageError("corpus is scored on whole ECB+ topics: leave out --dataset "
                               "and --limit")
    split = split or "dev"
    report = corpus.evaluate_ecbplus(data_dir, split)
    try:
        meantime = importlib.import_module("tidings.eval.corpus_meantime")
    except ModuleNotFoundError:
        meantime = None
    meantime_report: dict[str, Any] | None = None
    note = None
    if meantime is None or not hasattr(meantime, "evaluate_meantime"):
        note = "MEANTIME corpus links skipped: tidings.eval.corpus_meantime is not there yet"
    else:
        root = corpus.data_root(data_dir)
        evaluate = meantime.evaluate_meantime
        if "splits" in inspect.signature(evaluate).parameters:
            meantime_report = evaluate(root, splits=(split,))
        else:
            meantime_report = evaluate(root)
    if as_json:
        click.echo(json.dumps({"ecbplus": report, "meantime": meantime_report, "note": note},
                              indent=2, default=str))
        return
    click.echo(corpus.table(report), nl=False)
    if meantime_report is not None:
        if hasattr(meantime, "table"):
            click.echo(meantime.table(meantime_report))
        else:
            for row in meantime_report.get("rows", ()):
                click.echo(json.dumps(row))
    if note:
        click.echo(f"note: {note}")


#: Evaluation tasks by name.
TASKS: dict[str, Callable[..., None]] = {
    "ner": _ner,
    "statements": _statements,
    "places": _places,
    "events": _events,
    "facts": _facts,
    "corpus": _corpus,
}


@click.command("eval")
@click.argument("task", required=False, default="ner")
@click.option(
    "--data-dir",
    "--data",
    "data_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder with the annotated sets (default: setting data_dir, env TIDINGS_DATA_DIR); "
         "for corpus, the ECB+ folder itself may be given.",
)
@click.option("--dataset", type=click.Choice(DATASET_CHOICES), default="all", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="First N documents of each set."
)
@click.option("--split", type=click.Choice(("dev", "test")), default=None,
              help="events, facts: one split of the real-news gold (default: both); "
                   "corpus: one split of ECB+ (default: dev).")
@click.option("--errors", is_flag=True,
              help="events, facts: list Tidings' errors on the dev split (never the test "
                   "split).")
def command(
    task: str, data_dir: str | None, dataset: str, as_json: bool, limit: int | None,
    split: str | None, errors: bool,
) -> None:
    """Score a task side by side with a baseline: TASK is one of ner, statements, places,
    events, facts, corpus."""
    if task not in TASKS:
        raise click.ClickException(
            Messages.UNKNOWN_EVAL_TASK.format(name=task, opts=", ".join(TASKS))
        )
    try:
        if task == "events":
            _events(data_dir, dataset, limit, as_json, split=split, errors=errors)
        elif task == "facts":
            _facts(data_dir, dataset, limit, as_json, split=split, errors=errors)
        elif task == "corpus":
            if errors:
                raise click.UsageError("--errors applies to the events and facts tasks only")
            _corpus(data_dir, dataset, limit, as_json, split=split)
        elif split or errors:
            raise click.UsageError("--split applies to the events, facts and corpus tasks, "
                                   "--errors to events and facts only")
        else:
            TASKS[task](data_dir, dataset, limit, as_json)
    except TidingsError as exc:  # DataNotFoundError, ModelNotFoundError
        raise click.ClickException(str(exc)) from None
