import io
import re

import opencc
import pytest

from etl.extract import extract_document
from etl.reading import UnreadableFile, read_document

REPORT = ("白城市人民代表大会常务委员会工作报告\n各位代表:\n2022年工作回顾\n"
          "2022年,常委会召开常委会会议5次,听取和审议工作报告9项,任免国家机关工作人员64人次。\n")


def test_utf8_with_and_without_bom(tmp_path):
    for name, data in [("a.txt", REPORT.encode("utf-8")), ("b.txt", b"\xef\xbb\xbf" + REPORT.encode("utf-8"))]:
        (tmp_path / name).write_bytes(data)
        doc = read_document(tmp_path / name)
        assert doc.text == REPORT


def test_gbk_file(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(REPORT.encode("gbk"))
    doc = read_document(path)
    assert doc.text == REPORT
    assert doc.encoding == "gb18030"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file(tmp_path, codec):
    path = tmp_path / "u16.txt"
    path.write_bytes(REPORT.encode(codec))
    assert read_document(path).text == REPORT


def test_full_width_digits_and_punctuation_fold(tmp_path):
    path = tmp_path / "fw.txt"
    path.write_text("召开常委会会议５次，听取报告１２项。", encoding="utf-8")
    assert read_document(path).text == "召开常委会会议5次,听取报告12项。"


def test_html_reduced_to_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>t</title><script>var x=1;</script></head><body>"
                    "<h1>白城市人民代表大会常务委员会工作报告</h1><p>召开常委会会议<b>5</b>次</p></body></html>",
                    encoding="utf-8")
    text = read_document(path).text
    assert "var x" not in text
    assert "召开常委会会议5次" in text
    assert "白城市人民代表大会常务委员会工作报告\n" in text


def test_docx(tmp_path):
    import docx

    d = docx.Document()
    for line in REPORT.splitlines():
        d.add_paragraph(line)
    path = tmp_path / "report.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.encoding == "docx"
    units = extract_document(doc)
    assert units[0]["metrics"]["sessions"]["value"] == 5


def _minimal_pdf(text: str) -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    stream = f"BT /F1 12 Tf 10 50 Td ({text}) Tj ET".encode()
    objs[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def test_pdf_text_layer(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(_minimal_pdf("Work report 2022"))
    doc = read_document(path)
    assert doc.encoding == "pdf"
    assert "Work report 2022" in doc.text


def test_traditional_text_extracts_like_its_simplified_twin(tmp_path, corpus_files):
    source = next(f for f in corpus_files if f.name.startswith("001_"))
    simplified = "\n".join(source.read_text(encoding="utf-8").split("\n")[:72])
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    (tmp_path / "simplified.txt").write_text(simplified, encoding="utf-8")
    (tmp_path / "traditional.txt").write_text(traditional, encoding="utf-8")
    twin = [extract_document(read_document(tmp_path / n)) for n in ("simplified.txt", "traditional.txt")]
    summary = [[(u["city"], u["adcode"], u["period_end"], {k: m["value"] for k, m in u["metrics"].items()})
                for u in units] for units in twin]
    assert summary[0] == summary[1]
    assert summary[0][0][3]  # the unit does have metrics


def test_evidence_offsets_point_into_normalised_text(tmp_path):
    path = tmp_path / "fw.txt"
    path.write_text(REPORT.replace("5次", "５次").replace(",", "，"), encoding="utf-8")
    doc = read_document(path)
    for unit in extract_document(doc):
        for m in unit["metrics"].values():
            assert doc.text[m["start"]:m["end"]] == m["evidence"]


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (bytes(range(256)) * 8, "")])
def test_unreadable_files_say_why(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as e:
        read_document(path)
    assert reason in str(e.value)


def test_broken_docx_is_unreadable(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFile, match="docx"):
        read_document(path)


def test_html_keeps_only_what_a_reader_sees(tmp_path):
    # one count in each kind of element a reader never sees; the only visible one says 5
    hidden = {"hidden attribute": '<p hidden>召开常委会会议91次。</p>',
              "aria-hidden": '<div aria-hidden="true">召开常委会会议92次。</div>',
              "display:none": '<p style="color: red; display : none">召开常委会会议93次。</p>',
              "visibility:hidden": '<span style="VISIBILITY:hidden">召开常委会会议94次。</span>',
              "textarea": '<textarea>召开常委会会议95次。</textarea>',
              "input": '<input type="text" value="召开常委会会议96次。">',
              "select and option": '<select><option>召开常委会会议97次。</option></select>',
              "button": '<button>召开常委会会议98次。</button>',
              "template": '<template><p>召开常委会会议99次。</p></template>',
              "script": '<script>document.write("召开常委会会议90次。")</script>'}
    path = tmp_path / "page.html"
    path.write_text("<html><body><h1>白城市人民代表大会常务委员会工作报告</h1><p>各位代表:</p><p>2022年工作回顾</p>"
                    + "".join(hidden.values()) + "<p>2022年,召开常委会会议5次。</p></body></html>", encoding="utf-8")
    doc = read_document(path)
    leaked = [kind for kind, html in zip(hidden, hidden.values()) if re.search(r"9\d次", html).group() in doc.text]
    assert leaked == []
    assert "召开常委会会议5次" in doc.text
    assert [u["metrics"]["sessions"]["value"] for u in extract_document(doc)] == [5]


def test_one_stray_byte_is_replaced_and_reported(tmp_path):
    data = REPORT.encode("utf-8")
    at = data.index("召开".encode("utf-8"))   # before the sentence with the figures
    path = tmp_path / "stray.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    doc = read_document(path)
    assert doc.encoding == "utf-8" and doc.text == REPORT[:REPORT.index("召开")] + "\ufffd" + REPORT[REPORT.index("召开"):]
    assert len(doc.warnings) == 1 and "1 byte" in doc.warnings[0] and f"byte {at}" in doc.warnings[0]
    assert extract_document(doc)[0]["metrics"]["sessions"]["value"] == 5


def test_a_gbk_download_cut_mid_character_is_read(tmp_path):
    data = (REPORT * 20).encode("gbk")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-4])   # the last line end, full stop and half of the 次 before them
    doc = read_document(path)
    assert doc.encoding == "gb18030" and doc.text.startswith(REPORT)
    assert "1 byte" in doc.warnings[0] and f"byte {len(data) - 5}" in doc.warnings[0]


def test_a_text_mostly_undecodable_is_still_refused(tmp_path):
    data = bytearray(REPORT.encode("utf-8") * 20)
    data[::7] = b"\xff" * len(data[::7])   # one byte in seven broken
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile, match="cannot be decoded"):
        read_document(path)


def _encrypted_pdf(text: str, user_password: str, algorithm: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(_minimal_pdf(text))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(tmp_path, algorithm):
    # an owner password restricts printing or copying; every viewer opens the file without asking
    path = tmp_path / "restricted.pdf"
    path.write_bytes(_encrypted_pdf("Work report 2022", "", algorithm))
    assert b"/Encrypt" in path.read_bytes()
    assert "Work report 2022" in read_document(path).text


def test_pdf_that_asks_for_a_password_says_what_to_do(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf("Work report 2022", "user-secret", "AES-128"))
    with pytest.raises(UnreadableFile, match="password-protected: open it and save an unprotected copy"):
        read_document(path)
