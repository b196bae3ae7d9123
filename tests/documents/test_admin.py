from __future__ import annotations

from django.test import Client

from tests.conftest import HOST_B, login

CHANGELIST = "/admin/documents/storeddocument/"


def test_staff_see_their_tenants_documents_read_only(client, alice, stored_document):
    login(client, alice, mfa=True)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert stored_document.code in response.content.decode()
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert (
        client.post(f"{CHANGELIST}{stored_document.pk}/delete/", {"post": "yes"}).status_code == 403
    )


def test_staff_of_another_tenant_do_not_see_the_document(charlie, stored_document):
    client = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert stored_document.code not in response.content.decode()
    assert client.get(f"{CHANGELIST}{stored_document.pk}/change/").status_code == 404
