# kolplatform image: web (gunicorn), Celery worker and beat share it (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders PDFs with Pango; DejaVu covers Cyrillic. The .mo catalogues are committed,
# so gettext is not needed at run time. postgresql-client (15, as the server) for backup/restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core curl postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

COPY . .
# Static files are collected at build time and served by whitenoise.
RUN DEBUG=0 SECRET_KEY=build-only FIELD_ENCRYPTION_KEYS=build-only \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 kol \
    && mkdir -p /app/var/media /app/var/backups \
    && chown -R kol:kol /app/var

USER kol
ENV STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/var/media
EXPOSE 8000
CMD ["gunicorn", "kolplatform.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--timeout", "60", "--access-logfile", "-"]
