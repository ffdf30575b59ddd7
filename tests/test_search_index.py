"""The Pagefind index: one record per event, actor, statement, source and place, with filters and a date sort,
written in one Pagefind run over a folder of record pages, byte-identical from build to build."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import cbor2
import pytest

from generator import cli
from generator.build import build, check_briefing
from generator.model import Briefing
from generator.pagefindfiles import SIGNATURE, canonical_bundle
from generator.search import Indexing, SearchError, SearchRecord, page_of, records_of, search_index_of
from generator.write import TEMP_PREFIX

FIXTURE = Path(__file__).resolve().parent / "briefings" / "minimal"
MULTISCRIPT = Path(__file__).resolve().parent / "briefings" / "multiscript"


def decoded(data: bytes) -> Any:
    raw = gzip.decompress(data)
    assert raw.startswith(SIGNATURE)
    return cbor2.loads(raw[len(SIGNATURE):])


def fragments_of(files: dict[str, bytes]) -> list[dict[str, Any]]:
    # a fragment is gzip'd JSON after the signature: the record's text, meta and filters
    return [json.loads(gzip.decompress(v)[len(SIGNATURE):]) for k, v in sorted(files.items())
            if k.endswith(".pf_fragment")]


def meta_of(files: dict[str, bytes]) -> tuple[str, list[Any]]:
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    (language, about), = entry["languages"].items()
    return language, decoded(files[f"pagefind/pagefind.{about['hash']}.pf_meta"])


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    linked, problems = check_briefing(MULTISCRIPT)
    assert linked is not None, problems.sorted()
    return linked


@pytest.fixture(scope="module")
def bundle(briefing: Briefing) -> dict[str, bytes]:
    return search_index_of(briefing)


def test_one_record_per_record_with_urls_from_the_plan(briefing: Briefing) -> None:
    records = records_of(briefing)
    b = briefing
    assert len(records) == len(b.events) + len(b.actors) + len(b.statements) + len(b.sources) + len(b.places)
    urls = [r.url for r in records]
    assert len(set(urls)) == len(urls)
    assert urls[0] == f"events/{b.events[0].id}/index.html"
    assert all(not u.startswith("/") for u in urls)  # search.js prefixes the page's own way to the root
    events = [r for r in records if r.kind == "Event"]
    assert all(set(e.filters) <= {"actor", "place", "kind", "tag"} for e in events) and any(e.date for e in events)
    present = {kind for kind, items in (("Event", b.events), ("Actor", b.actors), ("Statement", b.statements),
                                        ("Source", b.sources), ("Place", b.places)) if items}
    assert {r.kind for r in records} == present == {"Event", "Actor", "Statement", "Source", "Place"}


def test_every_record_is_a_result_with_its_link_title_kind_filters_and_date(briefing: Briefing,
                                                                           bundle: dict[str, bytes]) -> None:
    assert "pagefind/pagefind.js" in bundle and all(name.startswith("pagefind/") for name in bundle)
    records = {r.url: r for r in records_of(briefing)}
    found = {f["meta"]["url"]: f for f in fragments_of(bundle)}
    assert set(found) == set(records)  # sources too, whose link is an entry of sources/index.html
    assert any("#" in url for url in found)
    for url, record in records.items():
        meta, filters = found[url]["meta"], found[url]["filters"]
        assert meta["title"] == record.title and meta["kind"] == record.kind
        assert meta.get("date", "") == record.date
        assert filters == {"type": [record.kind], **record.filters}, url
        assert found[url]["content"].startswith(record.title)
    language, meta = meta_of(bundle)
    assert language == briefing.meta.lang.split("-")[0]
    sorts = dict(meta[4])
    assert list(sorts) == ["date"] and len(sorts["date"]) == sum(1 for r in records.values() if r.date)


def test_names_with_commas_colons_and_markup_stay_whole_and_inert() -> None:
    record = SearchRecord("events/x/index.html", 'Talks <b>end</b> & "resume"', "Said: <script>x</script>",
                          "Event", "2024-01-02", {"actor": ["Smith, John: Jr."], "place": ["A & B"]})
    page = page_of(record, "en")
    assert "<script>" not in page and "<b>" not in page
    assert '<h1 data-pagefind-meta="title">Talks &lt;b&gt;end&lt;/b&gt; &amp; &quot;resume&quot;</h1>' in page
    assert '<span data-pagefind-filter="actor[data-value]" data-value="Smith, John: Jr."></span>' in page
    files = Indexing([record], "en").files()
    (fragment,) = fragments_of(files)
    assert fragment["meta"]["title"] == 'Talks <b>end</b> & "resume"'
    assert fragment["filters"] == {"actor": ["Smith, John: Jr."], "place": ["A & B"], "type": ["Event"]}
    assert "Smith" not in fragment["content"]  # a filter value is not searched as the record's text


def test_a_briefing_without_records_builds_without_an_index(tmp_path: Path) -> None:
    (tmp_path / "b" / "content").mkdir(parents=True)
    (tmp_path / "b" / "content" / "briefing.yaml").write_bytes((FIXTURE / "content" / "briefing.yaml").read_bytes())
    result = build(tmp_path / "b", tmp_path / "site", search=True)
    assert result.problems == [] and result.written
    assert not (tmp_path / "site" / "pagefind").exists()  # Pagefind refuses an empty folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "site"]


def test_two_indexes_of_the_same_briefing_are_byte_identical(briefing: Briefing, bundle: dict[str, bytes]) -> None:
    assert search_index_of(briefing) == bundle


def test_two_builds_with_search_write_the_same_site(tmp_path: Path) -> None:
    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert build(MULTISCRIPT, tmp_path / "one", search=True).written
    assert build(MULTISCRIPT, tmp_path / "two", search=True).written
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sum(1 for name in one if name.startswith("pagefind/filter/")) == 5
    assert one == two


def test_the_order_pagefind_writes_its_filters_in_does_not_reach_the_site(bundle: dict[str, bytes]) -> None:
    # Pagefind 1.5 writes each filter's values, and the list of filters, in a random order of its own
    # (a Rust HashMap): shuffled here as another run of Pagefind would, the canonical bundle is the same.
    entry = json.loads(bundle["pagefind/pagefind-entry.json"])
    (language, about), = entry["languages"].items()
    meta = decoded(bundle[f"pagefind/pagefind.{about['hash']}.pf_meta"])
    shuffled = {k: v for k, v in bundle.items() if "/filter/" not in k and not k.endswith(".pf_meta")}
    rng = random.Random(7)
    filters = []
    for n, (name, old) in enumerate(meta[3]):
        filter_name, values = decoded(bundle[f"pagefind/filter/{old}.pf_filter"])
        assert len(values) > 1 or name == "type"
        rng.shuffle(values)
        shuffled[f"pagefind/filter/{language}_x{n}.pf_filter"] = gzip.compress(
            SIGNATURE + cbor2.dumps([filter_name, values]), mtime=0)
        filters.append([name, f"{language}_x{n}"])
    rng.shuffle(filters)
    meta[3] = filters
    shuffled[f"pagefind/pagefind.{language}_shuffled.pf_meta"] = gzip.compress(SIGNATURE + cbor2.dumps(meta))
    shuffled["pagefind/pagefind-entry.json"] = bundle["pagefind/pagefind-entry.json"].replace(
        about["hash"].encode(), f"{language}_shuffled".encode())
    assert shuffled != bundle
    assert canonical_bundle(shuffled) == bundle


def test_a_search_build_puts_the_box_on_every_page_and_a_plain_build_on_none(tmp_path: Path) -> None:
    from generator.render import CSP

    searched, plain = build(FIXTURE, tmp_path / "searched", search=True), build(FIXTURE, tmp_path / "plain")
    assert searched.written and plain.written
    assert (tmp_path / "searched" / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "plain" / "pagefind").exists()
    for page in sorted((tmp_path / "searched").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(tmp_path / "searched").as_posix()
        root = "../" * rel.count("/")
        assert f'<form class="site-search" id="site-search" role="search" aria-label="Search this briefing" ' \
               f'data-root="{root}" hidden>' in html, rel
        assert f'<script src="{root}assets/search.js" defer></script>' in html, rel
    for page in sorted((tmp_path / "plain").rglob("*.html")):
        assert "site-search" not in page.read_text(encoding="utf-8")
    assert "script-src 'self' 'wasm-unsafe-eval';" in CSP and "unsafe-eval'" not in CSP.replace("wasm-unsafe-eval'", "")


def test_the_command_line_indexes_by_default_and_not_with_no_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert cli.main(["build", str(FIXTURE), "-o", str(site), "-q"]) == 0
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert 'id="site-search"' in (site / "index.html").read_text(encoding="utf-8")
    assert cli.main(["build", str(FIXTURE), "-o", str(site), "-q", "--no-search"]) == 0
    assert not (site / "pagefind").exists()
    assert "site-search" not in (site / "index.html").read_text(encoding="utf-8")
    assert cli.main(["build", str(FIXTURE), "-o", str(site), "-q", "--search"]) == 0  # still accepted
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    monkeypatch.chdir(tmp_path)  # a relative output folder: Pagefind runs elsewhere and must still find it
    assert cli.main(["build", str(FIXTURE), "-o", "relative/site", "-q"]) == 0
    assert (tmp_path / "relative" / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in (tmp_path / "relative").iterdir()) == ["site"]
    assert capsys.readouterr().err == ""


def test_the_record_pages_go_and_what_a_killed_build_left_goes_with_the_next_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    killed = tmp_path / f"{TEMP_PREFIX}site-search-abc123"  # as a build killed while Pagefind ran leaves it
    (killed / "records" / "events").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    assert build(FIXTURE, site, search=True).written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "site"]
    record = SearchRecord("events/x/index.html", "X", "x", "Event")
    indexing = Indexing([record], "en", site)  # its pages sit beside the site, named as write.py cleans up
    (working,) = (p.name for p in tmp_path.iterdir() if p.name not in ("elsewhere", "site"))
    assert working.startswith(f"{TEMP_PREFIX}site-search-")
    assert indexing.files()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "site"]


@pytest.mark.parametrize(("binary", "message"), [
    ("/bin/false", "Pagefind could not index the briefing (exit status 1): no message"),
    ("/no/such/pagefind", "could not start Pagefind (/no/such/pagefind): No such file or directory"),
])
def test_a_pagefind_that_fails_fails_the_build_and_leaves_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   binary: str, message: str) -> None:
    site = tmp_path / "site"
    assert build(FIXTURE, site, search=True).written
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    result = build(FIXTURE, site, search=True, clean=True)
    assert [(p.pos.path, p.severity, p.message) for p in result.problems] == [(str(site), "error", message)]
    assert result.written is None
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_rebuild_converts_only_the_markdown_it_has_not_seen(briefing: Briefing, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cache as cache_module
    from generator.search import TEXTS, PlainTexts
    from generator.text import MarkdownRenderer

    converted: list[str] = []
    block = MarkdownRenderer.block

    def counted(self: MarkdownRenderer, source: str) -> Any:
        converted.append(source)
        return block(self, source)

    monkeypatch.setattr(MarkdownRenderer, "block", counted)
    path = cache_module.manifest_of(tmp_path / "site").parent / TEXTS

    def made(fresh: bool = False) -> list[SearchRecord]:
        texts = PlainTexts(path=path, fresh=fresh)
        records = records_of(briefing, plain=texts)
        texts.save()
        return records

    first = made()
    texts = sorted(set(converted))
    assert texts and len(converted) == len(texts)  # each distinct text once
    assert first == records_of(briefing)
    converted.clear()
    assert made() == first and converted == []  # all from the last build's texts
    assert made(fresh=True) == first and sorted(converted) == texts  # --clean: converted again
    converted.clear()
    edited = PlainTexts(path=path)
    plain = [edited(text) for text in texts]
    assert edited("An *edited* summary.") == "An edited summary." and converted == ["An *edited* summary."]
    assert plain == [PlainTexts()(text) for text in texts]
    data = json.loads(path.read_bytes())
    for damaged in ("{", "[]", json.dumps({**data, "identity": "other code"}), json.dumps({**data, "texts": [1]}),
                    json.dumps({**data, "texts": {"a": 1}})):
        path.write_text(damaged, encoding="utf-8")
        converted.clear()
        assert made() == first and sorted(converted) == texts, damaged  # ignored, converted again


def test_start_index_keeps_the_texts_beside_the_page_cache_and_clean_ignores_them(
        briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cache as cache_module
    from generator.search import TEXTS, start_index
    from generator.text import MarkdownRenderer

    site = tmp_path / "site"
    bundle = start_index(briefing, site).files()
    path = cache_module.manifest_of(site).parent / TEXTS
    assert path.is_file() and json.loads(path.read_bytes())["texts"]
    calls: list[str] = []
    block = MarkdownRenderer.block
    monkeypatch.setattr(MarkdownRenderer, "block", lambda self, source: calls.append(source) or block(self, source))
    assert start_index(briefing, site).files() == bundle and calls == []
    assert start_index(briefing, site, clean=True).files() == bundle and calls


def test_the_pages_reuse_the_conversions_the_search_records_made(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.text import MarkdownRenderer

    converted: list[str] = []
    block = MarkdownRenderer.block

    def counted(self: MarkdownRenderer, source: str) -> Any:
        if source not in self._blocks:
            converted.append(source)
        return block(self, source)

    monkeypatch.setattr(MarkdownRenderer, "block", counted)
    assert build(MULTISCRIPT, tmp_path / "site", search=True, jobs=1).written
    assert converted and len(converted) == len(set(converted))  # one renderer: each text converted once


def test_the_same_record_pages_take_the_kept_bundle_and_any_change_runs_pagefind(
        briefing: Briefing, bundle: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cache as cache_module
    from generator.search import BUNDLES, OLD_BUNDLE, start_index

    site = tmp_path / "site"
    old = cache_module.manifest_of(site).parent / OLD_BUNDLE  # as a build before the shards kept its bundle
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"x")
    assert start_index(briefing, site).files() == bundle
    kept = cache_module.manifest_of(site).parent / BUNDLES
    assert sorted(p.name for p in kept.iterdir()) == ["0-of-1.bin"] and not old.exists()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # from here on, a Pagefind run fails
    assert start_index(briefing, site).files() == bundle  # no run
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no record pages written either (the cache is beside)
    with pytest.raises(SearchError, match="exit status 1"):
        start_index(briefing, site, clean=True).files()  # --clean runs it
    record = records_of(briefing)[0]
    changed = Indexing([record, SearchRecord("events/x/index.html", "X", "x", "Event")], "en", keep=kept)
    with pytest.raises(SearchError, match="exit status 1"):
        changed.files()  # other record pages: other key
    data = (kept / "0-of-1.bin").read_bytes()
    for damaged in (data[:-1], data[:-1] + b"!", b"{" + data, b"", data.replace(b'"key"', b'"kex"', 1)):
        (kept / "0-of-1.bin").write_bytes(damaged)
        with pytest.raises(SearchError, match="exit status 1"):
            start_index(briefing, site).files()


def test_a_rebuild_after_an_edit_search_does_not_see_runs_no_pagefind_and_equals_a_clean_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    folder, site, clean = tmp_path / "b", tmp_path / "site", tmp_path / "clean"
    shutil.copytree(FIXTURE, folder)
    assert build(folder, site, search=True).written
    events = folder / "content" / "events.yaml"
    text = events.read_text(encoding="utf-8")
    assert "sources: [notice]" in text
    events.write_text(text.replace("sources: [notice]", 'sources: [{source: notice, locator: "p. 2"}]'))
    with monkeypatch.context() as patched:
        patched.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # a Pagefind run would fail the build
        assert build(folder, site, search=True).written
    assert build(folder, clean, search=True, clean=True).written
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file())
    assert any(name.startswith("pagefind/") for name in files)
    assert all((site / name).read_bytes() == (clean / name).read_bytes() for name in files)
    assert "p. 2" in (site / "sources" / "index.html").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (site / "events").rglob("index.html"))


def test_the_shard_count_doubles_with_the_records_and_a_record_keeps_its_shard() -> None:
    from collections import Counter

    from generator.searchshards import SHARD_SIZE, shard_count_of, shard_of

    assert [shard_count_of(n, 100) for n in (0, 1, 100, 101, 200, 201, 400, 401)] == [1, 1, 1, 2, 2, 4, 4, 8]
    assert (SHARD_SIZE, shard_count_of(2_350), shard_count_of(23_500), shard_count_of(117_500)) == (4000, 1, 8, 32)
    urls = [f"events/event-{n}/index.html" for n in range(2000)]
    for count in (2, 4, 8, 16):
        shards = [shard_of(url, count) for url in urls]
        assert min(Counter(shards).values()) > 0.8 * len(urls) / count  # spread evenly
        # doubled, each shard splits in two: a record moves only to its shard's new twin
        assert all(shard_of(url, 2 * count) % count == shard for url, shard in zip(urls, shards, strict=True))
    # the hash is fixed: a change would move records between shards and index every shard again
    assert [shard_of(f"events/event-{n}/index.html", 8) for n in range(8)] == [3, 4, 4, 3, 6, 5, 6, 6]


@pytest.fixture(scope="module")
def sharded(briefing: Briefing) -> dict[str, bytes]:
    return search_index_of(briefing, shard_size=20)  # 65 records: 4 shards


def test_each_record_is_in_the_bundle_of_its_shard_and_the_first_names_the_others(
        briefing: Briefing, bundle: dict[str, bytes], sharded: dict[str, bytes]) -> None:
    from generator.searchshards import shard_of

    assert "factsheet_shards" not in json.loads(bundle["pagefind/pagefind-entry.json"])
    entry = json.loads(sharded["pagefind/pagefind-entry.json"])
    assert entry["factsheet_shards"] == ["1/", "2/", "3/"]
    records = records_of(briefing)
    for n in range(4):
        folder = "pagefind/" if n == 0 else f"pagefind/{n}/"
        files = {name.removeprefix(folder): data for name, data in sharded.items()
                 if name.startswith(folder) and not name.removeprefix(folder).split("/")[0].isdigit()}
        found = {f["meta"]["url"] for f in fragments_of({f"pagefind/{k}": v for k, v in files.items()})}
        assert found == {r.url for r in records if shard_of(r.url, 4) == n}, n
        assert json.loads(files["pagefind-entry.json"])["languages"]["en"]["page_count"] == len(found)
        assert {name.split("/")[0] for name in files if "/" in name} == {"fragment", "index", "filter"}
    # Pagefind's code once, in the first shard, as the one bundle has it; the others run on it
    code = {name for name in sharded if name.endswith((".js", ".pagefind"))}
    assert code == {name for name in bundle if name.endswith((".js", ".pagefind"))} == {
        "pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/wasm.en.pagefind",
        "pagefind/wasm.unknown.pagefind"}
    assert all(sharded[name] == bundle[name] for name in code)
    assert search_index_of(briefing, shard_size=20) == sharded  # byte-identical from run to run


def test_an_edit_indexes_again_only_the_shard_of_the_records_it_changed(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from pagefind.service import get_executable

    from generator import searchshards
    from generator.searchshards import shard_of

    folder, site, clean = tmp_path / "b", tmp_path / "site", tmp_path / "clean"
    shutil.copytree(MULTISCRIPT, folder)
    runs = tmp_path / "runs"
    wrapper = tmp_path / "pagefind"  # Pagefind itself, noting the shard it runs in (its working folder)
    wrapper.write_text(f'#!/bin/sh\nbasename "$PWD" >> {runs}\nexec {get_executable()} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    monkeypatch.setattr(searchshards, "SHARD_SIZE", 20)

    def indexed() -> list[str]:
        ran = sorted(runs.read_text(encoding="utf-8").split()) if runs.exists() else []
        runs.unlink(missing_ok=True)
        return ran

    assert build(folder, site, search=True).written
    assert indexed() == ["0", "1", "2", "3"]
    events = folder / "content" / "events" / "2023" / "autumn.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "title: Arrests in Kelaria", "title: Arrests in Kelaria and Tarsk"), encoding="utf-8")
    assert build(folder, site, search=True).written
    assert indexed() == [str(shard_of("events/kelaria-arrests/index.html", 4))]
    assert build(folder, clean, search=True, clean=True).written
    assert indexed() == ["0", "1", "2", "3"]

    def tree(root: Path) -> dict[str, bytes]:  # the whole site, its index and every page
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    one, two = tree(site), tree(clean)
    assert one == two and "pagefind/3/pagefind-entry.json" in one and b"Kelaria and Tarsk" in one["index.html"]
    fragments = [gzip.decompress(v) for k, v in one.items() if k.endswith(".pf_fragment")]
    assert any(b"Arrests in Kelaria and Tarsk" in f for f in fragments)
    monkeypatch.setattr(searchshards, "SHARD_SIZE", 40)  # 2 shards: all indexed again, the kept 4 forgotten
    events.write_text(events.read_text(encoding="utf-8").replace(" and Tarsk", ""), encoding="utf-8")
    assert build(folder, site, search=True).written
    assert indexed() == ["0", "1"]
    from generator.cache import manifest_of
    from generator.search import BUNDLES

    assert sorted(p.name for p in (manifest_of(site).parent / BUNDLES).iterdir()) == ["0-of-2.bin", "1-of-2.bin"]
    assert not (site / "pagefind" / "2").exists()
