"""Events: published by the programme's staff, registered for by signed-in people, with a
waiting list when full, reminders and an iCalendar file."""
