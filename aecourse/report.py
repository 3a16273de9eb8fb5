"""``build/report.html``: one page with every lesson's numbers, figure, run time and set-up.

Built from what the lessons wrote (``build/results/*.json``), the executed
notebooks (``build/notebooks/*.ipynb``) and the main job's log of its last run
(``build/run.json``). Nothing is typed in: a lesson that failed, or whose
results are older than its last attempt, shows as such, never with a stale number.
The page is self-contained (inline CSS, figures as data URIs), so it reads offline.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import lessons as lessons_mod
from .runtime import machine_description
from .store import ResultsError, project_root, write_atomic
from .store import read as read_results
from .store import results_dir as store_results_dir

RUN_LOG = "run.json"


@dataclass
class LessonStatus:
    stem: str
    title: str
    state: str  # ok | failed | stale | missing | unreadable | absent
    message: str = ""
    results: dict[str, Any] | None = None
    figure_png: bytes | None = None
    notebook_html: str | None = None  # link relative to the report
    render_error: str = ""  # why the executed notebook could not be rendered to HTML


def _key_figure(notebook: Path) -> bytes | None:
    """The PNG output of the executed notebook's cell tagged ``key-figure`` (else its first figure)."""
    try:
        cells = json.loads(notebook.read_text())["cells"]
    except (OSError, ValueError, KeyError):
        return None
    tagged = [c for c in cells if "key-figure" in c.get("metadata", {}).get("tags", [])]
    for cell in tagged + cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                return base64.b64decode(png if isinstance(png, str) else "".join(png))
    return None


def _render_notebook(notebook: Path, html_dir: Path) -> tuple[str | None, str]:
    """Render an executed notebook to HTML next to the report: ``(its file name, "")``, or ``(None, why not)``."""
    try:
        import nbformat
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter(template_name="lab", embed_images=True).from_notebook_node(
            nbformat.read(str(notebook), as_version=4)
        )
    except Exception as exc:  # a broken notebook must not break the report; it shows why instead
        return None, f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else exc!r}"
    html_dir.mkdir(parents=True, exist_ok=True)
    target = html_dir / f"{notebook.stem}.html"
    write_atomic(target, body)
    return f"{html_dir.name}/{target.name}", ""


def collect(build: Path, results_dir: Path, notebooks_dir: Path | None = None) -> list[LessonStatus]:
    """Decide each lesson's state from the notebooks, the results files and the last run's log."""
    present = {p.stem for p in lessons_mod.notebooks(notebooks_dir)}
    stems = sorted(set(lessons_mod.LESSONS) | present)
    log_path = build / RUN_LOG
    attempts = {}
    if log_path.is_file():
        try:
            for entry in json.loads(log_path.read_text()).get("outcomes", []):
                attempts[entry["stem"]] = entry
        except (ValueError, AttributeError, KeyError, TypeError) as exc:
            raise ValueError(
                f"{log_path} is not a valid run log ({type(exc).__name__}: {exc}); delete it and run the lessons again"
            ) from exc
    statuses = []
    for stem in stems:
        status = LessonStatus(stem, lessons_mod.title(stem), "missing")
        executed = build / "notebooks" / f"{stem}.ipynb"
        attempt = attempts.get(stem)
        results_path = results_dir / f"{stem}.json"
        results = None
        unreadable = False
        if results_path.is_file():
            try:
                results = read_results(results_path)
            except ResultsError as exc:
                status.message, unreadable = str(exc), True
        if stem not in present:
            status.state, status.message = "absent", "not written yet"
        elif attempt is not None and not attempt["ok"]:
            status.state = "failed"
            status.message = f"failed after {attempt['seconds']:.0f} s: {attempt['error']}"
        elif unreadable:
            status.state = "unreadable"
        elif results is None:
            status.message = status.message or "no results yet: run it with `make lessons LESSONS=" + stem[:2] + "`"
        elif attempt is not None and results.get("finished_at", "") < attempt["started_at"]:
            status.state = "stale"
            status.message = "its results file predates the last run, which wrote none"
        else:
            status.state, status.results = "ok", results
        if stem in present and executed.is_file() and status.state in ("ok", "failed"):
            status.figure_png = _key_figure(executed) if status.state == "ok" else None
            status.notebook_html, status.render_error = _render_notebook(executed, build / "html")
        statuses.append(status)
    return statuses


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return html.escape(str(value))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _difference_cell(line: lessons_mod.Headline, ours: Any, base: Any, verdict: dict | None) -> str:
    """The difference in the metric's unit, with the paired SE where the lesson recorded one; a ratio only where
    the headline says it means something (squared errors, bytes)."""
    unit = f" {html.escape(line.unit)}" if line.unit else ""
    parts = []
    if verdict is not None and _number(verdict.get("mean_diff")) is not None:
        diff, se = verdict["mean_diff"] * line.scale, _number(verdict.get("se"))
        text = f"{diff:+.3g}{unit}"
        if se is not None:
            text += f" <span class=dim>± {se * line.scale:.2g} (SE, n = {_fmt(verdict.get('n'))})</span>"
        parts.append(text)
    elif _number(ours) is not None and _number(base) is not None:
        parts.append(f"{(ours - base) * line.scale:+.3g}{unit}")
    if line.ratio and _number(ours) is not None and _number(base):
        parts.append(f"<span class=dim>ratio {ours / base:.2f}</span>")
    return "<br>".join(parts) or "—"


