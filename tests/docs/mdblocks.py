"""Code blocks of a Markdown file, as tests/docs/code_blocks.py sees them.

A fenced block (``` or ~~~, indented up to three spaces past the list item
it sits in) gives its info string's first word as the tag; an indented code
block (four spaces past the enclosing list item's content, after a blank
line) is returned with tag None and indented=True, so the test can fail it.
A block whose opening fence follows the line
``<!-- doc-test: skip: REASON -->`` (blank lines allowed between) carries
that reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

FENCE = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")
LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
SKIP = re.compile(r"^\s*<!--\s*doc-test:\s*skip:\s*(.*?)\s*-->\s*$")
HTML_COMMENT_OPEN = re.compile(r"^\s*<!--")


@dataclass
class Block:
    path: str
    line: int                 # 1-based line of the opening fence / first code line
    tag: Optional[str]        # None: no tag (or an indented block)
    indented: bool
    body: str
    skip: Optional[str] = None
    info: str = ""
    extra: List[str] = field(default_factory=list)


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def blocks(path: str, text: str) -> List[Block]:
    lines = text.split("\n")
    out: List[Block] = []
    i = 0
    n = len(lines)
    # Content indents of the open list items, innermost last.
    lists: List[int] = []
    prev_blank = True          # start of file counts as after a blank line
    prev_para = False          # previous line was paragraph text
    pending_skip: Optional[str] = None
    in_html_comment = False
    while i < n:
        line = lines[i]
        raw = line.expandtabs(4)
        if in_html_comment:
            if "-->" in raw:
                in_html_comment = False
            i += 1
            continue
        if raw.strip() == "":
            prev_blank = True
            prev_para = False
            i += 1
            continue
        ind = _indent(raw)
        # Leaving list items whose content is not indented this far,
        # after a blank line (a lazy continuation keeps them open).
        if prev_blank:
            while lists and ind < lists[-1]:
                lists.pop()
        base = lists[-1] if lists else 0
        m = FENCE.match(raw[base:] if ind >= base else raw)
        if m and len(m.group(1)) <= 3 and not (m.group(2)[0] == "`" and "`" in m.group(3)):
            fence = m.group(2)
            info = m.group(3).strip()
            tag = info.split()[0].lower() if info else None
            start = i
            fence_indent = base + len(m.group(1)) if ind >= base else len(m.group(1))
            body_lines = []
            i += 1
            while i < n:
                r = lines[i].expandtabs(4)
                cm = re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$",
                              r[fence_indent:] if _indent(r) >= fence_indent else r.lstrip(" "))
                if cm and _indent(r) - fence_indent <= 3:
                    break
                # Strip the fence's own indentation from the body.
                strip = min(_indent(r), fence_indent)
                body_lines.append(r[strip:])
                i += 1
            out.append(Block(path, start + 1, tag, False, "\n".join(body_lines) + "\n",
                             pending_skip, info))
            pending_skip = None
            i += 1
            prev_blank = False
            prev_para = False
            continue
        sm = SKIP.match(raw)
        if sm:
            pending_skip = sm.group(1)   # "" when no reason is given
            i += 1
            continue
        if prev_blank and not prev_para and ind >= base + 4:
            start = i
            body_lines = []
            while i < n:
                r = lines[i].expandtabs(4)
                if r.strip() == "":
                    body_lines.append("")
                elif _indent(r) >= base + 4:
                    body_lines.append(r[base + 4:])
                else:
                    break
                i += 1
            while body_lines and body_lines[-1] == "":
                body_lines.pop()
            out.append(Block(path, start + 1, None, True, "\n".join(body_lines) + "\n",
                             pending_skip))
            pending_skip = None
            prev_blank = True
            prev_para = False
            continue
        if HTML_COMMENT_OPEN.match(raw) and "-->" not in raw:
            in_html_comment = True
            i += 1
            continue
        lm = LIST_ITEM.match(raw)
        if lm:
            content = len(lm.group(1)) + len(lm.group(2)) + max(1, len(lm.group(3)))
            if len(lm.group(3)) > 4:   # "-     code": content starts one space in
                content = len(lm.group(1)) + len(lm.group(2)) + 1
            while lists and lists[-1] > len(lm.group(1)):
                lists.pop()
            lists.append(content)
        elif prev_blank and not lists:
            pass
        # Any other non-blank line: paragraph, heading, table, HTML.
        # A skip marker applies only to the fence right after it.
        pending_skip = None
        prev_blank = False
        prev_para = not raw.lstrip().startswith("#")
        i += 1
    return out


def dangling_skips(text: str) -> List[int]:
    """Lines (1-based) of skip markers whose next non-blank line is no fence."""
    lines = text.split("\n")
    bad = []
    for i, line in enumerate(lines):
        if SKIP.match(line):
            j = i + 1
            while j < len(lines) and lines[j].strip() == "":
                j += 1
            if j == len(lines) or not re.match(r"^\s*(```|~~~)", lines[j]):
                bad.append(i + 1)
    return bad
