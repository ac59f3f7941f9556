"""The import page in a real browser (issue 3): a real CSV file chosen and sent by upload.js with its progress
bar over a slowed-down network, the batch page with its counts, the problems report downloaded; bad files
refused with a clear message and nothing imported; the same in Dari (right to left); and the plain form post
when JavaScript is off.

Tasks run immediately in tests (tests/settings.py), so the import has finished when the upload's answer comes.
"""

import csv
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from hamkari.incidents.models import ImportBatch, ImportStatus, Incident
from tests.browser.helpers import log_in_by_cookie
from tests.factories import make_user
from tests.incidents.importing.files import IDS_HEADER, csv_text, ids_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IMPORT_URL = "/incidents/import/"
BATCH_URL = re.compile(r"/incidents/import/(\d+)/$")
HAMKARI_HEADER = ["national_reference", "date", "country", "province", "substance", "amount", "unit", "narrative"]
# Bytes per second the browser may send: a file of some 60 kB then takes over two seconds to go up, so that the
# upload's progress events fire in several steps (on the loopback interface it would go up in one).
SLOW_UPLOAD = 25_000

# Watches the upload bar from the page's first script on and reports each value it takes to the test; the
# values survive the navigation to the batch page that ends the upload. Run through the DevTools protocol, so
# the Content Security Policy (no inline script) does not apply to it.
WATCH_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.getElementById("upload-bar");
  const box = document.getElementById("upload-progress");
  if (!bar || !box) { return; }
  new MutationObserver(() => window.recordUploadProgress(Number(bar.value), !box.hidden))
    .observe(bar, {attributes: true, attributeFilter: ["value"]});
  const percent = document.getElementById("upload-percent");
  if (percent) {
    new MutationObserver(() => window.recordUploadPercent(percent.textContent))
      .observe(percent, {childList: true, characterData: true, subtree: true});
  }
});
"""


@pytest.fixture
def reporter(af_agency):
    return make_user("af_reporter", af_agency, ["reporter"])


def hamkari_file(path, valid_rows=4):
    """A Hamkari-template CSV: `valid_rows` incidents with long narratives (the file is some 60 kB), then one
    row whose date does not exist. Its row number as a spreadsheet shows it is valid_rows + 2."""
    rows = []
    for n in range(valid_rows):
        story = f"Search of truck {n} at the Torkham crossing; the heroin was inside the fuel tank. " * 180
        rows.append({"national_reference": f"KBL-2024-{n:04d}", "date": f"2024-03-{n + 1:02d}", "country": "AF",
                     "province": "Nangarhar", "substance": "heroin", "amount": f"{n + 1}.5", "unit": "kg",
                     "narrative": story.strip()})
    rows.append({"national_reference": "KBL-2024-BAD", "date": "31/02/2024", "country": "AF",
                 "province": "Nangarhar", "substance": "heroin", "amount": "3", "unit": "kg"})
    path.write_text(csv_text(HAMKARI_HEADER, rows), encoding="utf-8")
    return path


def ids_file(path, valid_rows=3):
    """An IDS CSV: valid seizures, then one row with a drug name that is not in the vocabulary."""
    first = dt.date(2023, 1, 1)
    rows = [ids_row(SEIZURE_DATE=(first + dt.timedelta(days=n)).isoformat(), AMOUNT=f"{n + 2}")
            for n in range(valid_rows)]
    rows.append(ids_row(DRUG_NAME="Heroinn"))
    path.write_text(csv_text(IDS_HEADER, rows), encoding="utf-8")
    return path


def slow_down_uploads(page, bytes_per_second=SLOW_UPLOAD):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": bytes_per_second})
    return cdp


PERCENT_TEXTS: dict[int, list[str]] = {}  # page -> the texts beside the bar, in order


def watch_progress(page):
    """The values the upload bar takes, as (value, box visible) pairs, in order."""
    seen = []
    page.expose_function("recordUploadProgress", lambda value, visible: seen.append((value, visible)))
    page.expose_function("recordUploadPercent", lambda text: PERCENT_TEXTS.setdefault(id(page), []).append(text))
    page.add_init_script(WATCH_PROGRESS)
    return seen


def choose(page, path, *, fmt):
    page.locator("#id_file").set_input_files(str(path))
    page.locator("#id_format").select_option(fmt)
    page.locator("#id_handling").select_option("national")


def read_report(download) -> list[list[str]]:
    with open(download.path(), encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def assert_clean(page, *, expected_failures=()):
    """No script error, no console error and no asset that failed to load. `expected_failures` are statuses
    the import page answers on purpose (Chromium logs a console error for any request answered 4xx)."""
    console = [text for text in page.log.console_errors
               if not any(f"status of {status}" in text for status in expected_failures)]
    assert not page.log.page_errors and not console and not page.log.asset_failures(), page.log


def test_upload_with_progress_bar_then_counts_and_report(live_server, page, reporter, tmp_path):
    path = hamkari_file(tmp_path / "seizures-march.csv")
    assert path.stat().st_size > 2 * SLOW_UPLOAD  # over two seconds of upload: several progress events
    progress = watch_progress(page)
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto(IMPORT_URL)
    expect(page.locator("#upload-progress")).to_be_hidden()
    expect(page.locator("script[src$='/hamkari/upload.js']")).to_have_count(1)
    choose(page, path, fmt="hamkari")

    slow_down_uploads(page)
    page.locator("#import-submit").click()
    # While the file goes up: the bar shows, the button cannot be pressed twice, the page has not moved.
    expect(page.locator("#upload-progress")).to_be_visible()
    expect(page.locator("#import-submit")).to_be_disabled()
    page.wait_for_url(BATCH_URL)

    values = [value for value, _ in progress]
    steps = [v for v in values if 0 < v < 100]
    assert len(set(steps)) >= 2, f"the bar did not advance in steps: {values}"
    assert values == sorted(values), f"the bar went backwards: {values}"
    assert values[-1] == 100, f"the bar never reached the end: {values}"
    assert all(visible for value, visible in progress if value > 0), progress

    batch = ImportBatch.objects.get()
    assert page.url.endswith(f"/incidents/import/{batch.pk}/")
    assert (batch.status, batch.filename, batch.size) == (ImportStatus.DONE, path.name, path.stat().st_size)
    status = page.locator("#import-status")
    expect(status).to_have_attribute("data-status", "done")
    expect(page.locator("#count-imported")).to_have_text("4")
    expect(page.locator("#count-rejected")).to_have_text("1")
    expect(status.locator("h3")).to_have_text("1 problem")
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td").nth(0)).to_have_text("6")
    expect(problem.locator("td").nth(1)).to_have_text("date")
    expect(problem.locator("td").nth(2)).to_contain_text("February 2024 has 29 days")
    expect(status).not_to_have_attribute("hx-trigger", re.compile("."))  # finished: no more polling

    with page.expect_download() as waiting:
        page.locator("#download-report").click()
    download = waiting.value
    assert download.suggested_filename == f"import-{batch.pk}-report.csv"
    report = read_report(download)
    assert report[0] == ["row", "column", "reason", "value"]
    assert len(report) == 2, report
    row, column, reason, value = report[1]
    assert (row, column, value) == ("6", "date", "31/02/2024")
    assert "not a real date" in reason and "29 days" in reason, reason

    # The four good rows are in the database, whole; the bad one is not, and is not lost: it is in the report.
    incidents = Incident.objects.order_by("national_reference")
    assert list(incidents.values_list("national_reference", flat=True)) == [f"KBL-2024-{n:04d}" for n in range(4)]
    assert all(i.owner_agency_id == reporter.agency_id and len(i.narrative) > 10_000 for i in incidents)
    assert not Incident.objects.filter(national_reference="KBL-2024-BAD").exists()
    assert batch.problems == [{"row": 6, "column": "date", "reason": reason, "value": "31/02/2024"}]

    # Back on the import page, the agency's imports list this one.
    page.goto(IMPORT_URL)
    expect(page.locator("#import-batches tbody tr")).to_have_count(1)
    expect(page.locator("#import-batches tbody tr").first).to_contain_text(path.name)
    assert_clean(page)


def test_a_file_that_is_not_a_table_is_refused_and_nothing_is_created(live_server, page, reporter, tmp_path):
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto(IMPORT_URL)
    page.evaluate("window.importPageMarker = 'still here'")
    choose(page, picture, fmt="hamkari")
    with page.expect_response(lambda r: r.url.endswith(IMPORT_URL) and r.request.method == "POST") as answer:
        page.locator("#import-submit").click()
    assert answer.value.status == 400
    # The server's form, with its message, replaces the form in place: no page load, the button works again.
    expect(page.locator("#import-form .errorlist")).to_contain_text("Upload a CSV file (.csv) or an Excel workbook")
    assert page.evaluate("window.importPageMarker") == "still here"
    expect(page.locator("#import-submit")).to_be_enabled()
    expect(page.locator("#upload-progress")).to_be_hidden()
    assert not ImportBatch.objects.exists() and not Incident.objects.exists()
    assert_clean(page, expected_failures=(400,))


def test_a_binary_file_named_csv_fails_whole_with_a_reason(live_server, page, reporter, tmp_path):
    blob = tmp_path / "seizures.csv"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64)
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto(IMPORT_URL)
    choose(page, blob, fmt="ids")
    page.locator("#import-submit").click()
    page.wait_for_url(BATCH_URL)

    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and batch.message
    expect(page.locator("#import-status")).to_have_attribute("data-status", "failed")
    expect(page.locator("#import-message")).to_have_text(batch.message)
    expect(page.locator("#import-message")).to_contain_text("Save the file as CSV UTF-8")
    expect(page.locator("#import-status")).to_contain_text("Nothing of this file was imported.")
    expect(page.locator("#count-imported")).to_have_text("0")
    assert not Incident.objects.exists()
    assert_clean(page)


def test_a_file_over_the_limit_is_refused_before_it_is_sent(live_server, page, reporter, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 20_000
    path = hamkari_file(tmp_path / "too-big.csv")
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto(IMPORT_URL)
    expect(page.locator("#import-form")).to_have_attribute("data-max-bytes", "20000")
    choose(page, path, fmt="hamkari")
    page.locator("#import-submit").click()
    expect(page.locator("#import-error")).to_contain_text("larger than the limit")
    expect(page.locator("#import-error")).to_have_attribute("role", "alert")
    page.wait_for_timeout(300)  # a request, had one started, would show up by now
    assert posts == [] and page.url.endswith(IMPORT_URL)
    assert not ImportBatch.objects.exists() and not Incident.objects.exists()
    assert_clean(page)


def test_upload_in_dari_right_to_left(live_server, new_page, reporter, tmp_path):
    page = new_page(locale="fa-AF")
    path = ids_file(tmp_path / "ids-1402.csv", valid_rows=300)  # some 55 kB
    progress = watch_progress(page)
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto(IMPORT_URL)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#import-submit")).not_to_have_text("Upload and import")  # translated
    choose(page, path, fmt="ids")
    slow_down_uploads(page)
    page.locator("#import-submit").click()
    expect(page.locator("#upload-progress")).to_be_visible()
    page.wait_for_url(BATCH_URL)

    values = [value for value, _ in progress]
    assert len({v for v in values if 0 < v < 100}) >= 2 and values[-1] == 100, values
    texts = [t for t in PERCENT_TEXTS.get(id(page), []) if t]
    assert texts and all(re.fullmatch(r"[۰-۹]+\s?٪", t) for t in texts), texts  # Persian digits and sign
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#count-imported")).to_have_text("۳۰۰")  # Persian digits
    expect(page.locator("#count-rejected")).to_have_text("۱")
    expect(page.locator("#import-problems tbody tr td").nth(1)).to_have_text("DRUG_NAME")
    with page.expect_download() as waiting:
        page.locator("#download-report").click()
    report = read_report(waiting.value)
    assert [r[:2] for r in report[1:]] == [["302", "DRUG_NAME"]] and report[1][3] == "Heroinn", report
    assert Incident.objects.count() == 300
    assert_clean(page)


def test_without_javascript_the_form_posts_and_lands_on_the_batch(live_server, new_page, reporter, tmp_path):
    page = new_page(java_script_enabled=False)
    path = ids_file(tmp_path / "plain.csv")
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto(IMPORT_URL)
    choose(page, path, fmt="ids")
    with page.expect_navigation(wait_until="load") as navigation:
        page.locator("#import-submit").click()
    # The plain post is answered with a redirect to the batch page.
    assert navigation.value.request.redirected_from.method == "POST"
    batch = ImportBatch.objects.get()
    expect(page).to_have_url(re.compile(rf"/incidents/import/{batch.pk}/$"))
    expect(page.locator("#count-imported")).to_have_text("3")
    expect(page.locator("#count-rejected")).to_have_text("1")
    expect(page.locator("#import-problems")).to_contain_text("Heroinn")
    assert Incident.objects.count() == 3 and batch.rows_rejected == 1
    assert_clean(page)


def test_without_javascript_the_server_refuses_a_file_over_the_limit(live_server, new_page, reporter, tmp_path,
                                                                      settings):
    settings.IMPORT_MAX_BYTES = 20_000
    page = new_page(java_script_enabled=False)
    path = hamkari_file(tmp_path / "too-big.csv")
    log_in_by_cookie(page.context, reporter, live_server.url)
    page.goto(IMPORT_URL)
    choose(page, path, fmt="hamkari")
    with page.expect_navigation(wait_until="load") as navigation:
        page.locator("#import-submit").click()
    assert navigation.value.status == 413
    expect(page.locator("#import-error")).to_contain_text("more than the limit of")
    assert not ImportBatch.objects.exists() and not Incident.objects.exists()
    assert_clean(page, expected_failures=(413,))
