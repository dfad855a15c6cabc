"""The zip assembled from members compressed ahead is zipfile's own, byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sferum_cli.documents import reproducible, zipwriter

names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
    min_size=1,
    max_size=40,
)
contents = st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode)
members = st.lists(st.tuples(names, contents), max_size=8, unique_by=lambda m: m[0])
moments = st.datetimes(
    min_value=dt.datetime(1970, 1, 1),
    max_value=dt.datetime(2107, 12, 31),
    timezones=st.just(dt.UTC),
)


@settings(max_examples=200)
@given(static=members, changed=members, when=moments)
@example(
    static=[("word/styles.xml", b"<w:styles/>" * 200)], changed=[], when=reproducible.DEFAULT_DATE
)
@example(
    static=[], changed=[("handouts/памятка.xml", b"")], when=dt.datetime(1975, 5, 5, tzinfo=dt.UTC)
)
def test_same_bytes_as_zipfile(
    static: list[tuple[str, bytes]], changed: list[tuple[str, bytes]], when: dt.datetime
) -> None:
    changed = [(name, data) for name, data in changed if name not in dict(static)]
    expected = reproducible.append_zip(
        reproducible.write_zip(static, when=when), changed, when=when
    )
    made = zipwriter.assemble(
        [zipwriter.deflate(name, data) for name, data in static + changed], when=when
    )
    assert made == expected
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == static + changed


def test_a_member_compressed_once_serves_every_date() -> None:
    member = zipwriter.deflate("word/theme/theme1.xml", b"<a:theme/>" * 500)
    for year in (2001, 2025, 2031):
        when = dt.datetime(year, 9, 1, 10, 31, 7, tzinfo=dt.UTC)
        assert zipwriter.assemble([member], when=when) == reproducible.write_zip(
            [("word/theme/theme1.xml", b"<a:theme/>" * 500)], when=when
        )


def test_template_members_are_compressed_once_whatever_the_date(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from sferum_cli.documents import docx_render
    from sferum_cli.onboarding.handouts import HANDOUT_TEMPLATE, handout_context
    from sferum_cli.resources import template_path
    from sferum_cli.validation import load_school

    root = Path(__file__).resolve().parent.parent
    school = load_school(root / "examples" / "kirov-school-32.yaml")
    package = docx_render._compile(template_path(HANDOUT_TEMPLATE), HANDOUT_TEMPLATE)
    compressed: list[str] = []
    deflate = zipwriter.deflate
    monkeypatch.setattr(
        zipwriter, "deflate", lambda name, data: compressed.append(name) or deflate(name, data)
    )
    context = handout_context(school, school.classes[0])
    rendered = {*package.templates, reproducible.CORE_PART}
    for day in range(1, 4):
        when = dt.datetime(2025, 9, day, tzinfo=dt.UTC)
        compressed.clear()
        made = docx_render.render_docx(package, context, title="t", creator="c", when=when)
        static = [n for n, _ in package.members if n not in rendered]
        # the first document compresses the template's members, later ones only their own parts
        assert sorted(compressed) == sorted(rendered | (set(static) if day == 1 else set()))
        with zipfile.ZipFile(io.BytesIO(made)) as archive:
            parts = {i.filename: archive.read(i) for i in archive.infolist()}
            assert all(i.date_time[:3] == (2025, 9, day) for i in archive.infolist())
        assert made == reproducible.write_zip(
            [(n, parts[n]) for n in static]
            + [(n, parts[n]) for n, _ in package.members if n in rendered],
            when=when,
        )
