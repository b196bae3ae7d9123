# Production image: gunicorn serves the web app; the same image runs the worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=socialtech.settings \
    VAR_DIR=/app/var

# WeasyPrint needs Pango; libharfbuzz-subset0 makes PDF font subsetting about five times faster.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core shared-mime-info curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# collectstatic runs with production settings so the hashed manifest matches at run time.
RUN useradd --create-home --uid 1000 socialtech \
 && mkdir -p /app/var/static /app/var/media \
 && DEBUG=0 SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdef \
      python manage.py collectstatic --noinput \
 && chown -R socialtech /app/var

USER socialtech
EXPOSE 8000
CMD ["gunicorn", "socialtech.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
