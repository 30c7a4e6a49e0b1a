"""Report files made by the tests: a .docx and a text-layer .pdf of given lines.

The PDF is written by hand: a Type0 font with Identity-H encoding, each character's code its own
Unicode value, and a ToUnicode map saying so, so that any PDF reader extracts the text exactly
(the glyphs are a viewer's substitute: the font is named, not embedded). Long lines wrap at a fixed
width, as a PDF's text layer does. Hostile files for the limits' tests come from the same writers: a PDF
of many pages, a PDF whose content stream decompresses to much more than it stores, a .docx whose XML
is huge.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

PDF_LINE_CHARS = 38     # characters per printed line: the text layer breaks lines here


def write_docx(lines: list[str], path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def write_docx_with_xml(path: Path, paragraphs: int) -> Path:
    """A .docx whose document.xml holds `paragraphs` paragraphs (about 40 bytes of XML each)."""
    write_docx(["召开常委会会议5次。"], path)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    body = b"<w:p><w:r><w:t>\xe5\x8f\xac\xe5\xbc\x80</w:t></w:r></w:p>" * paragraphs
    head, tail = parts["word/document.xml"].split(b"<w:body>", 1)
    parts["word/document.xml"] = head + b"<w:body>" + body + tail
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def write_pdf(lines: list[str], path: Path, pages: int = 1, padding: int = 0) -> Path:
    """The lines on one page, repeated on `pages` pages; `padding` spaces after them in the content
    stream, which is then Flate-compressed (a megabyte of spaces stores in a kilobyte)."""
    printed = [line[i:i + PDF_LINE_CHARS] for line in lines for i in range(0, max(len(line), 1), PDF_LINE_CHARS)]
    content = ["BT /F1 10 Tf 12 TL 40 800 Td"]
    for line in printed:
        content.append("<" + "".join(f"{ord(ch):04X}" for ch in line) + "> Tj T*")
    content.append("ET")
    stream, filters = "\n".join(content).encode("ascii"), b""
    if padding:
        compressor = zlib.compressobj(9)
        chunk = b" " * 1_000_000
        packed = [compressor.compress(stream)]
        packed += [compressor.compress(chunk[:min(len(chunk), padding - done)]) for done in range(0, padding, len(chunk))]
        stream, filters = b"".join(packed) + compressor.flush(), b" /Filter /FlateDecode"
    kids = b" ".join(b"%d 0 R" % (8 + n) for n in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    to_unicode = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                  b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                  b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
                  b"endcmap CMapName currentdict /CMap defineresource pop end end")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< >>",   # unused: pages are objects 8 onwards
        b"<< /Length %d%s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(to_unicode) + to_unicode + b"\nendstream",
        *[page] * pages,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path
