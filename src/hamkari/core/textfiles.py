"""Plain-text table files, shared by the incident importer and `hamkari link`: which delimiter a header line
uses, how many lines a file has. Pure Python, no Django (the matching engine imports it)."""

import codecs

DELIMITERS = (",", ";", "\t", "|")


def encoding_from_head(head: bytes) -> str | None:
    """The encoding the first bytes of a file prove: a UTF-8 or UTF-16 byte-order mark, or UTF-16 without one
    (every other byte NUL). None when they prove nothing: the caller tries UTF-8, then legacy code pages."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def sniff_delimiter(line: str) -> str:
    """The candidate delimiter that occurs most often in the header line, outside quotes (comma on a tie)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


def count_lines(path) -> int:
    """Newlines in the file, read in 1 MB chunks (an estimate of rows for a progress bar)."""
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            n += chunk.count(b"\n")
    return n


class LineCounter:
    """Feeds csv.reader line by line and knows the physical line number of the line being read (a quoted value
    may span lines, so the reader's own count is not the file's)."""

    def __init__(self, f):
        self.f = f
        self.line = 0

    def __iter__(self):
        return self

    def __next__(self):
        line = self.f.readline()
        if not line:
            raise StopIteration
        self.line += 1
        return line
