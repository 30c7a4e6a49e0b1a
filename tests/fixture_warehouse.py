"""A small warehouse made from SQL, for the query and dashboard tests.

npc_sc units in six places and one cppcc_sc unit. 白城市 is reported by two documents that agree;
保定市 gives an "at least" figure and a two-year span; 北京市 a five-year term review (2018–2022)
and two annual reports, one inside the term (2021) and one after it (2023, its year inferred); 某区
has no adcode; 新安县 is a county; 周口市's report has no figure at all. Topic profiles by hand:
白城市 writes on ecology (生态环境, 河长制), 保定市 on elderly care (养老).
"""
from pathlib import Path

import duckdb

from etl.warehouse import create_schema, refresh_figures

DOCUMENTS = {"d1": ("a.txt", "标题\n召开常委会会议5次,任免工作人员60人次。政协收到提案300余件。"),
             "d2": ("b.txt", "召开常委会会议5次。加强生态环境保护,落实河长制。\n召开常委会会议9次。发展养老服务。"),
             "d3": ("c.txt", "五年来召开常委会会议40次。"),
             "d4": ("d.txt", "2021年召开常委会会议9次。\n2023年召开常委会会议8次。\n新安县召开常委会会议6次。两年来任免30人次。"),
             "d5": ("e.txt", "周口市人大常委会工作报告\n一年来,常委会认真履职。")}
UNITS = """
INSERT INTO units VALUES
  ('u1', 'd1', 1, 2, '白城市', '220800', 'npc_sc', 2022, 2022, false, 'annual', 'title: 白城市', 'title', 'heading names 2022'),
  ('u2', 'd2', 1, 1, '白城市', '220800', 'npc_sc', 2022, 2022, false, 'annual', 'file name: 白城', 'title', 'review opens on 2022'),
  ('u3', 'd2', 2, 2, '保定市', '130600', 'npc_sc', 2022, 2022, false, 'annual', 'title: 保定市', 'title', 'heading names 2022'),
  ('u4', 'd3', 1, 1, '北京市', '110000', 'npc_sc', 2018, 2022, true, 'term', 'title: 北京市', 'title',
   '五年来 (5 years) ending 2022: report plan for 2023'),
  ('u5', 'd3', 1, 1, '某区', NULL, 'npc_sc', 2022, 2022, true, 'annual', '某区: several places bear this name', 'title',
   'the year before the report: dated 2023-01-10'),
  ('u6', 'd1', 2, 2, '长春市', '220100', 'cppcc_sc', 2022, 2022, false, 'annual', 'title: 长春市', 'title: 政协长春市委员会',
   'heading names 2022'),
  ('u7', 'd4', 1, 1, '北京市', '110000', 'npc_sc', 2021, 2021, false, 'annual', 'title: 北京市', 'title', 'the clause writes 2021'),
  ('u8', 'd4', 2, 2, '北京市', '110000', 'npc_sc', 2023, 2023, true, 'annual', 'title: 北京市', 'title',
   'the year before the report: dated 2024-01-15'),
  ('u9', 'd4', 3, 3, '新安县', '410323', 'npc_sc', 2022, 2022, false, 'annual', 'title: 新安县', 'title', 'heading names 2022'),
  ('u10', 'd4', 3, 3, '保定市', '130600', 'npc_sc', 2019, 2020, false, 'span', 'title: 保定市', 'title',
   'the clause writes 2019-2020'),
  ('u11', 'd5', 1, 2, '周口市', '411600', 'npc_sc', 2022, 2022, true, 'annual', 'title: 周口市', 'title',
   'the year before the report: dated 2023-01-08');
"""
# (unit, body, metric, value, qualifier, document, evidence); offsets are found in the document's text
FACTS = [("u1", "npc_sc", "sessions", 5, "exact", "d1", "常委会会议5次"),
         ("u1", "npc_sc", "appointments", 60, "exact", "d1", "任免工作人员60人次"),
         ("u2", "npc_sc", "sessions", 5, "exact", "d2", "常委会会议5次"),
         ("u3", "npc_sc", "sessions", 9, "at_least", "d2", "常委会会议9次"),
         ("u4", "npc_sc", "sessions", 40, "exact", "d3", "常委会会议40次"),
         ("u5", "npc_sc", "sessions", 9, "exact", "d3", "常委会会议40次"),
         ("u6", "cppcc_sc", "proposals_submitted", 300, "at_least", "d1", "收到提案300余件"),
         ("u7", "npc_sc", "sessions", 9, "exact", "d4", "常委会会议9次"),
         ("u8", "npc_sc", "sessions", 8, "exact", "d4", "常委会会议8次"),
         ("u9", "npc_sc", "sessions", 6, "exact", "d4", "常委会会议6次"),
         ("u10", "npc_sc", "appointments", 30, "exact", "d4", "任免30人次")]


TOPICS = """
INSERT INTO themes VALUES
  (1, 'ecology', '生态环境', 'Ecology', ['生态环境', '河长制']),
  (2, 'elderly_care', '养老服务', 'Elderly care', ['养老']);
INSERT INTO unit_themes VALUES
  ('u1', 'ecology', 0, 3, 0.0), ('u1', 'elderly_care', 0, 3, 0.0),
  ('u2', 'ecology', 1, 2, 0.5), ('u2', 'elderly_care', 0, 2, 0.0),
  ('u3', 'ecology', 0, 2, 0.0), ('u3', 'elderly_care', 1, 2, 0.5),
  ('u4', 'ecology', 0, 1, 0.0), ('u4', 'elderly_care', 0, 1, 0.0),
  ('u5', 'ecology', 0, 1, 0.0), ('u5', 'elderly_care', 0, 1, 0.0),
  ('u6', 'ecology', 0, 1, 0.0), ('u6', 'elderly_care', 0, 1, 0.0);
INSERT INTO unit_terms VALUES
  ('u1', '会议', 1), ('u1', '任免', 1),
  ('u2', '会议', 2), ('u2', '生态环境', 3), ('u2', '河长制', 3),
  ('u3', '会议', 2), ('u3', '养老', 4),
  ('u4', '会议', 5),
  ('u5', '会议', 1),
  ('u6', '提案', 2);
"""


def fixture_warehouse_file(path: Path) -> Path:
    """The fixture warehouse written to the DuckDB file `path`."""
    con = duckdb.connect(str(path))
    try:
        fill_fixture_warehouse(con)
    finally:
        con.close()
    return path


def fill_fixture_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    create_schema(con)
    for doc, (name, text) in DOCUMENTS.items():
        con.execute("INSERT INTO documents (document_id, file_name, size_bytes, encoding, loaded_at, text) VALUES (?, ?, 10, 'utf-8', now(), ?)", [doc, name, text])
    con.execute(UNITS)
    for unit, body, metric, value, qualifier, doc, evidence in FACTS:
        start = DOCUMENTS[doc][1].index(evidence)
        con.execute("INSERT INTO facts VALUES (?, ?, ?, ?, ?, 'stated', NULL, ?, ?, ?)",
                    [unit, metric, body, value, qualifier, evidence, start, start + len(evidence)])
    con.execute(TOPICS)
    refresh_figures(con)
