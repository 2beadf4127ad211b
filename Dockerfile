# Shoreline dashboard image: slim Python, non-root, health-checked.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SHORELINE_DB=/data/scenarios.db

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY app.py ./
COPY .streamlit ./.streamlit
COPY pages ./pages
COPY ui ./ui
COPY sourcing ./sourcing
COPY data ./data
COPY static ./static

RUN useradd --create-home --uid 10001 shoreline \
    && mkdir -p /data && chown shoreline /data
USER shoreline
VOLUME ["/data"]
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"

CMD ["python", "-m", "ui.serve", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
