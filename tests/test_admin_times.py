"""The back office's zoned time columns: made once per admin, headed by the request's zone."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.utils import timezone

from calls.models import Call


def test_each_time_column_is_made_once_and_names_the_zone_active_when_drawn():
    call_admin = admin.site._registry[Call]
    column = call_admin.zoned_column__opens_at
    assert call_admin.zoned_column__opens_at is column
    assert column.admin_order_field == "opens_at"

    with timezone.override("Europe/Rome"):
        rome = str(label_for_field(column, Call, call_admin))
    with timezone.override("Asia/Tokyo"):
        tokyo = str(label_for_field(column, Call, call_admin))

    assert rome.endswith("(Europe/Rome)")
    assert tokyo.endswith("(Asia/Tokyo)")
    assert callable(call_admin.zoned_field__opens_at)
    assert not hasattr(call_admin, "zoned_column__title")
