# Shoreline dashboard image: slim Python, non-root, health-checked.
# build the wheel from the repository (the same wheel `pipx install .` makes), then install only
# that: the image holds the tool, not the source tree
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY . .
RUN pip install build==1.6.1 && python -m build --wheel --outdir /dist .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SHORELINE_DB=/data/scenarios.db
COPY requirements.txt /tmp/requirements.txt
COPY --from=wheel /dist/*.whl /tmp/
# the app's pinned, tested set first, then the wheel (its ranges are met by the pins)
RUN pip install -r /tmp/requirements.txt && pip install /tmp/*.whl && rm /tmp/*.whl
WORKDIR /app
RUN useradd --create-home --uid 10001 shoreline \
    && mkdir -p /data && chown shoreline /data
USER shoreline
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"

CMD ["shoreline", "serve", "--port", "8501", "--address", "0.0.0.0"]