def _verdict_cell(line: lessons_mod.Headline, verdict: dict | None) -> str:
    """The lesson's own recorded verdict word, never one the report makes up."""
    if verdict is None:
        if line.verdict:
            return "<span class=dim>no paired comparison recorded</span>"
        return (
            "<span class=dim>no baseline in this run"
            + ("; compare with the published figure" if line.reference else "")
            + "</span>"
        )
    word = str(verdict.get("verdict", ""))
    css = {"ahead": "win", "behind": "loss"}.get(word, "tie")
    return f"<span class={css} data-verdict='{html.escape(word)}'>{html.escape(word or 'unreadable')}</span>"


def _headline_rows(status: LessonStatus) -> str:
    lesson = lessons_mod.LESSONS.get(status.stem)
    metrics = status.results["metrics"]
    recorded = status.results.get("verdicts") or {}
    rows = []
    lines = lesson.headlines if lesson and lesson.headlines else ()
    for line in lines:
        ours = metrics.get(line.ours)
        base = metrics.get(line.baseline) if line.baseline else None
        verdict = recorded.get(line.verdict) if line.verdict else None
        verdict = verdict if isinstance(verdict, dict) else None
        rows.append(
            "<tr>"
            f"<td>{html.escape(line.label)}</td>"
            f"<td class='num ours'>{_fmt(ours) if ours is not None else '<em>not recorded</em>'}</td>"
            f"<td class='num'>{_fmt(base) if base is not None else '—'}"
            f"{' <span class=dim>(' + html.escape(line.baseline_name or '') + ')</span>' if line.baseline_name else ''}</td>"
            f"<td class='num diff'>{_difference_cell(line, ours, base, verdict)}</td>"
            f"<td class='verdict'>{_verdict_cell(line, verdict)}</td>"
            f"<td>{html.escape(line.reference) if line.reference else '—'}"
            f"{'<div class=src>' + html.escape(line.source) + '</div>' if line.source else ''}</td>"
            "</tr>"
        )
    if not rows:  # a lesson without headlines yet: list its required numbers
        for key in lessons_mod.required_metrics(status.stem) or sorted(metrics):
            value = metrics.get(key)
            if isinstance(value, (dict, list)):
                value = "(see the notebook)"
            shown = _fmt(value) if value is not None else "<em>not recorded</em>"
            rows.append(
                f"<tr><td>{html.escape(key)}</td><td class='num ours'>{shown}</td>"
                "<td>—</td><td>—</td><td>—</td><td>—</td></tr>"
            )
    return "".join(rows)


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#c9d1e0;font-size:13px}main{max-width:1100px;margin:0 auto;padding:18px}
section.lesson{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:14px 0;padding:14px 18px;
border-left:6px solid #9aa3b2}
section.ok{border-left-color:#2e9d57}section.failed,section.unreadable{border-left-color:#d62728}section.stale,section.missing{border-left-color:#e6a700}
h2{margin:0 0 2px;font-size:18px}.badge{font-size:12px;border-radius:9px;padding:1px 8px;margin-left:8px;vertical-align:middle;color:#fff}
.badge.ok{background:#2e9d57}.badge.failed,.badge.unreadable{background:#d62728}.badge.stale,.badge.missing{background:#e6a700}.badge.absent{background:#9aa3b2}
.summary{color:#556;margin:0 0 8px}.msg{margin:6px 0;font-family:ui-monospace,monospace;font-size:13px;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e8ec;
vertical-align:top}th{font-weight:600;color:#556;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.num .dim{display:block;white-space:normal}td.ours{font-weight:700;color:#1f77b4}
.dim,.src{color:#778;font-size:12px}.win{color:#2e9d57}.loss{color:#d62728}.tie{color:#8a6d00}.grid>div{margin:6px 0}
img.fig{max-width:100%;border:1px solid #e6e8ec;border-radius:6px}.meta{font-size:12px;color:#667}a{color:#1f5fa8}
"""


def render(statuses: list[LessonStatus], title: str = "Autoencoders in practice — course report") -> str:
    """The report page as one HTML string (no external resources)."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    states = ("ok", "failed", "stale", "missing", "unreadable", "absent")
    counts = {s: sum(1 for x in statuses if x.state == s) for s in states}
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<meta name='viewport' content='width=device-width,initial-scale=1'><title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{html.escape(title)}</h1><p>generated {now} on {html.escape(machine_description())} · "
        f"{counts['ok']} with results, {counts['failed']} failed, {counts['stale'] + counts['missing']} without "
        f"results, {counts['unreadable']} with an unreadable results file, {counts['absent']} not written yet"
        "</p></header><main>",
    ]
    for s in statuses:
        lesson = lessons_mod.LESSONS.get(s.stem)
        parts.append(f"<section class='lesson {s.state}' id='lesson-{s.stem[:2]}' data-state='{s.state}'>")
        parts.append(f"<h2>{s.stem[:2]} · {html.escape(s.title)}<span class='badge {s.state}'>{s.state}</span></h2>")
        if lesson:
            parts.append(f"<p class='summary'>{html.escape(lesson.summary)}</p>")
        if s.message:
            parts.append(f"<p class='msg'>{html.escape(s.message)}</p>")
        if s.state == "ok":
            r = s.results
            parts.append("<div class='grid'><div>")
            parts.append(
                "<table><tr><th>measure</th><th>autoencoder</th><th>baseline, same run</th><th>difference</th>"
                f"<th>verdict (paired)</th><th>published</th></tr>{_headline_rows(s)}</table>"
            )
            versions = ", ".join(f"{k} {v}" for k, v in r.get("versions", {}).items())
            parts.append(
                f"<p class='meta'>run time {r.get('seconds', float('nan')):.0f} s · profile <b>{html.escape(r['profile'])}</b>"
                f" · backend <b>{html.escape(r['backend'])}</b> · device {html.escape(str(r.get('device')))}"
                f" · finished {html.escape(str(r.get('finished_at', '?')))}<br>{html.escape(versions)}</p>"
            )
            parts.append("</div>")
            if s.figure_png:
                data = base64.b64encode(s.figure_png).decode()
                parts.append(
                    f"<div><img class='fig' alt='key figure of {html.escape(s.title)}' src='data:image/png;base64,{data}'></div>"
                )
            parts.append("</div>")
        if s.notebook_html:
            parts.append(f"<p class='meta'><a href='{html.escape(s.notebook_html)}'>the executed notebook</a></p>")
        elif s.render_error:
            parts.append(
                f"<p class='msg'>the executed notebook could not be rendered to HTML: {html.escape(s.render_error)}</p>"
            )
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def build_report(
    build: Path | None = None,
    results_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    problems: list[str] | None = None,
) -> Path:
    """Write ``<build>/report.html`` from the files on disk and return its path.

    A lesson whose results file cannot be read is shown as *unreadable*, with the reason, and the others as usual; a
    list passed as ``problems`` receives one line per such file (the command line prints them and exits non-zero).
    """
    build = build or (project_root() / "build")
    statuses = collect(build, results_dir or store_results_dir(build), notebooks_dir)
    if problems is not None:
        problems.extend(s.message for s in statuses if s.state == "unreadable")
    return write_atomic(build / "report.html", render(statuses))
