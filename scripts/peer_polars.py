#!/usr/bin/env python3
"""The Python peer of the benchmark (issue 15): the script a Python user would write.

    scripts/peer_polars.py MONTH_DIR OUT.xlsx

polars with fastexcel (calamine's Rust reader) reads the month as `kaoping sample` writes
it (title row, header row; the agents' sheet has one more note row), a straightforward
vectorised scorer computes the ten items of SPEC §4 with the default rules, ranks and
tiers by score, and XlsxWriter writes a ranking sheet and one scorecard sheet per PM
(ten items with their scores and maxes, the total, rank, tier, bonus) — the same kind of
work as kaoping's report, with far less in it: no checks, no reasons, no merged cells,
no notes, no print setup. It is the floor of what a user would accept, not a rival report.

What it leaves out of §4 (so its totals are close to kaoping's, not equal): the premise
rule of items 4 and 6, the per-part caps, adjustments (人工扣分), items 8b/8c by
project-day, and rounding of each deduction before summing. Measured with
polars 2.1.0, fastexcel 0.21.0, XlsxWriter 3.3.1.
"""
import sys
from pathlib import Path

import polars as pl
import xlsxwriter

NEW_DAYS = 30


def sheet(path, name, header_row=1):
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    return reader.load_sheet_by_name(name, header_row=header_row).to_polars()


def clean(df):
    """Names without units: `计划业务量(元)` → `计划业务量`."""
    return df.rename({c: c.split("(")[0] for c in df.columns})


def num(col):
    return pl.col(col).cast(pl.Float64, strict=False).fill_null(0.0)


def relative(df, col, part_max):
    best = df[col].max()
    if best is None or best <= 0:
        return pl.lit(0.0)
    return part_max * (1 - pl.col(col).clip(lower_bound=0) / best)


