#!/usr/bin/env python3
"""Hostile workbooks for measuring `kaoping check` at its limits (issue: hostile input).

    python3 scripts/worst_cases.py OUTDIR
    for f in OUTDIR/*; do /usr/bin/time -v target/release/kaoping check "$f" --month 2026-11 >/dev/null; done

Writes: a 1 GiB zip bomb, 2,000,000 blank formatted rows, a stray cell at XFD1048576,
10,000 columns, a 32,767-character cell, and a ~100 MB agents sheet of 170,000 rows
(stored, so the file itself is ~100 MB), and one of 600,000 rows (past the cell limit).
"""
import os
import sys
import zipfile

HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
TAIL = b"</sheetData></worksheet>"
PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
AGENT_HEADERS = ["座席工号", "项目编号", "入职日期", "离职日期", "应出勤天数", "实际出勤天数", "加班排班天数",
                 "加班出勤天数", "加班时长", "外呼量", "接通量", "成功订制量", "营业收入", "姓名"]


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def text(r, c, t):
    return b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c).encode(), r, t.encode())


def num(r, c, v):
    return b'<c r="%s%d"><v>%s</v></c>' % (col(c).encode(), r, str(v).encode())


def header_row():
    return b'<row r="1">' + b"".join(text(1, c, h) for c, h in enumerate(AGENT_HEADERS)) + b"</row>"


def write(path, rows, method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in PARTS.items():
            z.writestr(name, data)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2026, 11, 1, 0, 0, 0))
        info.compress_type = method
        with z.open(info, "w", force_zip64=True) as f:
            f.write(HEAD)
            for chunk in rows:
                f.write(chunk)
            f.write(TAIL)


def agent_rows(n):
    yield header_row()
    for k in range(n):
        r = k + 2
        cells = [text(r, 0, "A%07d" % k), text(r, 1, "X%04d" % (k % 997)), text(r, 2, "2025-03-01"), b"",
                 num(r, 4, 22), num(r, 5, 21), num(r, 6, 2), num(r, 7, 2), num(r, 8, 10),
                 num(r, 9, 1000), num(r, 10, 400), num(r, 11, 40), num(r, 12, 1234.5), text(r, 13, "座席%d" % k)]
        yield b'<row r="%d">' % r + b"".join(cells) + b"</row>"


def main(out):
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "zip_bomb.xlsx"), (b" " * (1 << 20) for _ in range(1024)), zipfile.ZIP_DEFLATED)
    write(os.path.join(out, "blank_rows_2m.xlsx"),
          [header_row()] + [b'<row r="%d" s="0" customFormat="1"><c r="A%d" s="0"/></row>' % (r, r)
                            for r in range(2, 2_000_002)])
    write(os.path.join(out, "stray_cell_xfd1048576.xlsx"),
          [header_row(), b'<row r="1048576">' + text(1048576, 16383, "x") + b"</row>"])
    write(os.path.join(out, "columns_10000.xlsx"),
          (b'<row r="%d">' % r + b"".join(num(r, c, c) for c in range(10_000)) + b"</row>" for r in range(1, 101)))
    write(os.path.join(out, "cell_32767.xlsx"), [header_row(), b'<row r="2">' + text(2, 13, "长" * 32767) + b"</row>"])
    write(os.path.join(out, "agents_170k_100mb.xlsx"), agent_rows(170_000))
    write(os.path.join(out, "agents_600k_over_limit.xlsx"), agent_rows(600_000), zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kaoping-worst")
