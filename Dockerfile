# One image for every mercredi service (api, portal, cockpit, mlflow, the first-start steps),
# built from the repository root with uv; the `cron` target adds supercronic.
#   docker compose build        (compose.yml passes the build arguments)

FROM python:3.11-slim-bookworm AS app
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /bin/
# libgomp1: LightGBM's OpenMP; curl: the healthchecks.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends libgomp1 curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1
WORKDIR /app
# Dependencies first (cached while only the code changes), then the project itself.
COPY pyproject.toml uv.lock .python-version README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY landing ./landing
COPY crawlers ./crawlers
COPY warehouse ./warehouse
COPY predictor ./predictor
COPY portal ./portal
COPY cockpit ./cockpit
COPY cron ./cron
RUN uv sync --frozen --no-dev
RUN useradd --uid 10001 --create-home mercredi \
    && mkdir -p /data /mlartifacts \
    && chown mercredi:mercredi /data /mlartifacts
USER mercredi
ENV MERCREDI_DATA_DIR=/data \
    MERCREDI_HISTORY_DIR=/seed/jpbox-history
CMD ["mercredi", "--help"]

FROM app AS cron
USER root
# supercronic runs cron/crontab in the foreground and logs each job's output to stdout.
ARG SUPERCRONIC_VERSION=v0.2.33
ARG SUPERCRONIC_SHA1SUM
RUN test -n "$SUPERCRONIC_SHA1SUM" \
        || (echo "set SUPERCRONIC_SHA1SUM to the SHA1 of supercronic-linux-amd64 $SUPERCRONIC_VERSION (release page)" && exit 1) \
    && curl -fsSLo /usr/local/bin/supercronic \
        "https://github.com/aptible/supercronic/releases/download/${SUPERCRONIC_VERSION}/supercronic-linux-amd64" \
    && echo "${SUPERCRONIC_SHA1SUM}  /usr/local/bin/supercronic" | sha1sum -c - \
    && chmod +x /usr/local/bin/supercronic
USER mercredi
CMD ["supercronic", "/app/cron/crontab"]
