"""Deadline day, the connection drops while typing: the browser keeps the answers and sends them.

The network is cut half-way through the form (Playwright's offline mode). What is typed
offline stays in this browser's localStorage, the page says so in its live region, and when
the connection returns every answer reaches the server, version-checked, and the copy is
removed. A copy typed on an older version never overwrites newer saved answers.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from applications.models import Application
from applications.services import application_save_draft, application_start
from socialtech.tenancy.context import tenant_context
from tests.e2e.conftest import shot
from tests.e2e.helpers import label, open_call, sign_in, wait_for_autosave
from tests.factories import OrganisationFactory, UserFactory

OFFLINE_MESSAGE = (
    "You are offline. Your answers are kept in this browser and will be sent when the "
    "connection returns."
)


def stored(tenant, pk):
    with tenant_context(tenant):
        return Application.objects.get(pk=pk)


def kept_copy(page, key):
    raw = page.evaluate("key => window.localStorage.getItem(key)", f"socialtech.draft.{key}")
    return json.loads(raw) if raw else None


def start_draft(tenant, email):
    user = UserFactory(email=email)
    with tenant_context(tenant):
        call = open_call(tenant, reference="OFF1")
        organisation = OrganisationFactory(owner=user, legal_name="Cooperativa Senza Rete")
        draft = application_start(call=call, organisation=organisation, user=user)
    return user, draft


def test_answers_typed_offline_are_kept_and_sent_when_the_connection_returns(
    page, live_server, e2e_tenant
):
    user, draft = start_draft(e2e_tenant, "offline.typing@example.org")
    key = f"{draft.pk}.{user.pk}"
    sign_in(page, email=user.email)
    page.wait_for_url(live_server.url + "/")
    page.goto(f"/applications/{draft.pk}/")

    title = page.get_by_label(label("Project title"))
    title.fill("Care robots for rural elders")
    title.press("Tab")
    wait_for_autosave(page)
    assert stored(e2e_tenant, draft.pk).answers.get("project_title") == (
        "Care robots for rural elders"
    )

    # The network goes away half-way through the form.
    page.context.set_offline(True)
    challenge = page.get_by_label(label("Social challenge"))
    challenge.fill("Older people in rural areas lack daily support.")
    title.fill("Care robots for rural elders, second draft")
    page.get_by_label(label("Team size")).fill("12")
    page.get_by_label(label("Team size")).press("Tab")
    status = page.locator("#autosave-status")
    expect(status).to_have_text(OFFLINE_MESSAGE)
    assert status.get_attribute("aria-live") == "polite"
    copy = kept_copy(page, key)
    assert copy is not None, "the unsent answers are not kept in localStorage"
    answers = dict(copy["answers"])
    assert answers["project_title"] == "Care robots for rural elders, second draft"
    assert answers["social_challenge"] == "Older people in rural areas lack daily support."
    assert answers["team_size"] == "12"
    # Nothing typed offline reached the server.
    assert stored(e2e_tenant, draft.pk).answers.get("project_title") == (
        "Care robots for rural elders"
    )
    shot(page, "offline-kept")

    # The connection returns: everything is sent and the page says when it was saved.
    page.context.set_offline(False)
    wait_for_autosave(page)
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d(:\d\d)? \(.+\)$"))
    saved = stored(e2e_tenant, draft.pk).answers
    assert saved.get("project_title") == "Care robots for rural elders, second draft"
    assert saved.get("social_challenge") == "Older people in rural areas lack daily support."
    assert str(saved.get("team_size")) in {"12", "12.0", "12.00"}
    assert kept_copy(page, key) is None, "the local copy is not cleared once saved"
    shot(page, "back-online-saved")


def test_a_copy_typed_on_an_older_version_does_not_overwrite_newer_answers(
    page, live_server, e2e_tenant
):
    user, draft = start_draft(e2e_tenant, "offline.stale@example.org")
    key = f"{draft.pk}.{user.pk}"
    sign_in(page, email=user.email)
    page.wait_for_url(live_server.url + "/")
    page.goto(f"/applications/{draft.pk}/")

    page.context.set_offline(True)
    page.get_by_label(label("Project title")).fill("Typed offline, on the old version")
    expect(page.locator("#autosave-status")).to_have_text(OFFLINE_MESSAGE)
    assert kept_copy(page, key) is not None

    # Meanwhile a co-applicant saves a newer version on the server.
    current = stored(e2e_tenant, draft.pk)
    with tenant_context(e2e_tenant):
        application_save_draft(
            application=current,
            user=user,
            answers={**current.answers, "project_title": "Saved by a co-applicant"},
            version=current.version,
        )

    # Back online, the stale copy is refused by the version check: nothing is overwritten,
    # the page says so, and the copy stays in the browser to compare.
    page.context.set_offline(False)
    wait_for_autosave(page, "conflict")
    assert stored(e2e_tenant, draft.pk).answers.get("project_title") == "Saved by a co-applicant"
    assert kept_copy(page, key) is not None

    # Reloaded, the page shows the saved answers and offers the kept copy for comparison.
    page.get_by_role("link", name="Load the newer version").click()
    panel = page.locator("#offline-copy-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Typed offline, on the old version")
    assert page.get_by_label(label("Project title")).input_value() == "Saved by a co-applicant"
    assert stored(e2e_tenant, draft.pk).answers.get("project_title") == "Saved by a co-applicant"
    shot(page, "stale-copy-offered")
    panel.get_by_role("button", name="Discard my copy").click()
    expect(panel).to_be_hidden()
    assert kept_copy(page, key) is None
