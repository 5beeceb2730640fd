"""The short summary a văn phòng pastes into its báo cáo sơ kết, as Markdown and as .docx.

Both are rendered from one list of blocks, so they always say the same thing. The blocks hold
plain text (unit and file names as the units wrote them); the Markdown escapes all of it.
"""
from __future__ import annotations

from pathlib import Path

from ..escape import markdown_text as md
from .report import NOT_REPORTED, MergeReport
from .rollup import target_label

ERRORS_SHOWN = 15


def summary_blocks(report: MergeReport) -> list[tuple]:
    units = [u.unit for u in report.merged_units]
    title = f"Tổng hợp tình hình thực hiện {report.document or 'văn bản'}"
    intro = (f"Số liệu tổng hợp ngày {report.as_of:%d/%m/%Y} từ bảng theo dõi của {len(units)} đơn vị: "
             f"{', '.join(units)}.")
    if report.errors:
        intro += f" Có {len(report.errors)} lỗi dữ liệu chưa được tính (xem mục Lỗi dữ liệu)."
    blocks: list[tuple] = [("h1", title), ("p", intro)]
    blocks += target_blocks(report, len(units)) + task_blocks(report, len(units)) + error_blocks(report)
    return blocks


def target_blocks(report: MergeReport, n_units: int) -> list[tuple]:
    targets = report.targets
    all_met = sum(1 for t in targets if n_units and t.on_track == n_units)
    under_half = sum(1 for t in targets if t.share < 0.5)
    silent = sum(1 for t in targets if all(r.on_track is None for r in t.results))
    rows = []
    for n, t in enumerate(targets, start=1):
        total = f"{t.total:g} ({'đạt' if t.total_meets else 'chưa đạt'})" if t.total is not None else ""
        rows.append([str(n), short(t.item.text), target_label(t.item),
                     f"{t.on_track}/{n_units} ({t.share:.0%})", total])
    return [
        ("h2", "1. Kết quả thực hiện các chỉ tiêu"),
        ("p", f"Trong {len(targets)} chỉ tiêu: {all_met} chỉ tiêu tất cả các đơn vị đạt hoặc đúng tiến độ; "
              f"{under_half} chỉ tiêu dưới một nửa số đơn vị đạt; {silent} chỉ tiêu chưa có đơn vị nào báo cáo."),
        ("table", ["TT", "Chỉ tiêu", "Mức", "Đơn vị đạt", "Tổng các đơn vị"], rows, [1.2, 13.5, 4.5, 3.5, 3.5]),
    ]


def task_blocks(report: MergeReport, n_units: int) -> list[tuple]:
    totals = {s: sum(len(t.statuses.get(s, [])) for t in report.tasks) for s in
              ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không đạt", NOT_REPORTED)}
    counted = "; ".join(f"{k.lower()}: {v}" for k, v in totals.items())
    overdue = [t for t in report.tasks if t.overdue]
    blocks: list[tuple] = [
        ("h2", "2. Thực hiện các nhiệm vụ"),
        ("p", f"{len(report.tasks)} nhiệm vụ × {n_units} đơn vị — {counted}."),
        ("p", f"Nhiệm vụ quá hạn chưa hoàn thành: {len(overdue)}." if overdue else "Không có nhiệm vụ quá hạn."),
    ]
    if overdue:
        blocks.append(("list", [
            f"Mục {t.item.section or '—'}: {short(t.item.text)} (hạn {t.due:%d/%m/%Y}) — chưa hoàn thành: "
            f"{', '.join(t.overdue_units)}" for t in overdue]))
    return blocks


def error_blocks(report: MergeReport) -> list[tuple]:
    if not report.errors:
        return []
    lines = [str(e) for e in report.errors[:ERRORS_SHOWN]]
    if len(report.errors) > ERRORS_SHOWN:
        lines.append(f"… và {len(report.errors) - ERRORS_SHOWN} lỗi khác (xem sheet Lỗi của bảng tổng hợp).")
    return [("h2", "3. Lỗi dữ liệu cần đơn vị sửa"), ("list", lines)]


def short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_markdown(blocks: list[tuple]) -> str:
    out: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2"):
            out += [("# " if kind == "h1" else "## ") + md(block[1]), ""]
        elif kind == "p":
            out += [md(block[1]), ""]
        elif kind == "list":
            out += [f"- {md(line)}" for line in block[1]] + [""]
        elif kind == "table":
            header, rows = block[1], block[2]
            out.append("| " + " | ".join(md(h) for h in header) + " |")
            out.append("|" + "---|" * len(header))
            out += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
            out.append("")
    return "\n".join(out)


def write_docx(blocks: list[tuple], path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2"):
            doc.add_heading(block[1], level=1 if kind == "h1" else 2)
        elif kind == "p":
            doc.add_paragraph(block[1])
        elif kind == "list":
            for line in block[1]:
                doc.add_paragraph(line, style="List Bullet")
        elif kind == "table":
            add_table(doc, block[1], block[2], block[3] if len(block) > 3 else None)
    doc.save(path)


def add_table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float] | None) -> None:
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = widths_cm is None
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    if widths_cm:
        for column, width in zip(table.columns, widths_cm):
            column.width = Cm(width)  # the grid LibreOffice reads
        for row in table.rows:  # the cell widths Word reads
            for cell, width in zip(row.cells, widths_cm):
                cell.width = Cm(width)
