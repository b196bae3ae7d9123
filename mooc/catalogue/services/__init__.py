"""Writes on the course library, by the programme's staff: a course and its state
(draft, published, archived), its modules, lessons, quizzes, questions and answers.

Each checks its rules, writes and records its audit row in one transaction. Refusals raise
``CourseError`` naming the field and the rule.
"""

from mooc.catalogue.services.common import (
    LESSON_FILE_TYPES,
    RESERVED_SLUGS,
    sanitise_lesson_body,
)
from mooc.catalogue.services.courses import (
    COURSE_TRANSITIONS,
    course_archive,
    course_publish,
    course_save,
)
from mooc.catalogue.services.lessons import lesson_delete, lesson_save, module_delete, module_save
from mooc.catalogue.services.quizzes import (
    choices_problem,
    question_delete,
    question_save,
    quiz_save,
)

__all__ = [
    "COURSE_TRANSITIONS",
    "LESSON_FILE_TYPES",
    "RESERVED_SLUGS",
    "choices_problem",
    "course_archive",
    "course_publish",
    "course_save",
    "lesson_delete",
    "lesson_save",
    "module_delete",
    "module_save",
    "question_delete",
    "question_save",
    "quiz_save",
    "sanitise_lesson_body",
]
