"""A report extracts the same figures from its .txt, .docx and .pdf (a PDF's text layer wraps lines)."""
import pytest

from documents import write_docx, write_pdf
from etl.extract import extract_document
from etl.reading import read_document

REPORT = [
    "宜昌市人民代表大会常务委员会工作报告",
    "——2024年1月9日在宜昌市第七届人民代表大会第四次会议上",
    "各位代表：",
    "2023年工作回顾",
    "2023年，市人大常委会在市委的坚强领导下，依法履行各项职权，全年召开常委会会议8次、主任会议16次，"
    "制定地方性法规2件，听取和审议专项工作报告24项，开展执法检查5次、专题询问2次，作出决议决定11项，"
    "任免国家机关工作人员96人次，办结代表建议412件。",
    "2024年工作安排",
    "2024年，常委会拟开展执法检查6次。",
]


def figures(path):
    units = extract_document(read_document(path))
    return [(u["city"], u["period_start"], u["period_end"], {k: m["value"] for k, m in u["metrics"].items()})
            for u in units]


@pytest.fixture
def txt_figures(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("\n".join(REPORT), encoding="utf-8")
    got = figures(path)
    assert got[0][0] == "宜昌市" and got[0][3]["sessions"] == 8 and "inspections" in got[0][3]
    return got


def test_docx_extracts_like_txt(tmp_path, txt_figures):
    assert figures(write_docx(REPORT, tmp_path / "report.docx")) == txt_figures


def test_pdf_extracts_like_txt(tmp_path, txt_figures):
    path = write_pdf(REPORT, tmp_path / "report.pdf")
    assert read_document(path).encoding == "pdf"
    assert figures(path) == txt_figures
