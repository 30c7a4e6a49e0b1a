"""Correcting what the extractor read, from the app: the controls of an evidence panel, the text
selection a missed count is added from, and the save that runs the command line's build.

Entry: `fact_controls(fix)` for each source card of a panel (what was corrected of it, and, where the
app takes writes, the form that corrects its value, qualifier, metric, unit or marks it wrong);
`missed_form(metrics)` for the panel (add a count from text selected in a sentence);
`line_attributes(document_id, line, column)` for any element holding a document line's text, so that
a selection in it names its document, line and columns (assets/correcting.js; the document page's
lines work the same way: `data-document-id` on the text, `data-line` on each line).

Why the build: a correction is a line of the corrections file (etl/corrections.py), applied by the
same safe build as `python -m etl build` — under the warehouse's lock, on a copy renamed over the
file when complete — so a failure leaves the warehouse as it was, and the app's read-only
connection sees the new file at its next query, without a restart. A correction that fails to apply
is taken out of the file again, and the user told why.
"""
from __future__ import annotations

import json
import logging
import re
import time

import pandas as pd
from dash import MATCH, ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html, no_update

from etl import corrections
from etl.warehouse import build

from . import editing, periods, text
from .warehouse import current

WHATS = {"value": "数值 · value", "qualifier": "限定 · qualifier (exact / at_least / about)",
         "metric": "指标 · metric", "wrong": "误读，删去 · wrong: not a count of this metric",
         "place": "地区 · place (adcode or name)", "body": "机构 · body (npc_sc / cppcc_sc)",
         "period": "时期 · period (2022, 2018-2022)"}
WHAT_WORDS = {"value": "数值 · value", "qualifier": "限定 · qualifier", "metric": "指标 · metric",
              "wrong": "误读 · wrong", "missed": "漏计，补上 · missed count added", "place": "地区 · place",
              "body": "机构 · body", "period": "时期 · period"}
ADCODE = re.compile(r"^\d{6}$")
DIGITS = re.compile(r"\d+")
DEFAULT_WHO = "app"
log = logging.getLogger("dashboard.correcting")


def line_attributes(document_id: str, line: int, column: int = 0) -> dict:
    """What an element holding the text of a document's line from `column` on carries, for a
    selection in it to be read (assets/correcting.js)."""
    return {"data-document-id": document_id, "data-line": str(int(line)), "data-column": str(int(column))}


def fix_key(unit_id: str, metric: str) -> str:
    return f"{unit_id}|{metric}"


def fact_controls(fix: dict | None) -> list:
    """What was corrected of a source (beside what the extractor read), and the form to correct it."""
    if fix is None:
        return []
    return [shown_corrections(fix), fact_form(fix) if editing.writes_enabled() else None]


def is_corrected(fix: dict | None) -> bool:
    """Whether a correction was applied to the fact or its unit."""
    return fix is not None and len(fix.get("applied", [])) > 0


def shown_corrections(fix: dict) -> html.Div | None:
    """The corrections applied to a fact or its unit: what the extractor read, what it is now, who, when, why."""
    if not is_corrected(fix):
        return None
    applied = list(fix["applied"])
    items = [html.Li([html.Strong(f"✎ {WHAT_WORDS.get(c['what'], c['what'])}: "), change(c),
                      html.Span(f" · {c['who']} · {c['made_at'][:16].replace('T', ' ')} · {c['why']}",
                                className="text-muted")]) for c in applied]
    original = extractor_reading(fix)
    return html.Div([html.Div(original, className="correction-original") if original else None,
                     html.Ul(items, className="mb-0")], className="correction-shown small mt-1")


def change(correction: dict) -> str:
    """What a correction changed: "7 → 8"; the count a missed one added; nothing for one marked wrong."""
    if correction["what"] == "wrong":
        return ""
    if correction["what"] == "missed":
        return _shown(correction["new"])
    return f"{_shown(correction['old'])} → {_shown(correction['new'])}"


def extractor_reading(fix: dict) -> str | None:
    """What the extractor read of a corrected fact (its value, and its metric where that was corrected)."""
    if fix.get("source") == "correction":
        return "提取器未读出此数 · the extractor did not read this count"
    if pd.isna(fix.get("original_value")):
        return None
    metric = fix.get("original_metric")
    return (f"原读数 · the extractor read: {text.figure_text(int(fix['original_value']), fix['original_qualifier'])}"
            + (f" ({metric})" if metric not in (None, fix["metric"]) else ""))


def _shown(raw: str | None) -> str:
    """A correction's old or new reading (JSON) in words."""
    value = json.loads(raw) if raw else None
    if isinstance(value, list):
        return text.period_label(*value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v is not None)
    return "—" if value is None else str(value)


