"""Who sees and changes an application in the applicant pages."""

from __future__ import annotations

import pytest

from applications.permissions import can_edit_application, can_view_application
from applications.selectors import application_get_for_member
from applications.services import application_start
from tests.factories import UserFactory


@pytest.fixture
def draft(call_a, organisation, applicant):
    return application_start(call=call_a, organisation=organisation, user=applicant)


def test_owner_and_editor_of_the_organisation_view_and_edit(draft, organisation, applicant):
    editor = UserFactory(email="editor@example.org")
    organisation.members.create(user=editor, role="editor")
    for user in (applicant, editor):
        assert can_view_application(user, draft)
        assert can_edit_application(user, draft)


def test_people_outside_the_organisation_see_nothing(draft, alice, bob):
    operator = UserFactory(email="operator@example.org", is_superuser=True)
    stranger = UserFactory(email="stranger@example.org")
    for user in (stranger, alice, bob, operator):
        assert not can_view_application(user, draft)
        assert not can_edit_application(user, draft)


def test_anonymous_and_inactive_users_see_nothing(draft, applicant):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view_application(AnonymousUser(), draft)
    applicant.is_active = False
    applicant.save()
    assert not can_view_application(applicant, draft)


def test_an_application_loaded_for_a_member_needs_no_query_to_check(
    draft, applicant, django_assert_num_queries
):
    loaded = application_get_for_member(user=applicant, pk=draft.pk)
    with django_assert_num_queries(0):
        assert can_view_application(applicant, loaded)
        assert can_edit_application(applicant, loaded)


def test_the_role_loaded_for_one_user_is_not_used_for_another(draft, applicant):
    loaded = application_get_for_member(user=applicant, pk=draft.pk)
    stranger = UserFactory(email="stranger@example.org")
    assert not can_view_application(stranger, loaded)
