#!/usr/bin/env python3
"""Write the hand-made nasty inputs of the fuzz corpus (stdlib only,
deterministic). Edit this script, not the generated files, and rerun:

    python3 tests/fuzz_corpus/make_corpus.py

Inputs found by fuzzing are committed as they were found, next to these,
with a `found-` prefix; this script never touches them.
"""

import os
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
TARGETS = ["page", "formats", "encoding", "config", "keys", "dates", "search"]

DATE = "Thứ Năm, ngày 31 tháng 12 năm 2020 - 19:20 Đã xem: 38"
PAGE = "Tiêu đề bài báo\n\n" + DATE + "\n\nMột đoạn văn.\n\nTheo Báo Thử\n\nXem tin theo ngày:   / /\n"
ZW = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff\u061c"


def put(target, name, data):
    put_any(target, name, data)


def put_small(target, name, data):
    """Only the inputs under 20 kB."""
    if len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data) < 20000:
        put_any(target, name, data)


def put_any(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def utf16le(units, bom=True):
    out = b"\xff\xfe" if bom else b""
    for u in units:
        out += bytes([u & 0xFF, u >> 8])
    return out


def utf16be(units, bom=True):
    out = b"\xfe\xff" if bom else b""
    for u in units:
        out += bytes([u >> 8, u & 0xFF])
    return out


def text_nasties(t, big):
    """Shared by the page, formats and encoding targets; the large ones
    only for the page target (formats and encoding get them through the
    page layout anyway)."""
    if not big:
        put = put_small
    else:
        put = put_any
    put(t, "hashes-10000.txt", "# title = x\n" * 10000)
    put(t, "bare-hashes-10000.txt", "#\n" * 10000)
    put(t, "single-line-64k.txt", "chữ " * 16384)
    put(t, "no-space-title-100k.txt", "a" * 100000 + "\n\n" + DATE + "\n\nBody.\n")
    put(t, "blank-lines-100k.txt", "Title\n" + "\n" * 100000 + "Body\n")
    put(t, "cr-only-50k.txt", "Title\r" + "x\r" * 50000)
    put(t, "rtl-zero-width-storm.txt",
        (ZW * 3 + "Tiêu\u202eđề" + ZW) + "\n\n" + DATE + "\n\n" + (ZW + "chữ ") * 1000 + "\n")
    put(t, "combining-storm.txt", "Tie\u0302u " + "e" + "\u0301\u0302\u0303\u0323" * 5000 + "\n\n" + DATE + "\n\n" + "a\u0301" * 20000 + "\n")
    put(t, "zwj-emoji.txt", "👩‍👩‍👧‍👦" * 500 + "\n\n" + DATE + "\n\n" + "🇻🇳" * 1000 + "\n")
    put(t, "escape-storm.txt", "Title\x1b[31m\x1b]0;pwned\x07\n\n" + DATE + "\n\n" + "\x1b[2J\x1b[H\x9b31m\x9d8;;http://x\x9c" * 2000 + "\n")
    put(t, "unterminated-osc.txt", "Title\n\n" + DATE + "\n\nText \x1b]0;" + "x" * 100000 + "\n")
    put(t, "c1-controls.txt", "Ti\x85tle\n\n" + DATE + "\n\n" + "".join(chr(c) for c in range(0x80, 0xA0)) * 500 + "\n")
    put(t, "truncated-utf8-end.txt", PAGE.encode() + b"\xe1\xba")
    put(t, "truncated-utf8-middle.txt", b"Ti\xe1\xbau \xc3\n\n" + DATE.encode() + b"\n\n\xf0\x9f\x98 x \xed\xa0\x80\n")
    put(t, "overlong-utf8.txt", b"\xc0\xaf\xe0\x80\xaf\xf8\x88\x80\x80\xaf\n\n" + DATE.encode() + b"\n")
    put(t, "nul-at-end.txt", PAGE.encode() + b"\x00")
    put(t, "nul-at-line-3000.txt", ("line\n" * 2999).encode() + b"\x00\n")
    put(t, "bom-only.txt", b"\xef\xbb\xbf")
    put(t, "bom-twice.txt", b"\xef\xbb\xbf\xef\xbb\xbf" + PAGE.encode())
    put(t, "bom-then-utf16-bom.txt", b"\xef\xbb\xbf\xff\xfe" + PAGE.encode())
    put(t, "utf16le-lone-surrogates.txt", utf16le([0xD800, 0x41, 0xDC00, 0xDBFF, 0x0A, 0xDFFF, 0xD800, 0xD800, 0x0A] * 2000))
    put(t, "utf16be-odd-length.txt", utf16be([ord(c) for c in PAGE]) + b"\xd8")
    put(t, "utf16le-nul-units.txt", utf16le([0] * 5000 + [0x41]))
    put(t, "utf16-bom-only.txt", b"\xff\xfe")
    put(t, "huge-numbers.txt",
        "Title\n\nThứ Năm, ngày 99999999999999999999 tháng 99999999999999999999 năm 99999999999999999999 - 99999999999999999999:99999999999999999999 Đã xem: 99999999999999999999999999\n\nBody\n")
    put(t, "views-u64-max-plus-one.txt", "Title\n\n" + DATE.replace("38", "18446744073709551616") + "\n\nBody\n")
    put(t, "date-edges.txt", "Title\n\nngày 31 tháng 12 năm 262143\n\nngày 0 tháng 0 năm 0\n\n29/02/1900 24:00\n")
    put(t, "date-lines-2000.txt", "Title\n" + (DATE + "\n") * 2000)
    put(t, "theo-lines-10000.txt", "Title\n\n" + DATE + "\n\n" + "Theo Báo\n" * 10000)
    put(t, "chrome-only.txt", "Xem tin theo ngày:   / /\n")
    put(t, "chrome-3000.txt", "Title\n" + "Xem tin theo ngày:\n" * 3000)
    put(t, "weekday-storm.txt", "Title\n\n" + "Thứ Hai, Thứ Ba, Thứ Tư, " * 2000 + "ngày 31 tháng 12 năm 2020\n")
    put(t, "latin1-mostly-controls.txt", bytes(range(1, 32)) * 300 + b"\xe9")
    put(t, "windows-1258-decomposed.txt", b"Ti\xeau \xf0\xec\xea\n\n" + b"ngay 31 thang 12 nam 2020\n\n" + b"Be\xcc\xde\xf2" * 5000 + b"\n")


def formats_only(t):
    put(t, "billion-laughs.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(f' <!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">\n' for i in range(1, 10)).replace("&lol0;", "&lol;")
        + ']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>\n')
    put(t, "external-entity.xml",
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>\n')
    put(t, "deep-nesting-20000.xml", '<?xml version="1.0"?><rss version="2.0"><channel><item><title>deep</title><description>' + "<x>" * 20000 + "y" + "</x>" * 20000 + "</description></item></channel></rss>")
    put(t, "deep-unclosed-20000.rss", '<rss version="2.0"><channel>' + "<item>" * 20000)
    put(t, "deep-html-in-cdata.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title><description><![CDATA['
        + "<div>" * 5000 + "text" + "</div>" * 5000 + "]]></description></item></channel></rss>")
    put(t, "deep-escaped-html.atom",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title type="html">'
        + "&lt;b&gt;" * 5000 + "x</title><content type=\"html\">" + "&lt;blockquote&gt;" * 3000 + "y</content></entry></feed>")
    put(t, "same-guid-2000.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + "<item><guid>same</guid><title>x</title></item>" * 2000 + "</channel></rss>")
    put(t, "no-key-same-title-3000.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + "<item><title>x</title></item>" * 3000 + "</channel></rss>")
    put(t, "guid-tilde-clash.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + "<item><guid>a</guid><title>1</title></item><item><guid>a~2</guid><title>2</title></item><item><guid>a</guid><title>3</title></item><item><guid>a~2</guid><title>4</title></item>"
        + "</channel></rss>")
    put(t, "attributes-5000.xml", '<?xml version="1.0"?><rss version="2.0" ' + " ".join(f'a{i}="{i}"' for i in range(5000)) + '><channel><title>t</title></channel></rss>')
    put(t, "unterminated-cdata.xml", '<?xml version="1.0"?><rss version="2.0"><channel><item><description><![CDATA[' + "x" * 100000)
    put(t, "char-refs.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>&#0;&#xD800;&#1114112;&#99999999999999999999;&#x1b;[31m</title>'
        + "<item><title>&#x202e;&#x200b;&#27;]0;x&#7;</title><description>&amp;amp;amp;lt;script&amp;gt;</description></item></channel></rss>")
    put(t, "huge-dates.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + "<item><title>a</title><pubDate>Mon, 99 Feb 99999999 99:99:99 +9999</pubDate></item>"
        + "<item><title>b</title><pubDate>Fri, 31 Dec 262143 23:59:59 -2359</pubDate></item>"
        + '</channel></rss>')
    put(t, "atom-huge-dates.atom",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>+262143-12-31T23:59:59Z</updated>'
        + "<entry><title>a</title><published>9999-12-31T23:59:59-23:59</published></entry>"
        + "<entry><title>b</title><updated>0000-01-01T00:00:00+23:59</updated></entry></feed>")
    put(t, "xml-decl-utf16-in-utf8.xml", '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>đ</title></channel></rss>')
    put(t, "xml-decl-unterminated.xml", '<?xml version="1.0" encoding="windows-1258"' + " " * 10000)
    put(t, "deep-json-20000.json", "[" * 20000 + "]" * 20000)
    put(t, "deep-json-object.json", '{"version":"https://jsonfeed.org/version/1.1","items":[' + '{"a":' * 10000 + "1" + "}" * 10000 + "]}")
    put(t, "json-unclosed-deep.json", '{"a":' * 20000)
    put(t, "json-huge-numbers.json",
        '{"version":"https://jsonfeed.org/version/1.1","title":1e999999,"items":[{"id":123456789012345678901234567890,"title":-0.0e-99999,"date_published":"99999-99-99T99:99:99Z"}]}')
    put(t, "json-lone-surrogates.json",
        '{"version":"https://jsonfeed.org/version/1.1","title":"\\ud800\\udc00\\udfff","items":[{"id":"\\ud800","title":"\\ud83d","content_text":"\\u0000\\u001b[31m"}]}')
    put(t, "json-items-not-list.json", '{"version":"https://jsonfeed.org/version/1","items":{"a":1}}')
    put(t, "json-2000-items.json",
        '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[' + ",".join('{"id":"x","content_text":"y"}' for _ in range(2000)) + "]}")
    put(t, "header-unclosed-toml.txt", "+++\n" + 'title = "x"\n' * 10000)
    put(t, "header-deep-toml.txt", "+++\ntitle = " + "[" * 5000 + "]" * 5000 + "\n+++\nBody\n")
    put(t, "header-deep-inline-table.txt", "+++\ntitle = \"x\"\nx = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n+++\nBody\n")
    put(t, "header-yaml-10000.md", "---\n" + "title: x\n" * 10000 + "---\nBody\n")
    put(t, "header-colon-long.txt", "Title: " + "x" * 50000 + "\nDate: 31/12/2020\n\nBody\n")
    put(t, "header-bad-dates.txt", "# title = x\n# date = 99999-99-99T99:99:99+99:99\n\nBody\n")
    put(t, "markdown-headings-10000.md", "#" * 10000 + " deep\n\n" + "# h\n" * 10000)
    put(t, "markdown-quotes-10000.md", "> " * 10000 + "deep quote\n")
    put(t, "markdown-emphasis-storm.md", "**_~~`" * 10000 + "\n\n" + "*a" * 20000 + "\n")
    put(t, "markdown-links-storm.md", "[" * 10000 + "x" + "](" * 10000 + "\n\n" + "![" * 5000 + "\n")
    put(t, "markdown-lists-3000.md", "".join("  " * (i % 50) + "- item\n" for i in range(3000)))
    put(t, "markdown-fence-unclosed.md", "# T\n\n```\n" + "code\n" * 10000)
    put(t, "markdown-setext-10000.md", "Title\n" + "===\n---\n" * 5000)
    put(t, "markdown-escapes.md", "\\" * 20000 + "\n\n" + "\\*" * 10000 + "\n")
    put(t, "empty.json", "")
    put(t, "empty.md", "")
    put(t, "whitespace.xml", " \n\t\r\n")


def encoding_only(t):
    put(t, "utf16le-page.txt", utf16le([ord(c) for c in PAGE if ord(c) < 0x10000]))
    put(t, "utf16be-surrogate-pairs.txt", utf16be([0xD83D, 0xDE00] * 5000 + [0xD83D]))
    put(t, "xml-decl-1258.xml", b'<?xml version="1.0" encoding="windows-1258"?>\n<rss><channel><title>Ti\xeau \xf0\xec\xea</title></channel></rss>')
    put(t, "xml-decl-x-user-defined.xml", b'<?xml version="1.0" encoding="x-user-defined"?>\n\xff\xfe\x80')
    put(t, "xml-decl-replacement.xml", b'<?xml version="1.0" encoding="iso-2022-kr"?>\n\xe9\xe9')
    put(t, "xml-decl-quote-mismatch.xml", b"<?xml version=\"1.0\" encoding=\"windows-1258'?>\n\xe9")
    put(t, "all-bytes.bin", bytes(range(1, 256)) * 50)
    put(t, "high-bytes-only.txt", bytes(range(0x80, 0x100)) * 200)
    put(t, "tone-marks-only.txt", b"\xcc\xd2\xde\xec\xf2" * 4000)


def config_nasties(t):
    put(t, "deep-array.toml", "[ui]\nlanguage = " + "[" * 5000 + "]" * 5000 + "\n")
    put(t, "deep-inline-table.toml", "[ui]\nx = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n")
    put(t, "deep-dotted-key.toml", ".".join(["a"] * 5000) + " = 1\n")
    put(t, "deep-table-header.toml", "[" + ".".join(["keys"] * 3000) + "]\n")
    put(t, "huge-integers.toml", "[ui]\nkey_timeout_ms = 99999999999999999999999\n[reader]\nmax_width = -9223372036854775808\nparagraph_spacing = 9223372036854775807\n")
    put(t, "float-edges.toml", "[ui]\nkey_timeout_ms = inf\n[reader]\nmax_width = nan\nparagraph_spacing = 1e308\n")
    put(t, "bindings-3000.toml", "[keys.list]\n" + "".join(f'"C-{chr(0x4E00 + i)}" = "down"\n' for i in range(3000)))
    put(t, "same-key-3000.toml", "[keys.list]\n" + "".join(f'"{"g " * (i % 7)}x{i}" = "down"\n' for i in range(3000)))
    put(t, "long-sequence.toml", '[keys.list]\n"' + "g " * 5000 + 'x" = "down"\n')
    put(t, "modifier-storm.toml", '[keys.list]\n"' + "C-" * 5000 + 'x" = "down"\n')
    put(t, "action-list-10000.toml", "[keys.list]\nx = [" + ", ".join(['"down"'] * 10000) + "]\n")
    put(t, "long-line.toml", "# " + "x" * 50000 + "\n[ui]\nlanguage = \"" + "é" * 20000 + "\"\n")
    put(t, "escapes-in-strings.toml", '[ui]\nlanguage = "\\u001b[31m\\u0007\\u202e"\n[keys.list]\n"\\u001b" = "down"\n"\\u0000" = "up"\n')
    put(t, "control-in-key-name.toml", '[keys.list]\n"\u001b[A" = "down"\n[keys."\u202e"]\nx = "down"\n')
    put(t, "nul-bytes.toml", b"[ui]\x00\nlanguage = \"en\"\x00\n")
    put(t, "invalid-utf8.toml", b"[ui]\nlanguage = \"\xff\xfe\"\n")
    put(t, "bom-crlf-cr.toml", "\ufeff[ui]\r\nlanguage = \"en\"\r[reader]\rmax_width = 80\r\n")
    put(t, "feeds-2000.toml", "".join(f'[[feeds]]\nurl = "https://example.com/{i}.xml"\n' for i in range(2000)))
    put(t, "feeds-same-url-2000.toml", '[[feeds]]\nurl = "https://example.com/a.xml"\n' * 2000)
    put(t, "feed-url-nasty.toml", '[[feeds]]\nurl = "https://\u202eexample.com/\u001b]0;x\u0007/' + "a" * 50000 + '"\nname = "' + "n" * 10000 + '"\ntags = [' + ",".join(['"t"'] * 5000) + "]\n")
    put(t, "theme-nasty.toml", '[theme]\nlist_selected = { fg = "#ffffffffff", bg = 99999999999, bold = "yes" }\nlist_unread = "' + "x" * 10000 + '"\n')
    put(t, "date-format-nasty.toml", '[list]\ndate_format = "' + "%" * 5001 + '%Q%-%.%:::z%#z"\ncolumns = [' + ",".join(['"date"'] * 5000) + "]\n")
    put(t, "unclosed-string.toml", '[ui]\nlanguage = "' + "x" * 100000)
    put(t, "unclosed-multiline.toml", '[ui]\nlanguage = """' + "x\n" * 10000)
    put(t, "tables-10000.toml", "".join(f"[t{i}]\n" for i in range(10000)))
    put(t, "unknown-options-10000.toml", "[ui]\n" + "".join(f"o{i} = 1\n" for i in range(10000)))


def lines(t, name, items):
    put(t, name, "\n".join(items))


def key_nasties(t):
    lines(t, "nasty.lines", [
        "", " ", "\t", "\u3000", "-", "--", "C-", "C--", "C---", "A-C-S-", "C-C-x", "c-x", "S-S-tab",
        "S-backtab", "backtab", "f0", "f1", "f255", "f256", "f99999999999999999999", "f-1", "f+1", "F1",
        "C-" * 1000 + "x", "g " * 5000, "x" * 5000, "é", "e\u0301", "ǅ", "İ", "ß", "S-ß", "S-é", "中",
        "👩‍👩‍👧", "\u0301", "\u202e", "\u200b", "\x00", "\x1b", "\x1b[A", "\x7f", "S-G", "S-1", "S-space",
        "C-space", "A-space", "space space", "minus", "S-minus", "ret", "return", "escape", "pgup",
        "tab\u00a0tab", "g\u2028g", "a\u0085b",
    ])
    put(t, "long-sequence.txt", " ".join(["C-x", "g", "A-S-f12", "space"] * 5000))
    put(t, "invalid-utf8.txt", b"C-\xff g \xe1\xba x")


def date_nasties(t):
    lines(t, "nasty.lines", [
        "", " ", "..", "...", "....", "." * 10000, "/" * 10000, "-" * 10000, "1" * 10000,
        "99999999999/99999/99999", "4294967296/1/2020", "0/0/0", "0/0/0000", "00/00/0000", "32/1/2020",
        "29/2/1900", "29/2/2000", "31/4/2021", "1/13/2020", "31/12/9999", "1/1/10000", "1/1/0000",
        "31/12/9999..1/1/0001", "1/1/0001..31/12/9999", "2020..2019", "12/2020..11/2020", "today..yesterday",
        "yesterday..today", "hôm nay..hôm qua", "ho\u0302m nay", "HÔM NAY", "hôm\u00a0nay", "１２/２０２０",
        "١٢/٢٠٢٠", "12/２０20", "2020-12", "2020-12-31..", "..2020", "1..2..3", "2020 .. 2021",
        "-1/1/2020", "+1/1/2020", "1/-1/2020", "12/-2020", "2020-", "-2020", "2020/12/31/1",
        "31.12.2020", "31-12/2020", "1e3", "0x7e4", "二〇二〇", "\u202e2020", "2020\u200b", "\x00",
        "today" * 2000, "1/1/2020.." * 1000, "23:59", "24:00", "23:60", "99:99:99", ":", "::", "1:2:3:4",
    ])


def search_nasties(t):
    lines(t, "nasty.lines", [
        "", " ", "\"", "\"\"", "\"" * 1001, "-" * 1000, "- - -", "-\"", "title:", "title:" * 1000,
        "source:title:x", "title:\"", "title:-x", "-title:x", "NOT", "AND OR NOT NEAR", "NEAR(a b, 3)",
        "x*", "*", "^x", "{title}: x", "(a OR b)", "a:b:c", "10:30", "covid-19", "中国新闻" * 1000,
        "a " * 5000, "\"" + "a " * 5000, "-a " * 3000, "Chiêm Hóa -lúa \"mùa\" title:x -y " * 300,
        "e" + "\u0301" * 5000, "\u202e\u200b\u2066x", "\x00\x1b[31m", "đĐ" * 2000, "'" * 1000,
        "nguồn:x", "TIÊU ĐỀ:x", "tiêu đề:x", "ǅ", "İstanbul", "ﬁ", "ß", "\ufffd" * 100,
    ])
    put(t, "long-phrase.txt", "\"" + " ".join("chiem hoa lua" for _ in range(3000)) + "\"")
    put(t, "repeated-phrase.txt", "\"" + "a " * 3000 + "\"")
    put(t, "invalid-utf8.txt", b"chi\xe1\xbaem \xff\"ho\xc3")


def main():
    for t in TARGETS:
        d = os.path.join(ROOT, t)
        os.makedirs(d, exist_ok=True)
        for name in os.listdir(d):
            if not name.startswith("found-"):
                os.remove(os.path.join(d, name))
    text_nasties("page", True)
    text_nasties("formats", False)
    formats_only("formats")
    text_nasties("encoding", False)
    encoding_only("encoding")
    config_nasties("config")
    key_nasties("keys")
    date_nasties("dates")
    search_nasties("search")


if __name__ == "__main__":
    main()
