"""``jihadistds site``: the built pages, their links and metadata, and the pages in a real Chromium.

The browser tests drive Debian's ``chromium`` through ``chromedriver`` (``.ci/run`` installs
both and sets ``JDS_REQUIRE_CHROMIUM``, so that in CI they cannot skip). Each page type is
loaded from disk; a screenshot of each is written to ``build/screenshots/`` for a person to
look at.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import math
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from click.testing import CliRunner

from jihadistds import Package
from jihadistds.cli import cli
from jihadistds.site import PAGE_ROWS, build_site

from conftest import ROOT, copy_package
from grow import grow  # bench/grow.py

pytestmark = pytest.mark.slow  # a browser

SCREENSHOTS = ROOT / "build" / "screenshots"
PKG = Package(ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    build_site(out, ROOT)
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # tag, attribute, value
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if name in ("href", "src"):
                self.links.append((tag, name, value))
        if tag == "script":
            self._in_script = dict(attrs).get("type") or "text/javascript"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> Iterator[Path]:
    return iter(sorted(site.rglob("*.html")))


# -- the files -------------------------------------------------------------------------------


def test_every_page_type_is_built(site: Path) -> None:
    for relative in ("index.html", "actors.html", "graph.html", "search.html", "croissant.json",
                     "search-index.js", "static/site.css", "static/site.js"):  # fmt: skip
        assert (site / relative).is_file(), relative
    for res in PKG.descriptor.resources:
        assert (site / "tables" / f"{res.name}.html").is_file()
        # a copy of each CSV under files/, by the table's name, never the package's path
        assert (site / "files" / f"{res.name}.csv").read_bytes() == res.file.read_bytes()
    for row in PKG.text_rows("actors"):
        assert (site / "actors" / f"{row['actor_id']}.html").is_file()


def test_every_internal_link_resolves_and_nothing_is_fetched_from_another_host(site: Path) -> None:
    ids = {page: parse(page).ids for page in pages(site)}
    external = set()
    for page in pages(site):
        for tag, attribute, value in parse(page).links:
            parts = urlsplit(value)
            if parts.scheme == "data":  # an inline icon: no request at all
                continue
            if parts.scheme or parts.netloc:
                # Only links a reader follows may leave the site: a source's or a licence's page.
                assert tag == "a" and parts.scheme == "https", (page, value)
                external.add(value)
                continue
            if attribute == "src" or tag == "link":
                assert not value.startswith("//"), (page, value)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)} links to {value}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in ids[target], (
                    f"{page.relative_to(site)}: no #{parts.fragment} in {value}"
                )
    sources = {r["url"] for r in PKG.text_rows("sources") if r["url"]}
    assert sources <= external


def test_each_row_of_each_table_is_on_its_table_page(site: Path) -> None:
    for res in PKG.descriptor.resources:
        html = (site / "tables" / f"{res.name}.html").read_text(encoding="utf-8")
        assert html.count("<tr id=") == len(PKG.text_rows(res.name)), res.name
        for f in res.fields:
            assert f'<button type="button" class="sort">{f.name}</button>' in html
            if f.description:
                assert "<dd>" in html  # the column meanings


def test_a_cell_that_refers_to_a_row_shows_its_name_or_title(site: Path) -> None:
    """Beside the id, the referred row's name (an actor, a place) or title (an event)."""
    page = (site / "tables" / "event_actors.html").read_text(encoding="utf-8")
    assert (
        '">Turkey deploys military forces in Idlib</a> '
        '<code class="id">turkey-deploys-forces-in-idlib</code>' in page
    )
    assert '">Turkey</a> <code class="id">turkey</code>' in page


def test_an_actor_page_holds_every_fact_that_names_the_actor(site: Path) -> None:
    html = (site / "actors" / "hayat-tahrir-al-sham.html").read_text(encoding="utf-8")
    for table, fields in (("group_sizes", ["actor_id"]), ("relationships", ["subject_id", "object_id"]),
                          ("designations", ["designated_id"]), ("event_actors", ["actor_id"])):  # fmt: skip
        rows = [
            r
            for r in PKG.text_rows(table)
            if any(r.get(f) == "hayat-tahrir-al-sham" for f in fields)
        ]
        assert rows, table
        res = PKG.resource(table)
        for r in rows:
            key = "|".join(r[k] for k in res.primary_key)
            assert f">{table} {key}</a>" in html, (table, key)
    # Relationships both ways: one where HTS is the object, one where it is the subject.
    assert ">relationships rel-0003</a>" in html and ">relationships rel-0004</a>" in html
    # An event's quote comes from the event, for the event_actors row that names the actor.
    events = {r["event_id"]: r for r in PKG.text_rows("events")}
    pair = next(r for r in PKG.text_rows("event_actors") if r["actor_id"] == "hayat-tahrir-al-sham")
    assert events[pair["event_id"]]["quote"].replace("'", "&#x27;").replace('"', "&quot;") in html


