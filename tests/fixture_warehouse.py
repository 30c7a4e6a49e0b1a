"""A small warehouse made from SQL, for the query and dashboard tests.

Five npc_sc units in four places (one without an adcode, one a five-year term review) and one
cppcc_sc unit; 白城市 is reported by two documents that agree, 保定市 gives an "at least" figure.
"""
import duckdb

from etl.warehouse import create_schema, refresh_figures

DOCUMENTS = {"d1": ("a.txt", "标题\n召开常委会会议5次,任免工作人员60人次。政协收到提案300余件。"),
             "d2": ("b.txt", "召开常委会会议5次。\n召开常委会会议9次。"),
             "d3": ("c.txt", "五年来召开常委会会议40次。")}
UNITS = """
INSERT INTO units VALUES
  ('u1', 'd1', 1, 2, '白城市', '220800', 'npc_sc', 2022, 2022, false),
  ('u2', 'd2', 1, 1, '白城市', '220800', 'npc_sc', 2022, 2022, false),
  ('u3', 'd2', 2, 2, '保定市', '130600', 'npc_sc', 2022, 2022, false),
  ('u4', 'd3', 1, 1, '北京市', '110000', 'npc_sc', 2018, 2022, true),
  ('u5', 'd3', 1, 1, '某区', NULL, 'npc_sc', 2022, 2022, true),
  ('u6', 'd1', 2, 2, '长春市', '220100', 'cppcc_sc', 2022, 2022, false);
"""
# (unit, body, metric, value, qualifier, document, evidence); offsets are found in the document's text
FACTS = [("u1", "npc_sc", "sessions", 5, "exact", "d1", "常委会会议5次"),
         ("u1", "npc_sc", "appointments", 60, "exact", "d1", "任免工作人员60人次"),
         ("u2", "npc_sc", "sessions", 5, "exact", "d2", "常委会会议5次"),
         ("u3", "npc_sc", "sessions", 9, "at_least", "d2", "常委会会议9次"),
         ("u4", "npc_sc", "sessions", 40, "exact", "d3", "常委会会议40次"),
         ("u5", "npc_sc", "sessions", 9, "exact", "d3", "常委会会议40次"),
         ("u6", "cppcc_sc", "proposals_submitted", 300, "at_least", "d1", "收到提案300余件")]


def fill_fixture_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    create_schema(con)
    for doc, (name, text) in DOCUMENTS.items():
        con.execute("INSERT INTO documents VALUES (?, ?, 10, 'utf-8', now(), ?)", [doc, name, text])
    con.execute(UNITS)
    for unit, body, metric, value, qualifier, doc, evidence in FACTS:
        start = DOCUMENTS[doc][1].index(evidence)
        con.execute("INSERT INTO facts VALUES (?, ?, ?, ?, ?, 'stated', NULL, ?, ?, ?)",
                    [unit, metric, body, value, qualifier, evidence, start, start + len(evidence)])
    refresh_figures(con)
