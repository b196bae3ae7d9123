from django.urls import path

from vouchers.redemption import views

urlpatterns = [
    path("work/", views.work, name="vouchers_work"),
    path("<str:code>/choose/", views.choose_provider, name="vouchers_choose_provider"),
    path(
        "<str:code>/choose/withdraw/",
        views.withdraw_provider,
        name="vouchers_withdraw_provider",
    ),
    path("<str:code>/answer/", views.provider_answer, name="vouchers_provider_answer"),
    path("<str:code>/delivery/", views.confirm_delivery, name="vouchers_confirm_delivery"),
]
