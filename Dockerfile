# The auditor as a service. Build from the checkout: docker compose up --build
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN useradd --create-home --uid 10001 auditor
COPY pyproject.toml README.md alembic.ini ./
COPY alembic ./alembic
COPY auditor ./auditor
COPY connectors ./connectors
COPY rules ./rules
RUN pip install --no-cache-dir -e . && mkdir -p /app/var && chown auditor /app/var
USER auditor
ENV AUDITOR_CONFIG=/config/auditor.yaml AUDITOR_DATA_DIR=/app/var
CMD ["auditor", "serve"]