def fact_form(fix: dict) -> html.Details:
    key = {"key": fix_key(fix["unit_id"], fix["metric"])}
    return html.Details([
        html.Summary("✎ 更正 · correct", className="correction-open"),
        html.Div([
            dcc.Dropdown(id={"type": "fix-what", **key}, options=[{"label": v, "value": k} for k, v in WHATS.items()],
                         value="value", clearable=False, className="mb-1"),
            dcc.Input(id={"type": "fix-new", **key}, placeholder="新值 · new reading", className="form-control mb-1"),
            dcc.Input(id={"type": "fix-why", **key}, placeholder="理由 · why (required)", className="form-control mb-1"),
            dcc.Input(id={"type": "fix-who", **key}, placeholder="你的名字 · who", className="form-control mb-1"),
            html.Button("保存更正 · save the correction", id={"type": "fix-save", **key}, className="btn btn-sm btn-primary"),
            dcc.Loading(html.Div(id={"type": "fix-result", **key}, className="correction-result mt-1")),
            dcc.Store(id={"type": "fix-done", **key}), html.Span(id={"type": "fix-sink", **key}, hidden=True),
        ], className="correction-form mt-1")], className="correction small mt-1")


def missed_form(metrics: list[dict]) -> html.Details | None:
    """Add a count the extractor missed: select its text in a sentence above, then fill in the rest."""
    if not editing.writes_enabled():
        return None
    return html.Details([
        html.Summary("+ 补上漏计的数字 · add a count the extractor missed", className="missed-open"),
        html.Div([
            html.P("在上面的句子中选中数字及其文字（如“开展专题调研12次”），然后点“用所选文字” · select the count's "
                   "words in a sentence above, then press “use the selection”.", className="text-muted mb-1"),
            html.Button("用所选文字 · use the selection", id="missed-use", className="btn btn-sm btn-outline-primary mb-1"),
            dcc.Store(id="missed-selection"),
            html.Div(id="missed-chosen", className="mb-1"),
            dcc.Dropdown(id="missed-metric", options=metrics, placeholder="指标 · metric", className="mb-1"),
            dcc.Input(id="missed-value", type="number", min=0, step=1, placeholder="数值 · value",
                      className="form-control mb-1"),
            dcc.Dropdown(id="missed-qualifier", options=[{"label": v, "value": k} for k, v in text.QUALIFIERS.items()
                                                         if k in corrections.QUALIFIERS],
                         value="exact", clearable=False, className="mb-1"),
            dcc.Input(id="missed-why", placeholder="理由 · why (required)", className="form-control mb-1"),
            dcc.Input(id="missed-who", placeholder="你的名字 · who", className="form-control mb-1"),
            html.Button("保存 · save the count", id="missed-save", className="btn btn-sm btn-primary"),
            dcc.Loading(html.Div(id="missed-result", className="correction-result mt-1")),
            dcc.Store(id="missed-done"), html.Span(id="missed-sink", hidden=True),
        ], className="correction-form mt-1")], className="missed small mt-2")


def parse_new(what: str, raw, fix: dict) -> tuple[object, str | None]:
    """The new reading typed for `what`, as the corrections file holds it, or why it cannot be one."""
    raw = "" if raw is None else str(raw).strip()
    if what == "wrong":
        return None, None
    if not raw:
        return None, "请填写新值 · type the new reading"
    if what == "value":
        return (int(raw.replace(",", "")), None) if raw.replace(",", "").isdigit() else (
            None, f"{raw!r}: 不是整数 · not a whole number")
    if what == "place":
        return ({"adcode": raw}, None) if ADCODE.match(raw) else ({"city": raw}, None)
    if what == "period":
        try:
            return list(periods.bounds(periods.parse_period(raw))), None
        except ValueError as e:
            return None, f"{raw!r}: {e}"
    choices = {"qualifier": corrections.QUALIFIERS, "body": corrections.BODIES,
               "metric": sorted(corrections.METRIC_IDS)}[what]
    return (raw, None) if raw in choices else (None, f"{raw!r}: 应为 · should be one of {', '.join(choices)}")


def save(record: dict) -> tuple[str, bool]:
    """Append the correction and run the build; (what to tell the user, whether it was applied)."""
    db = current().path
    path = corrections.path_for(db)
    started = time.perf_counter()
    correction = corrections.append_correction(path, record)
    try:
        summary = build([], db, workers=1, say=log.info)
    except BaseException:
        corrections.withdraw(path, correction.id)   # the warehouse is as it was: so is the file
        raise
    stale = dict(summary.correction_report.stale).get(correction.id)
    if stale:
        corrections.withdraw(path, correction.id)
        build([], db, workers=1, say=log.info)
        return f"没有保存 · not saved: {stale}", False
    log.info("correction %s applied in %.2f s", correction.id, time.perf_counter() - started)
    return f"已更正 · corrected (correction {correction.id}, {path.name}); 页面刷新中 · reloading …", True


