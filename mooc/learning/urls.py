"""The learner's pages under /courses/ (names are global, like the other course pages)."""

from django.urls import path

from mooc.learning import views

urlpatterns = [
    path("mine/", views.my_learning, name="mooc_my_learning"),
    path("<slug:slug>/enrol/", views.enrol, name="mooc_enrol"),
    path("<slug:slug>/lessons/<int:pk>/", views.lesson, name="mooc_lesson"),
    path("<slug:slug>/lessons/<int:pk>/file/", views.lesson_file, name="mooc_lesson_file"),
    path("<slug:slug>/lessons/<int:pk>/quiz/", views.quiz, name="mooc_quiz"),
]
