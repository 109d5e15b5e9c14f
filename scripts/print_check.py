#!/usr/bin/env python3
"""How a report prints: pages per sheet and the printed size of its type.

    scripts/print_check.py REPORT.pdf

Make the PDF with LibreOffice (`soffice --headless --convert-to pdf REPORT.xlsx`) on a
machine with `fonts-noto-cjk` and `fonts-crosextra-carlito` (Calibri's metric twin,
so column widths print as in Excel). A page belongs to the sheet whose title it
shows, else to the sheet before it. The type size is the width of a Chinese glyph of
the sheet's body (a CJK glyph is one em wide); English pages are not measured. Scorecards
under 9 pt (SPEC §6.2 asks ≥ 9 on the scorecard, ≥ 8 elsewhere) are counted.
"""
import re
import subprocess
import sys
from collections import OrderedDict

TITLES = [
    ("排名", r"绩效考评排名"), ("考评表", r"绩效考评表"), ("一级…五级", r"^2026年\d+月 [一二三四五]级|^\d{4}年\d+月 [一二三四五]级"),
    ("扣分明细", r"扣分明细"), ("指标", r"^指标"), ("数据检查", r"数据检查"), ("来源", r"^来源|\d+月 来源"),
]
PROBES = {"排名": "名次", "考评表": "项次", "一级…五级": "名次", "扣分明细": "工号", "指标": "工号", "数据检查": "级别", "来源": "路径"}


def page_text(pdf, p, bbox=False):
    args = ["pdftotext", "-f", str(p), "-l", str(p)] + (["-bbox"] if bbox else []) + [pdf, "-"]
    return subprocess.run(args, capture_output=True, text=True).stdout


def main(pdf):
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout)[1])
    sheets = OrderedDict()
    current = "?"
    for p in range(1, pages + 1):
        head = "\n".join(page_text(pdf, p).splitlines()[:4])
        for name, pattern in TITLES:
            if re.search(pattern, head, re.M):
                current = name
                break
        probe = PROBES.get(current)
        size = None
        if probe:
            m = re.search(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>' + probe + "<", page_text(pdf, p, True))
            if m:
                size = (float(m[2]) - float(m[1])) / len(probe)
        entry = sheets.setdefault(current, {"pages": 0, "sizes": []})
        entry["pages"] += 1
        if size:
            entry["sizes"].append(size)
    print(f"{'sheet':10} pages  type (pt)")
    for name, e in sheets.items():
        sizes = e["sizes"]
        lo, hi = (f"{min(sizes):.1f}", f"{max(sizes):.1f}") if sizes else ("—", "—")
        shown = lo if lo == hi else f"{lo}–{hi}"
        small = sum(1 for x in sizes if x < 8.95)
        if small and name == "考评表":
            shown += f" ({small} of {len(sizes)} pages under 9)"
        print(f"{name:10} {e['pages']:5}  {shown}")
    print(f"{'total':10} {pages:5}")


if __name__ == "__main__":
    main(sys.argv[1])