@callback(Output({"type": "fix-result", "key": MATCH}, "children"), Output({"type": "fix-done", "key": MATCH}, "data"),
          Input({"type": "fix-save", "key": MATCH}, "n_clicks"),
          State({"type": "fix-save", "key": MATCH}, "id"), State({"type": "fix-what", "key": MATCH}, "value"),
          State({"type": "fix-new", "key": MATCH}, "value"), State({"type": "fix-why", "key": MATCH}, "value"),
          State({"type": "fix-who", "key": MATCH}, "value"), prevent_initial_call=True)
def save_fact(_clicks, button, what, new, why, who):
    """Correct one fact (or its unit): checked, written to the file, applied by a build."""
    if not editing.may_write():
        return editing.refusal(), no_update
    unit_id, _, metric = _words(button.get("key") if isinstance(button, dict) else None).rpartition("|")
    facts = current().query("correctable_facts", unit_ids=[unit_id], metric=metric)
    what = _words(what)
    if facts.empty or what not in WHATS:
        return "没有这个数字 · no such figure (the warehouse changed: reload the page)", no_update
    fix = facts.iloc[0].to_dict()
    value, problem = parse_new(what, new, fix)
    problem = problem or ("请说明理由 · say why" if not _words(why) else None)
    if problem:
        return problem, no_update
    message, applied = save(corrections.fact_record(fix, what, value, _words(why), _words(who) or DEFAULT_WHO))
    return message, time.time() if applied else no_update


@callback(Output("missed-chosen", "children"), Output("missed-value", "value"), Input("missed-selection", "data"),
          prevent_initial_call=True)
def show_selection(selection):
    """The text selected, and the number in it as the value to start from."""
    if not isinstance(selection, dict) or not _words(selection.get("text")):
        return "没有选中文字 · nothing selected in a sentence above", no_update
    digits = DIGITS.search(selection["text"])
    return (html.Span(["所选 · selected: ", html.Mark(selection["text"], className="evidence-mark"),
                       f" (line {selection.get('line')})"]), int(digits.group()) if digits else no_update)


@callback(Output("missed-result", "children"), Output("missed-done", "data"), Input("missed-save", "n_clicks"),
          State("missed-selection", "data"), State("missed-metric", "value"), State("missed-value", "value"),
          State("missed-qualifier", "value"), State("missed-why", "value"), State("missed-who", "value"),
          prevent_initial_call=True)
def save_missed(_clicks, selection, metric, value, qualifier, why, who):
    """Add the selected count: checked against the document's line, written to the file, applied by a build."""
    if not editing.may_write():
        return editing.refusal(), no_update
    problem = selection_problem(selection)
    if not problem and _words(metric) not in corrections.METRIC_IDS:
        problem = "请选指标 · choose the metric"
    if not problem and not corrections.is_count(value):
        problem = "请填写数值 · type the value (a whole number)"
    if not problem and not _words(why):
        problem = "请说明理由 · say why"
    if problem:
        return problem, no_update
    message, applied = save(corrections.missed_record(
        selection["document"], selection["line"], selection["start"], selection["text"], metric, value,
        qualifier if qualifier in corrections.QUALIFIERS else "exact", _words(why), _words(who) or DEFAULT_WHO))
    return message, time.time() if applied else no_update


def _words(value) -> str:
    """What a text field holds, stripped; anything else a request may send: nothing."""
    return value.strip() if isinstance(value, str) else ""


def selection_problem(selection) -> str | None:
    """Why a selection sent by the browser is not a piece of one line of a document, or None."""
    if not isinstance(selection, dict) or not selection.get("text"):
        return "请先选中文字并点“用所选文字” · select the count's words first, then “use the selection”"
    if not (isinstance(selection.get("document"), str) and corrections.is_count(selection.get("line"))
            and corrections.is_count(selection.get("start")) and selection["line"] >= 1
            and isinstance(selection["text"], str) and "\n" not in selection["text"]):
        return "所选不是一行中的文字 · the selection is not text of one line"
    return None


clientside_callback(ClientsideFunction("correcting", "selection"), Output("missed-selection", "data"),
                    Input("missed-use", "n_clicks"), prevent_initial_call=True)
clientside_callback(ClientsideFunction("correcting", "reload"), Output({"type": "fix-sink", "key": MATCH}, "children"),
                    Input({"type": "fix-done", "key": MATCH}, "data"), prevent_initial_call=True)
clientside_callback(ClientsideFunction("correcting", "reload"), Output("missed-sink", "children"),
                    Input("missed-done", "data"), prevent_initial_call=True)