def test_the_graph_has_one_edge_per_relationship_row(site: Path) -> None:
    html = (site / "graph.html").read_text(encoding="utf-8")
    edges = re.findall(r'<g class="edge" id="edge-([^"]+)"', html)
    assert edges == [r["relationship_id"] for r in PKG.text_rows("relationships")]
    assert '<title id="graph-title">' in html and '<desc id="graph-desc">' in html
    assert 'aria-labelledby="graph-title graph-desc"' in html
    nodes = set(re.findall(r'<g class="node" id="node-([^"]+)"', html))
    used = {r[f] for r in PKG.text_rows("relationships") for f in ("subject_id", "object_id")}
    assert nodes == used
    # the list below the picture says what the fact sentences say
    assert '>Al Qaeda</a> <em>is a rival of</em> <a href="actors/islamic-state.html">' in html
    assert "<em>is the governing body of</em>" in html
    assert "<em>evolved from</em>" in html  # a label with no plain "subject ... object": its words
    al_qaeda = (site / "actors" / "al-qaeda.html").read_text(encoding="utf-8")
    assert "at least five groups (at least 5)" in al_qaeda  # words with no digits: the number


def test_a_hostile_cell_is_text_on_every_page(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    path = pkg / "data" / "actors.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("note")] = '<script>alert(1)</script><img src="https://evil.example/x">'
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    build_site(tmp_path / "public", pkg)
    for page in (tmp_path / "public").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and 'src="https://evil' not in text, page
    index = (tmp_path / "public" / "search-index.js").read_text(encoding="utf-8")
    assert "</script>" not in index  # a cell cannot close the script it sits in


def test_a_long_table_is_split_into_pages_that_link_each_other(tmp_path: Path) -> None:
    rows = PAGE_ROWS * 2 + 7
    csv_file = grow(tmp_path / "grown", rows)
    pkg = csv_file.parent.parent
    table = csv_file.stem
    build_site(tmp_path / "public", pkg)
    tables = tmp_path / "public" / "tables"
    names = [f"{table}.html", f"{table}.2.html", f"{table}.3.html"]
    counts = [(tables / n).read_text(encoding="utf-8").count("<tr id=") for n in names]
    assert counts == [PAGE_ROWS, PAGE_ROWS, 7]
    assert not (tables / f"{table}.4.html").exists()
    last = (tables / names[2]).read_text(encoding="utf-8")
    assert all(f'href="{n}"' in last for n in names[:2]) and 'aria-current="page">3<' in last


def test_croissant_and_the_home_page_json_ld_are_one_valid_description(site: Path) -> None:
    import mlcroissant as mlc

    document = json.loads((site / "croissant.json").read_text(encoding="utf-8"))
    (embedded,) = [json.loads(s) for s in parse(site / "index.html").scripts if '"@type"' in s]
    # The home page: schema.org's plain Dataset, as dataset search reads it; Croissant beside.
    assert (embedded["@context"], embedded["@type"]) == ("https://schema.org/", "Dataset")
    for key in ("name", "description", "license", "version", "keywords"):
        assert embedded[key] == document[key], key
    assert [d["contentUrl"] for d in embedded["distribution"]] == [
        d["contentUrl"] for d in document["distribution"]
    ]
    source = PKG.text_rows("sources")[0]
    assert embedded["isBasedOn"][0]["url"] == source["original_url"]
    assert '<link rel="alternate" type="application/ld+json" href="croissant.json"' in (
        site / "index.html"
    ).read_text("utf-8")
    assert document["@type"] == "sc:Dataset" and document["conformsTo"].endswith("croissant/1.0")
    dataset = mlc.Dataset(jsonld=site / "croissant.json")
    assert not dataset.metadata.issues.errors and not dataset.metadata.issues.warnings, (
        dataset.metadata.issues.report()
    )
    for res in PKG.descriptor.resources:
        records = list(dataset.records(record_set=res.name))
        want = PKG.text_rows(res.name)
        assert len(records) == len(want), res.name
        for got, row in zip(records, want):
            for f in res.fields:
                value = got[f"{res.name}/{f.name}"]
                text = value.decode("utf-8") if isinstance(value, bytes) else value
                if f.type == "integer" and row[f.name]:
                    assert text == int(row[f.name]), (res.name, f.name)
                elif f.type in ("string", "list") and row[f.name]:
                    assert text == row[f.name], (res.name, f.name)


def test_the_cli_refuses_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    for flags in ([], ["--force"]):
        result = CliRunner().invoke(cli, ["site", str(ROOT), "-o", str(tmp_path), *flags])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert ("is not empty" if not flags else "not a site built by jihadistds") in result.output
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    for where in (ROOT, ROOT.parent):  # never over the package, even with --force
        result = CliRunner().invoke(cli, ["site", str(ROOT), "-o", str(where), "--force"])
        assert result.exit_code == 1 and "holds the package itself" in result.output
    assert (ROOT / "datapackage.json").is_file()


def test_force_replaces_a_site_built_before(tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = CliRunner().invoke(cli, ["site", str(ROOT), "-o", str(out)])
    assert result.exit_code == 0 and result.output.startswith("wrote "), result.output
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert CliRunner().invoke(cli, ["site", str(ROOT), "-o", str(out)]).exit_code == 1
    result = CliRunner().invoke(cli, ["site", str(ROOT), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and not (out / "stale.html").exists()


def test_the_home_page_lists_a_source_by_its_original_publication_then_the_copy(
    site: Path,
) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    listed = home[home.index("<h2>Sources</h2>") : home.index("<h2>How to cite</h2>")]
    original = listed.index('21 May 2019 (<a href="https://www.rsis.edu.sg/')
    copy = listed.index("Quoted from a copy: ")
    assert "<cite>Al Qaeda\u2019s Resurgence in Syria: A New Caliphate?</cite>" in listed
    assert (
        original < copy < listed.index('Eurasia Review, 28 May 2019 (<a href="https://eurasia.ro/')
    )


def test_a_fact_says_whose_claim_it_is_and_a_part_its_event_and_date(site: Path) -> None:
    """A claim the source attributes to someone says so in its headline, and an actor's part in
    an event names the event and when it was."""
    import re

    page = (site / "actors" / "hayat-tahrir-al-sham.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert (
        "the largest Al Qaeda safe haven since 9/11 — according to [a former US envoy to Syria]"
        in text
    )
    assert "Part of: Metro bomb attack in Saint Petersburg, April 2017 (in Events)" in text
    counts = (site / "tables" / "counts.html").read_text(encoding="utf-8")
    assert "<caption>Counts over periods (counts), 8 rows</caption>" in counts
    envoy = (site / "actors" / "former-us-envoy-to-syria.html").read_text(encoding="utf-8")
    assert "1 fact of the data names it (claims: 1)." in envoy
    government = (site / "actors" / "salvation-government.html").read_text(encoding="utf-8")
    assert "Salvation Government is the governing body of <a" in government
    turkey = re.sub(r"<[^>]+>", "", (site / "actors" / "turkey.html").read_text(encoding="utf-8"))
    assert "(the source hedges: &#34;seemingly appears&#34;)" in turkey


def test_a_broken_citation_file_is_named_on_the_home_page(tmp_path: Path) -> None:
    pkg = copy_package(tmp_path)
    (pkg / "CITATION.cff").write_text("title: [unclosed\n", encoding="utf-8")
    build_site(tmp_path / "public", pkg)
    home = (tmp_path / "public" / "index.html").read_text(encoding="utf-8")
    assert "CITATION.cff is not valid YAML" in home


# -- in Chromium -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Debian's chromium here and in .ci/run; a GitHub runner's Chrome and its chromedriver.
    binary = next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    driver_path = shutil.which("chromedriver") or shutil.which(
        "chromedriver", path=os.environ.get("CHROMEWEBDRIVER", "")
    )
    if binary is None or driver_path is None:
        if os.environ.get("JDS_REQUIRE_CHROMIUM"):
            pytest.fail("JDS_REQUIRE_CHROMIUM is set but chromium or chromedriver is missing")
        pytest.skip("no chromium and chromedriver here (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--hide-scrollbars"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def visit(driver: object, page: Path, shot: str, width: int = 1280) -> None:
    """Open ``page`` from disk; fail on any console error; write a full-page screenshot."""
    d: object = driver
    d.set_window_size(width, 1000)  # type: ignore[attr-defined]
    d.get(page.as_uri())  # type: ignore[attr-defined]
    errors = [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]  # type: ignore[attr-defined]
    assert not errors, errors
    fetched = d.execute_script(  # type: ignore[attr-defined]
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert all(url.startswith("file://") for url in fetched), fetched  # nothing from another host
    height = d.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    d.set_window_size(width, min(int(height) + 40, 6000))  # type: ignore[attr-defined]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    d.save_screenshot(str(SCREENSHOTS / f"{shot}.png"))  # type: ignore[attr-defined]


def visible_rows(driver: object, table: str) -> int:
    return int(driver.execute_script(  # type: ignore[attr-defined]
        f"return Array.from(document.querySelectorAll('#{table} tbody tr')).filter(r => !r.hidden).length"
    ))  # fmt: skip


@pytest.mark.parametrize(
    ("page", "shot"),
    [("index.html", "home"), ("tables/relationships.html", "table"),
     ("actors/hayat-tahrir-al-sham.html", "actor"), ("actors.html", "actors"),
     ("graph.html", "graph"), ("search.html", "search")],
)  # fmt: skip
def test_each_page_type_loads_without_a_console_error(
    browser: object, site: Path, page: str, shot: str
) -> None:
    visit(browser, site / page, shot)
    title = browser.title  # type: ignore[attr-defined]
    assert (title and "jihadistds" in title.lower()) or page == "index.html"


def test_a_script_or_request_the_build_did_not_write_is_blocked(
    browser: object, site: Path, tmp_path: Path
) -> None:
    pages = list(site.rglob("*.html"))
    policy = '<meta http-equiv="Content-Security-Policy" content="default-src \'self\';'
    assert all(policy in p.read_text("utf-8") for p in pages)
    copy = tmp_path / "public"
    shutil.copytree(site, copy)
    page = copy / "actors.html"
    planted = "<script>document.title='ran'</script><img src='https://example.invalid/p.gif'>"
    page.write_text(page.read_text("utf-8").replace("</main>", planted + "</main>"), "utf-8")
    browser.get(page.as_uri())  # type: ignore[attr-defined]
    assert browser.title != "ran"  # type: ignore[attr-defined]
    blocked = [e["message"] for e in browser.get_log("browser")]  # type: ignore[attr-defined]
    refused = [m for m in blocked if "violates the following Content Security Policy" in m]
    assert any("inline script" in m for m in refused), blocked
    assert any("example.invalid" in m for m in refused), blocked
    # The site's own script still runs under the policy: it shows the filter box.
    browser.get((copy / "tables" / "places.html").as_uri())  # type: ignore[attr-defined]
    box = browser.find_element("css selector", "input.filter")  # type: ignore[attr-defined]
    assert box.is_displayed()


def test_each_page_type_fits_a_phone_width_screen(browser: object, site: Path) -> None:
    for page, shot in (("index.html", "home-phone"), ("actors/hayat-tahrir-al-sham.html", "actor-phone"),
                       ("tables/counts.html", "table-phone")):  # fmt: skip
        visit(browser, site / page, shot, width=390)
        overflow = browser.execute_script(  # type: ignore[attr-defined]
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, (page, overflow)  # wide tables scroll inside their own box
    visit(browser, site / "index.html", "home-phone", width=390)
    rows = browser.execute_script(  # type: ignore[attr-defined]
        "return Array.from(document.querySelectorAll('table.downloads tbody tr'))"
        ".map(r => r.getBoundingClientRect().height)"
    )
    assert rows and max(rows) < 160, rows  # a card per table, the hash on a line of its own


def test_typing_in_a_table_filter_changes_the_rows_shown(browser: object, site: Path) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, site / "tables" / "relationships.html", "table-filtered")
    total = visible_rows(browser, "rows")
    assert total == len(PKG.text_rows("relationships"))
    box = browser.find_element(By.CSS_SELECTOR, "input.filter")  # type: ignore[attr-defined]
    assert box.is_displayed()  # shown once the script runs; hidden without it
    box.send_keys("malhama")
    want = sum("malhama" in " ".join(r.values()).lower() for r in PKG.text_rows("relationships"))
    assert 0 < visible_rows(browser, "rows") <= want < total
    assert "of 39 rows shown" in browser.find_element(By.CSS_SELECTOR, ".shown").text  # type: ignore[attr-defined]
    browser.save_screenshot(str(SCREENSHOTS / "table-filtered.png"))  # type: ignore[attr-defined]


def test_sorting_a_column_reorders_the_rows(browser: object, site: Path) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, site / "tables" / "counts.html", "table-sorted")
    buttons = browser.find_elements(By.CSS_SELECTOR, "th button.sort")  # type: ignore[attr-defined]
    column = [b.text for b in buttons].index("value")
    buttons[column].click()
    cells = browser.execute_script(  # type: ignore[attr-defined]
        f"return Array.from(document.querySelectorAll('#rows tbody tr')).map(r => r.cells[{column}].textContent)"
    )
    numbers = [int(c.replace(",", "")) for c in cells if c]  # shown grouped: 2,700,000
    assert numbers == sorted(numbers)


def test_typing_in_the_search_shows_matching_facts(browser: object, site: Path) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, site / "search.html", "search-empty")
    box = browser.find_element(By.ID, "search")  # type: ignore[attr-defined]
    box.send_keys("inghimasi")
    results = browser.find_elements(By.CSS_SELECTOR, "#results li")  # type: ignore[attr-defined]
    assert results and all("inghimasi" in r.text.lower() for r in results)
    link = results[0].find_element(By.TAG_NAME, "a").get_attribute("href")
    assert link.startswith("file://") and "#row-" in link
    browser.save_screenshot(str(SCREENSHOTS / "search.png"))  # type: ignore[attr-defined]
    box.clear()
    box.send_keys("zzzz-nothing-like-this")
    assert not browser.find_elements(By.CSS_SELECTOR, "#results li")  # type: ignore[attr-defined]
    assert browser.find_element(By.ID, "search-count").text == "0 found"  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_search_finds_what_readers_type_and_marks_it(
    browser: object, site: Path, width: int
) -> None:
    """Case, diacritics, curly or straight apostrophes and digit grouping fold alike; each hit
    shows the words that matched, marked; the query is in the page's address, to share."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, 1000)  # type: ignore[attr-defined]

    def hits(query: str) -> int:
        browser.get((site / "search.html").as_uri() + "?q=" + url_quote(query))  # type: ignore[attr-defined]
        return len(browser.find_elements(By.CSS_SELECTOR, "#results li"))  # type: ignore[attr-defined]

    assert hits("qaeda's") == hits("QAEDA\u2019S") == hits("Qaéda\u2019s") > 4
    assert hits("20000") == hits("20,000") > 0
    marks = browser.find_elements(By.CSS_SELECTOR, "#results li mark")  # type: ignore[attr-defined]
    assert marks and all(m.text == "20,000" for m in marks)
    assert all(  # every hit shows the words it was found by
        li.find_elements(By.TAG_NAME, "mark")
        for li in browser.find_elements(By.CSS_SELECTOR, "#results li")  # type: ignore[attr-defined]
    )
    box = browser.find_element(By.ID, "search")  # type: ignore[attr-defined]
    box.clear()
    box.send_keys("inghimasi")
    assert browser.current_url.endswith("search.html?q=inghimasi")  # type: ignore[attr-defined]
    heads = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#results li a.where")]  # type: ignore[attr-defined]
    assert heads and all("_" not in h and " — " in h for h in heads), heads  # sentences
    keys = [k.text for k in browser.find_elements(By.CSS_SELECTOR, "#results li .where-key")]  # type: ignore[attr-defined]
    assert "(Group sizes, size-0005)" in keys, keys  # the table by its title
    overflow = browser.execute_script(  # type: ignore[attr-defined]
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1  # hits wrap on a phone
    browser.save_screenshot(str(SCREENSHOTS / f"search-marked-{width}.png"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_home_page_opens_with_its_scope_and_three_numbers(
    browser: object, site: Path, width: int
) -> None:
    """What the data covers, in one sentence and three numbers, on the first screen; the
    downloads readable; whom to tell of an error."""
    from selenium.webdriver.common.by import By

    visit(browser, site / "index.html", f"home-{width}", width=width)
    scope = browser.find_element(By.CSS_SELECTOR, "p.scope")  # type: ignore[attr-defined]
    facts = sum(
        len(PKG.text_rows(r.name)) for r in PKG.descriptor.resources if "quote" in r.field_names
    )
    assert scope.text.startswith(f"{facts} facts about {len(PKG.text_rows('actors'))} actors, "
                                 "each quoted from one source: Al Qaeda\u2019s Resurgence in Syria")  # fmt: skip
    assert scope.text.endswith(", 21 May 2019."), scope.text
    numbers = [li.text.split() for li in browser.find_elements(By.CSS_SELECTOR, "ul.numbers li")]  # type: ignore[attr-defined]
    assert numbers == [[str(facts), "facts"], [str(len(PKG.text_rows("actors"))), "actors"],
                       ["1", "source"]]  # fmt: skip
    bottom = browser.execute_script(  # type: ignore[attr-defined]
        "return document.querySelector('ul.numbers').getBoundingClientRect().bottom"
    )
    assert bottom < 1000  # on the first screen, phone or desktop
    overflow = browser.execute_script(  # type: ignore[attr-defined]
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    assert "To report an error" in browser.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]


def test_an_actor_page_reads_as_sentences_with_names(browser: object, site: Path) -> None:
    """A summary in numbers and contents first; each fact a sentence of names, its fields
    folded away; no quote twice in a row; the page never links to itself."""
    from selenium.webdriver.common.by import By

    page = site / "actors" / "hayat-tahrir-al-sham.html"
    for width in (1280, 390):
        visit(browser, page, f"actor-sentences-{width}", width=width)
        height = browser.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
        assert height < (14_000 if width == 1280 else 22_000), (width, height)
    scope = browser.find_element(By.CSS_SELECTOR, "p.scope").text  # type: ignore[attr-defined]
    assert scope.startswith("Coalition.") and "group sizes" in scope
    assert browser.find_elements(By.CSS_SELECTOR, "nav.contents a")  # type: ignore[attr-defined]
    heads = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article.fact h3")]  # type: ignore[attr-defined]
    assert "Hayat Tahrir al-Sham — up to 20,000 fighters (at most) — as of 21 May 2019" in heads
    assert (
        "United States designates Hayat Tahrir al-Sham as Al Qaeda-linked terrorist organisations"
        in heads
    )
    assert (  # an actor's part in an event names the event
        "Hayat Tahrir al-Sham — carried out: HTS extends administrative control to more than two "
        "dozen towns and villages" in heads
    ), [h for h in heads if "carried out" in h]
    assert not [h for h in heads if "_id" in h or "|" in h]
    links = browser.execute_script(  # type: ignore[attr-defined]
        "return Array.from(document.querySelectorAll('main a')).map(a => a.getAttribute('href'))"
    )
    assert "hayat-tahrir-al-sham.html" not in links  # no link to the page itself
    quotes = browser.execute_script(  # type: ignore[attr-defined]
        "return Array.from(document.querySelectorAll('section')).map(s =>"
        " Array.from(s.querySelectorAll('article.fact blockquote')).map(b => b.textContent))"
    )
    assert all(a != b for section in quotes for a, b in itertools.pairwise(section))
    fields = browser.find_elements(By.CSS_SELECTOR, "article.fact details.fields")  # type: ignore[attr-defined]
    assert fields and not any(d.get_attribute("open") for d in fields)


def test_a_table_page_reads_with_names_its_quote_and_cards_on_a_phone(
    browser: object, site: Path
) -> None:
    from selenium.webdriver.common.by import By

    page = site / "tables" / "counts.html"
    visit(browser, page, "table-readable", width=1280)
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#rows thead th")]  # type: ignore[attr-defined]
    assert heads[:2] == ["count_id", "quote"]  # the quote beside the key, not off-screen
    row = browser.find_element(By.CSS_SELECTOR, "#rows tbody tr")  # type: ignore[attr-defined]
    actor = row.find_element(By.CSS_SELECTOR, 'td[data-label="actor_id"]')
    names = {r["actor_id"]: r["name"] for r in PKG.text_rows("actors")}
    first = PKG.text_rows("counts")[0]["actor_id"]
    assert actor.find_element(By.TAG_NAME, "a").text == names[first]  # the name, linked ...
    assert actor.find_element(By.CSS_SELECTOR, "code.id").text == first  # ... beside the id
    value = row.find_element(By.CSS_SELECTOR, 'td[data-label="value"]')
    assert value.text == "3,000,000" and value.value_of_css_property("text-align") in (
        "right",
        "end",
    )
    visit(browser, page, "table-readable-phone", width=390)
    overflow = browser.execute_script(  # type: ignore[attr-defined]
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    display = browser.execute_script(  # type: ignore[attr-defined]
        "return getComputedStyle(document.querySelector('#rows tbody tr')).display"
    )
    assert display == "block"  # a card per row
    assert len(browser.find_elements(By.CSS_SELECTOR, "#rows tbody tr")) == len(
        PKG.text_rows("counts")
    )  # type: ignore[attr-defined]


def _graph_edges(svg: str) -> list[tuple[str, tuple[float, ...]]]:
    """Each edge of the drawn graph: its id and its curve's start, control point and end."""
    return [
        (m[0], tuple(map(float, m[1:])))
        for m in re.findall(
            r'<g class="edge" id="edge-([^"]+)"[^>]*><title>[^<]*</title><path d="M([-\d.]+),'
            r'([-\d.]+) Q([-\d.]+),([-\d.]+) ([-\d.]+),([-\d.]+)"',
            svg,
        )
    ]


def test_no_edge_passes_through_another_actors_box(site: Path) -> None:
    """Read off the SVG itself: each edge's curve against every other actor's box."""
    from jihadistds.site.graph import curve_points

    svg = (site / "graph.html").read_text(encoding="utf-8")
    boxes = {
        m[0]: tuple(map(float, m[1:]))
        for m in re.findall(
            r'<g class="node" id="node-([^"]+)"><rect x="([-\d.]+)" y="([-\d.]+)" '
            r'width="([-\d.]+)" height="([-\d.]+)"',
            svg,
        )
    }
    ends = {
        r["relationship_id"]: (r["subject_id"], r["object_id"])
        for r in PKG.text_rows("relationships")
    }
    edges = _graph_edges(svg)
    assert boxes and len(edges) == len(ends)
    through = []
    for rel, (x0, y0, cx, cy, x1, y1) in edges:
        points = curve_points((x0, y0), (cx, cy), (x1, y1), 80)
        for actor, (x, y, w, h) in boxes.items():
            if actor not in ends[rel] and any(
                x < px < x + w and y < py < y + h for px, py in points
            ):
                through.append((rel, actor))
    assert through == []


def test_no_label_covers_another_or_a_box_and_each_sits_on_its_edge(
    browser: object, site: Path
) -> None:
    """The labels' boxes as Chromium lays out their text (getBBox), against each other, every
    actor's box and their own edge's curve."""
    from jihadistds.site.graph import curve_points

    visit(browser, site / "graph.html", "graph")
    labels, rects = browser.execute_script(  # type: ignore[attr-defined]
        "const box = e => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height]; };"
        "return [[...document.querySelectorAll('svg.graph .edge')].map("
        "  g => [g.id.slice(5), g.querySelector('text').textContent, box(g.querySelector('text'))]),"
        " [...document.querySelectorAll('svg.graph .node')].map(g => [g.id, box(g.querySelector('rect'))])]"
    )  # fmt: skip

    def meet(a: list[float], b: list[float]) -> bool:
        return (
            a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
        )

    assert len(labels) == len(PKG.text_rows("relationships")) and rects
    assert [
        (a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1 :] if meet(a[2], b[2])
    ] == []
    assert [(a[0], n) for a in labels for n, r in rects if meet(a[2], r)] == []
    curves = dict(_graph_edges((site / "graph.html").read_text(encoding="utf-8")))
    far = []
    for rel, text, (x, y, w, h) in labels:
        x0, y0, cx, cy, x1, y1 = curves[rel]
        near = min(
            math.hypot(px - x - w / 2, py - y - h / 2)
            for px, py in curve_points((x0, y0), (cx, cy), (x1, y1), 80)
        )
        if near > 24:  # three lines of its text: further off, it would read as another edge's
            far.append((rel, text, round(near)))
    assert far == []


def test_the_graph_is_legible_on_a_phone(browser: object, site: Path) -> None:
    visit(browser, site / "graph.html", "graph-phone", width=390)
    width, box, overflow = browser.execute_script(  # type: ignore[attr-defined]
        "const svg = document.querySelector('svg.graph');"
        "const fig = svg.closest('figure');"
        "return [svg.getBoundingClientRect().width, fig.clientWidth,"
        " document.documentElement.scrollWidth - document.documentElement.clientWidth]"
    )
    assert width >= 800 and box < width  # drawn at a size to read, scrolled in its own box
    assert overflow <= 1  # the page itself does not scroll sideways


def test_a_graph_node_links_to_its_actor_page(browser: object, site: Path) -> None:
    from selenium.webdriver.common.by import By

    visit(browser, site / "graph.html", "graph")
    edges = browser.find_elements(By.CSS_SELECTOR, "svg.graph g.edge")  # type: ignore[attr-defined]
    assert len(edges) == len(PKG.text_rows("relationships"))
    node = browser.find_element(By.CSS_SELECTOR, "svg.graph a.node")  # type: ignore[attr-defined]
    href = urljoin(browser.current_url, node.get_dom_attribute("href"))  # type: ignore[attr-defined]
    browser.get(href)  # type: ignore[attr-defined]
    assert "/actors/" in browser.current_url and browser.find_element(By.TAG_NAME, "h1").text  # type: ignore[attr-defined]


RAN = "window.planted=1"
PAYLOADS = [
    f"<script>{RAN}</script>",
    f'"><img src="https://example.invalid/a.gif" onerror="{RAN}">',
    f"</script><!--<script>{RAN}</script>",
    f"<svg onload='{RAN}'><a href='javascript:{RAN}'>x</a></svg>",
]


def _publisher_links(site: Path) -> list[tuple[str, str]]:
    """(a fact's quote, where it links on the publisher's page), from every table page's quote
    cells and every fact card."""
    out = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        for link, quote in re.findall(
            r'<td data-label="quote" class="long"><a href="([^"]+#:~:text=[^"]+)"[^>]*>(.*?)</a>',
            text,
        ):
            out.append((html.unescape(quote), html.unescape(link)))
        for card in re.findall(r'<article class="fact">(.*?)</article>', text, re.S):
            quote = re.search(r"<blockquote>(.*?)</blockquote>", card, re.S)
            link = re.search(r'<a href="([^"]+)"[^>]*class="at-publisher"', card)
            if quote and link:
                out.append((html.unescape(quote.group(1)), html.unescape(link.group(1))))
    return out


def test_every_fact_links_to_its_sentence_on_the_publishers_page(site: Path) -> None:
    """The link is the original publication's address and a text fragment of the quote, its
    terms percent-encoded as the Text Fragments specification asks ("-", "," and "&" too)."""
    links = _publisher_links(site)
    quotes = {r["quote"] for t in PKG.descriptor.resources if "quote" in t.field_names
              for r in PKG.text_rows(t.name)}  # fmt: skip
    assert quotes and {q for q, _ in links} == quotes  # every fact's quote links
    originals = {r["source_id"]: r["original_url"] or r["url"] for r in PKG.text_rows("sources")}
    for quote, link in links:
        base, fragment = link.split("#:~:text=")
        assert base in originals.values(), link
        terms = fragment.split(",")
        assert all(re.fullmatch(r"[A-Za-z0-9_.~%]+-?|-[A-Za-z0-9_.~%]+", t) for t in terms), link
        first, *rest = [unquote(t) for t in terms if not t.endswith("-") and not t.startswith("-")]
        assert " ".join(quote.split()).startswith(first) and " ".join(quote.split()).endswith(
            (rest or [first])[-1]
        ), (quote, terms)


def test_a_fact_link_opens_the_page_at_its_quote(
    browser: object, site: Path, tmp_path: Path, sources_dir: Path
) -> None:
    """Followed in Chromium to a stand-in for the publisher's page (the captured text, one
    paragraph to an element, far apart), every fact's text fragment scrolls to its quote."""
    source = PKG.text_rows("sources")[0]
    text = (sources_dir / f"{source['source_id']}.txt").read_text("utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    body = "".join(f'<p id="p{i}">{html.escape(p)}</p>' for i, p in enumerate(paragraphs))
    page = tmp_path / "publisher.html"
    page.write_text(
        f"<!DOCTYPE html><meta charset=utf-8><style>p{{margin:0 0 1500px}}</style>{body}", "utf-8"
    )
    checked = 0
    for quote, link in sorted(set(_publisher_links(site))):
        where = next(
            i for i, p in enumerate(paragraphs) if " ".join(quote.split()) in " ".join(p.split())
        )
        browser.get(page.as_uri() + "#" + link.split("#", 1)[1])  # type: ignore[attr-defined]
        top, bottom, height = browser.execute_script(  # type: ignore[attr-defined]
            f"const r = document.getElementById('p{where}').getBoundingClientRect();"
            "return [r.top, r.bottom, window.innerHeight]"
        )
        assert top < height and bottom > 0, (quote, top, bottom)  # its paragraph is on screen
        checked += 1
    assert checked >= len({q for q, _ in _publisher_links(site)})
    browser.save_screenshot(str(SCREENSHOTS / "publisher-fragment.png"))  # type: ignore[attr-defined]


def test_a_fork_with_planted_payloads_runs_no_script_and_requests_nothing(
    browser: object, tmp_path: Path
) -> None:
    """A fork plants script and remote requests in cells, names, the description and the
    changelog; every page of its site, opened in Chromium, runs only the site's own script."""
    from selenium.webdriver.common.by import By

    pkg = copy_package(tmp_path)
    payload = " ".join(PAYLOADS)
    path = pkg / "data" / "actors.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    hts = next(r for r in rows if r["actor_id"] == "hayat-tahrir-al-sham")
    hts["name"] += " " + PAYLOADS[1]
    hts["aliases"] += "|" + PAYLOADS[0]
    hts["note"] = "plantedword " + payload
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    data = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    data["description"] = payload
    data["title"] = PAYLOADS[2]
    (pkg / "datapackage.json").write_text(json.dumps(data), "utf-8")
    (pkg / "CHANGELOG.md").write_text(
        f"# Log\n\n![p](https://example.invalid/p.gif) [x](javascript:{RAN}) {payload}\n",
        "utf-8",
    )
    out = tmp_path / "public"
    build_site(out, pkg)
    pages = ["index.html", "actors.html", "graph.html", "search.html",
             "actors/hayat-tahrir-al-sham.html", "tables/actors.html"]  # fmt: skip
    for page in pages:
        visit(browser, out / page, f"planted-{page.replace('/', '-')[:-5]}")  # no console error
        assert browser.execute_script("return window.planted") is None, page  # type: ignore[attr-defined]
        text = browser.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        if page != "search.html":
            assert f'onerror="{RAN}"' in text, page  # the payload is shown, as text
        links = browser.execute_script(  # type: ignore[attr-defined]
            "return Array.from(document.querySelectorAll('[href],[src]'))"
            ".map(e => e.getAttribute('href') || e.getAttribute('src'))"
        )
        planted = [u for u in links if re.match(r"\s*javascript:", u, re.I) or "invalid" in u]
        assert not planted, page  # the source's own https links stay
    visit(browser, out / "search.html", "planted-search")
    box = browser.find_element(By.ID, "search")  # type: ignore[attr-defined]
    box.send_keys("plantedword")  # the search page draws its hits from the index: as text
    hits = browser.find_elements(By.CSS_SELECTOR, "#results li")  # type: ignore[attr-defined]
    assert hits and browser.execute_script("return window.planted") is None  # type: ignore[attr-defined]
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]  # type: ignore[attr-defined]
    assert not errors, errors


def test_the_readme_graph_is_mermaid_that_renders_one_edge_per_row(
    browser: object, tmp_path: Path
) -> None:
    """docs/site.md's generated Mermaid block, drawn by Mermaid itself (from npm) in Chromium."""
    from npm_tools import MERMAID, npm_package

    try:
        script = npm_package(*MERMAID) / MERMAID[2]
    except OSError as exc:
        if os.environ.get("JDS_REQUIRE_MERMAID"):
            raise
        pytest.skip(f"Mermaid is not here: {exc}")
    readme = (ROOT / "docs" / "site.md").read_text(encoding="utf-8")
    block = (
        readme.split("<!-- BEGIN graph -->", 1)[1].split("```mermaid\n", 1)[1].split("```", 1)[0]
    )
    page = tmp_path / "graph.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        f'<script src="{script.as_uri()}"></script></head><body>'
        f'<pre class="mermaid">{block.replace("&", "&amp;").replace("<", "&lt;")}</pre></body></html>',
        encoding="utf-8",
    )
    browser.get(page.as_uri())  # type: ignore[attr-defined]
    outcome = browser.execute_async_script(  # type: ignore[attr-defined]
        "const done = arguments[arguments.length - 1];"
        "mermaid.initialize({startOnLoad: false});"
        "mermaid.run().then(() => done('drawn')).catch((e) => done(String(e)));"
    )
    assert outcome == "drawn"
    edges = browser.execute_script(  # type: ignore[attr-defined]
        "return document.querySelectorAll('pre.mermaid svg path.flowchart-link').length"
    )
    assert edges == len(PKG.text_rows("relationships"))
    labels = browser.execute_script(  # type: ignore[attr-defined]
        "return Array.from(document.querySelectorAll('pre.mermaid svg .nodeLabel')).map(n => n.textContent)"
    )
    names = {r["actor_id"]: r["name"] for r in PKG.text_rows("actors")}
    used = {
        names[r[f]] for r in PKG.text_rows("relationships") for f in ("subject_id", "object_id")
    }
    assert used <= set(labels)
    browser.set_window_size(1600, 1200)  # type: ignore[attr-defined]
    browser.save_screenshot(str(SCREENSHOTS / "readme-mermaid.png"))  # type: ignore[attr-defined]


CONTRAST = """
const luminance = (rgb) => {
  const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const parse = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
const background = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
const worst = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  const el = node.parentElement;
  if (!node.textContent.trim() || !el || el.closest("svg") || el.closest("[hidden]")) continue;
  const style = getComputedStyle(el);
  if (style.visibility === "hidden" || style.display === "none") continue;
  const fg = parse(style.color).slice(0, 3), bg = background(el);
  const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  if (ratio < 4.5) worst.push([node.textContent.trim().slice(0, 40), style.color, ratio.toFixed(2)]);
}
return worst;
"""


def test_every_text_has_enough_contrast(browser: object, site: Path) -> None:
    """WCAG AA: each piece of text against the background it is drawn on, at least 4.5:1."""
    for page in ("index.html", "tables/counts.html", "actors/hayat-tahrir-al-sham.html", "graph.html",
                 "search.html", "actors.html"):  # fmt: skip
        browser.get((site / page).as_uri())  # type: ignore[attr-defined]
        low = browser.execute_script(CONTRAST)  # type: ignore[attr-defined]
        assert not low, (page, low[:5])