def main(month_dir, out):
    d = Path(month_dir)
    import datetime

    d0, d1 = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    pms = clean(sheet(d / "运营部.xlsx", "项目经理")).filter(pl.col("项目经理工号").str.starts_with("P"))
    agents = clean(sheet(d / "运营部.xlsx", "座席月度数据", header_row=2))
    agents = agents.filter(pl.col("座席工号").is_not_null() & ~pl.col("座席工号").cast(pl.Utf8).str.contains("合计"))
    projects = clean(sheet(d / "市场部.xlsx", "项目")).filter(pl.col("项目编号").str.starts_with("XM"))
    events = clean(sheet(d / "市场部.xlsx", "合作方质量事件"))
    qa = clean(sheet(d / "质检.xlsx", "日常抽检")).filter(pl.col("项目编号").is_not_null())
    tasks = clean(sheet(d / "增值部.xlsx", "上级交办工作"))
    reviews = clean(sheet(d / "增值部.xlsx", "综合评价"))

    def date(col):
        dtype = agents.schema[col]
        if dtype == pl.Utf8:
            return pl.col(col).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        if dtype == pl.Date:
            return pl.col(col)
        if isinstance(dtype, pl.Datetime):
            return pl.col(col).dt.date()
        return pl.lit(None, dtype=pl.Date)

    agents = agents.with_columns(hire=date("入职日期"), leave=date("离职日期")).join(
        projects.select("项目编号", "项目经理工号"), on="项目编号"
    )
    present = agents.filter((pl.col("hire") <= d1) & (pl.col("leave").is_null() | (pl.col("leave") >= d0)))
    present = present.with_columns(
        eligible=(pl.lit(d1) - pl.col("hire")).dt.total_days() >= NEW_DAYS,
        staying=pl.col("leave").is_null() | (pl.col("leave") > d1),
        in_pool=(pl.min_horizontal(pl.col("leave").fill_null(d1), pl.lit(d1)) - pl.col("hire")).dt.total_days() >= NEW_DAYS,
    )
    lost = events.join(projects.select("项目编号", "项目经理工号"), on="项目编号").group_by("项目经理工号").agg(
        lost=num("损失业务量").sum(),
        ev_points=pl.col("事件类型").replace_strict({"终止": 15.0, "暂停": 10.0, "处罚": 5.0, "投诉": 2.0}, default=0.0).sum(),
        veto=pl.col("事件类型").is_in(["终止", "暂停"]).any() | (pl.col("严重") == "是").any(),
    )
    per = present.group_by("项目经理工号").agg(
        revenue=num("营业收入").sum(),
        agents=pl.len(),
        ot=num("加班时长").sum(),
        attended=(num("实际出勤天数") + num("加班出勤天数")).sum(),
        scheduled=(num("应出勤天数") + num("加班排班天数")).sum(),
        staff=pl.col("staying").sum(),
        pool=pl.col("in_pool").sum(),
        leavers=(pl.col("in_pool") & pl.col("leave").is_not_null() & (pl.col("leave") <= d1)).sum(),
        elig=pl.col("eligible").sum(),
        elig_succ=num("成功订制量").filter(pl.col("eligible")).sum(),
        elig_rev=num("营业收入").filter(pl.col("eligible")).sum(),
    )
    plan = projects.group_by("项目经理工号").agg(plan=num("计划业务量").sum(), seats=num("座席数").sum())
    qa_pm = qa.join(projects.select("项目编号", "项目经理工号"), on="项目编号").group_by("项目经理工号").agg(
        checked=num("抽检数").sum(), errors=num("分类错误数").sum()
    )
    task_pm = tasks.group_by("项目经理工号").agg(
        t_points=pl.col("完成情况").replace_strict({"延期完成": 1.0, "未完成": 2.0}, default=0.0).sum()
    )
    rev = reviews.with_columns(s=num("评分")).group_by("项目经理工号").agg(
        n=pl.len(), total=pl.col("s").sum(), hi=pl.col("s").max(), lo=pl.col("s").min()
    )
    rev = rev.with_columns(
        avg=pl.when(pl.col("n") >= 5)
        .then((pl.col("total") - pl.col("hi") - pl.col("lo")) / (pl.col("n") - 2))
        .otherwise(pl.col("total") / pl.col("n"))
    )
    df = pms.select("项目经理工号", "姓名", base=num("奖金基数"))
    for t in (per, plan, lost, qa_pm, task_pm, rev.select("项目经理工号", "avg")):
        df = df.join(t, on="项目经理工号", how="left")
    df = df.fill_null(0).with_columns(
        volume=pl.col("revenue") - pl.col("lost"),
        pc_succ=pl.when(pl.col("elig") > 0).then(pl.col("elig_succ") / pl.col("elig")).otherwise(0.0),
        pc_rev=pl.when(pl.col("elig") > 0).then(pl.col("elig_rev") / pl.col("elig")).otherwise(0.0),
        ot_pc=pl.when(pl.col("agents") > 0).then(pl.col("ot") / pl.col("agents")).otherwise(0.0),
    )
    clip = lambda e, m: pl.min_horizontal(pl.max_horizontal(e, pl.lit(0.0)), pl.lit(m))
    df = df.with_columns(
        i1=5 - clip((100 - 100 * pl.col("volume") / pl.col("plan")) * 0.25, 5),
        i2=5 - clip(relative(df, "volume", 5), 5),
        i3=10 - clip(relative(df, "pc_succ", 5) + relative(df, "pc_rev", 5), 10),
        i4=10 - clip(relative(df, "ot_pc", 10), 10),
        i5=10
        - clip((98 - 100 * pl.col("attended") / pl.col("scheduled")) * 0.5, 5)
        - clip((100 * pl.col("leavers") / pl.col("pool").clip(lower_bound=1) - 3) * 0.5, 5),
        i6=10 - clip(relative(df, "staff", 5) + relative(df, "seats", 5), 10),
        i7=15 - clip(pl.col("ev_points"), 15),
        i8=15 - clip((100 * pl.col("errors") / pl.col("checked").clip(lower_bound=1) - 1) * 2, 10),
        i9=5 - clip(pl.col("t_points"), 5),
        i10=15 - clip(15 * (1 - pl.col("avg") / 100), 15),
    )
    items = [f"i{k}" for k in range(1, 11)]
    df = df.with_columns([pl.col(c).round(2) for c in items]).with_columns(total=pl.sum_horizontal(items).round(2))
    df = df.sort(["total", "项目经理工号"], descending=[True, False]).with_columns(
        rank=pl.col("total").rank("min", descending=True).cast(pl.Int64),
        tier=pl.when(pl.col("veto")).then(5)
        .when(pl.col("total") >= 90).then(1)
        .when(pl.col("total") >= 80).then(2)
        .when(pl.col("total") >= 70).then(3)
        .otherwise(4),
    )
    mult = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.0}
    df = df.with_columns(bonus=(pl.col("base") * pl.col("tier").replace_strict(mult, default=0.0)).round(2))

    wb = xlsxwriter.Workbook(out)
    bold = wb.add_format({"bold": True})
    score = wb.add_format({"num_format": "0.00"})
    ws = wb.add_worksheet("排名")
    head = ["名次", "工号", "姓名"] + [f"第{k}项" for k in range(1, 11)] + ["总分", "档次", "奖金"]
    ws.write_row(0, 0, head, bold)
    rows = df.select(["rank", "项目经理工号", "姓名"] + items + ["total", "tier", "bonus"]).rows()
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row[:3])
        for c, v in enumerate(row[3:], start=3):
            ws.write_number(r, c, v, score)
    maxes = [5, 5, 10, 10, 10, 10, 15, 15, 5, 15]
    for row in rows:
        card = wb.add_worksheet(f"考评表-{row[1]}"[:31])
        card.write_row(0, 0, ["项次", "满分", "得分"], bold)
        for k in range(10):
            card.write_row(k + 1, 0, [k + 1, maxes[k]])
            card.write_number(k + 1, 2, row[3 + k], score)
        card.write_row(11, 0, ["合计", 100, row[13]])
        card.write_row(12, 0, ["名次", row[0], "档次", row[14], "奖金", row[15]])
    wb.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
