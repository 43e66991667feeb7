"""The block finder of tests/docs/mdblocks.py on small Markdown texts: what
code_blocks.py trusts to find every block (run as TAP by extractor.t)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mdblocks  # noqa: E402


def found(text):
    return [(b.line, b.tag, b.indented, b.body, b.skip)
            for b in mdblocks.blocks("x.md", text)]


class Fenced(unittest.TestCase):
    def test_tag_body_and_line(self):
        self.assertEqual(found("Text.\n\n```sh\necho hi\n```\n"),
                         [(3, "sh", False, "echo hi\n", None)])

    def test_no_tag(self):
        self.assertEqual(found("```\nx\n```\n"), [(1, None, False, "x\n", None)])

    def test_info_string_first_word_lower_case(self):
        self.assertEqual(found("```Python title=a.py\nx\n```\n")[0][1], "python")

    def test_tilde_and_longer_fence(self):
        text = "~~~js\na\n~~~\n\n````text\n```\n````\n"
        self.assertEqual(found(text), [(1, "js", False, "a\n", None),
                                       (5, "text", False, "```\n", None)])

    def test_fence_in_a_list_item_loses_its_indent(self):
        text = "- step:\n\n  ```sh\n  echo a\n    echo b\n  ```\n"
        self.assertEqual(found(text), [(3, "sh", False, "echo a\n  echo b\n", None)])

    def test_indented_lines_inside_a_fence_are_not_a_second_block(self):
        text = "```c\nint x;\n\n    int y;\n```\n"
        self.assertEqual(len(found(text)), 1)

    def test_unclosed_fence_runs_to_the_end(self):
        self.assertEqual(found("```sh\necho a\n"), [(1, "sh", False, "echo a\n\n", None)])


class Indented(unittest.TestCase):
    def test_indented_block_after_blank_line(self):
        self.assertEqual(found("Run:\n\n    qr-cli x\n    qr-cli y\n\nDone.\n"),
                         [(3, None, True, "qr-cli x\nqr-cli y\n", None)])

    def test_blank_line_inside_an_indented_block(self):
        self.assertEqual(found("\n    a\n\n    b\n")[0][3], "a\n\nb\n")

    def test_paragraph_continuation_is_not_code(self):
        self.assertEqual(found("A line\n    continued.\n"), [])

    def test_list_continuation_is_not_code(self):
        text = "- item one\n\n  more of item one\n\n1. first\n\n   more of it\n"
        self.assertEqual(found(text), [])

    def test_code_inside_a_list_item(self):
        text = "- item\n\n      qr-cli x\n"
        self.assertEqual(found(text), [(3, None, True, "qr-cli x\n", None)])

    def test_after_the_list_ends(self):
        text = "- item\n\nParagraph.\n\n    code\n"
        self.assertEqual(found(text), [(5, None, True, "code\n", None)])

    def test_table_and_html_are_not_code(self):
        self.assertEqual(found("| a | b |\n|---|---|\n| 1 | 2 |\n\n<br>\n"), [])


class Skip(unittest.TestCase):
    def test_reason(self):
        text = "<!-- doc-test: skip: needs a server -->\n```sh\ncurl x\n```\n"
        self.assertEqual(found(text)[0][4], "needs a server")

    def test_blank_line_between_marker_and_fence(self):
        text = "<!-- doc-test: skip: fragment -->\n\n```js\nx\n```\n"
        self.assertEqual(found(text)[0][4], "fragment")

    def test_marker_applies_to_one_block(self):
        text = ("<!-- doc-test: skip: a -->\n```sh\nx\n```\n\n```sh\ny\n```\n")
        self.assertEqual([b[4] for b in found(text)], ["a", None])

    def test_marker_before_prose_is_dangling(self):
        text = "<!-- doc-test: skip: a -->\nSome prose.\n\n```sh\nx\n```\n"
        self.assertIsNone(found(text)[0][4])
        self.assertEqual(mdblocks.dangling_skips(text), [1])

    def test_marker_right_before_a_fence_is_not_dangling(self):
        self.assertEqual(mdblocks.dangling_skips(
            "<!-- doc-test: skip: a -->\n\n```sh\nx\n```\n"), [])

    def test_other_html_comments_are_ignored(self):
        text = "<!--\n    not code\n-->\n\n```sh\nx\n```\n"
        self.assertEqual(found(text), [(5, "sh", False, "x\n", None)])


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
    import tap_unittest
    tap_unittest.main()
