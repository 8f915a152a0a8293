"""The FastAPI application: the JSON API under /api, its OpenAPI document and local Swagger UI, and the web UI.

`create_app(store_path, ...)` is all a caller needs (the `serve` command, the tests, the load benchmark). The app
reads the store through `StoreAccess`; extraction (POST /api/extract, ingest, the feed watcher) uses one
`Pipeline`, loaded on first use so a read-only server starts in a second and never pays for spaCy unless asked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator

from eventwire.errors import DocumentError, InputError
from eventwire.ingest.reading import (
    MAX_CHARS,
    RawArticle,
    check_text,
    text_id,
)
from eventwire.server import queries
from eventwire.server.access import QueryTimeout, StoreAccess
from eventwire.server.cache import MAX_BYTES as MAX_CACHE
from eventwire.server.filters import (
    CLUSTER_SORTS,
    DYAD_LEVELS,
    SORTS,
    TIMELINE_KEYS,
    BadParameter,
    EventFilter,
)
from eventwire.server.security import MAX_BODY, BodyLimit, token_matches
from eventwire.store.schema import StoreError

STATIC = Path(__file__).resolve().parent / "static"
MAX_PAGE = 500
"""Largest page a list endpoint returns; downloads stream the whole filtered set instead."""
MAX_BATCH = 50
"""Most documents one POST /api/documents may carry."""
TEXT = 200
"""Longest filter value accepted (names, codes, ids)."""


class PipelineHolder:
    """One Pipeline for the process, made on first use; extraction runs one document batch at a time (a spaCy
    pipeline is not safe to share between threads)."""

    def __init__(self, pipeline=None, factory: Callable[[], Any] | None = None):
        self.pipeline = pipeline
        self.factory = factory
        self.lock = threading.Lock()

    def extract_many(self, raws: list[RawArticle]) -> list:
        with self.lock:
            if self.pipeline is None:
                if self.factory is None:
                    import eventwire

                    self.factory = eventwire.Pipeline
                self.pipeline = self.factory()
            return list(self.pipeline.extract_many(raws))


class Article(BaseModel):
    """One article to extract: its text, or an HTML page to read the article from."""

    text: str | None = Field(None, max_length=MAX_CHARS, description="Plain text of the article")
    html: str | None = Field(None, max_length=MAX_CHARS, description="An HTML page holding the article")
    title: str | None = Field(None, max_length=1000)
    published: dt.date | None = Field(None, description="Publication date (YYYY-MM-DD)")
    url: str | None = Field(None, max_length=2000, description="Where the article is from; its identity when given")

    @model_validator(mode="after")
    def one_body(self) -> Article:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self

    def raw(self, origin: str) -> RawArticle:
        """The article as the pipeline reads it; InputError when its text cannot be analysed."""
        published = self.published.isoformat() if self.published else None
        if self.html is not None:
            from eventwire.ingest.html import read_html

            raw = read_html(self.html, origin, url=self.url)
            raw.published = published or raw.published
            raw.title = self.title or raw.title
            return raw
        text = check_text(self.text or "", origin)
        return RawArticle(id=self.url or text_id(text), text=text, origin=origin, title=self.title,
                          published=published, url=self.url)


class Batch(BaseModel):
    documents: list[Article] = Field(..., min_length=1, max_length=MAX_BATCH)


def event_filter(
    actor: Annotated[str | None, Query(
        max_length=TEXT, description="Either side: country (PRK), actor code or prefix (PRKGOV), or corpus actor id")] = None,
    source: Annotated[str | None, Query(max_length=TEXT, description="The source side, as `actor`")] = None,
    target: Annotated[str | None, Query(max_length=TEXT, description="The target side, as `actor`")] = None,
    country: Annotated[str | None, Query(max_length=3, description="Either side's country (ISO 3166 alpha-3)")] = None,
    dyad: Annotated[str | None, Query(max_length=2 * TEXT + 1, description="Two actors or countries, either direction: PRK,RUS")] = None,
    plover: Annotated[str | None, Query(max_length=40, description="PLOVER event type, e.g. CONSULT")] = None,
    cameo: Annotated[str | None, Query(max_length=4, description="CAMEO code or prefix, e.g. 04 or 042")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal cooperation .. 4 material conflict")] = None,
    since: Annotated[dt.date | None, Query(description="First day, inclusive")] = None,
    until: Annotated[dt.date | None, Query(description="Last day, inclusive")] = None,
    bbox: Annotated[str | None, Query(max_length=100, description="west,south,east,north in degrees")] = None,
    has_location: Annotated[bool | None, Query(description="Only events with (true) or without (false) a location")] = None,
    cluster: Annotated[int | None, Query(ge=0, le=2**63 - 1, description="Mentions of one real-world event")] = None,
    doc: Annotated[str | None, Query(max_length=2000, description="Mentions in one document")] = None,
    include_negated: Annotated[bool, Query(description="Also events reported as not happening")] = False,
    include_hypothetical: Annotated[bool, Query(description="Also threatened, planned or conditional events")] = False,
) -> EventFilter:
    return EventFilter(actor=actor, source=source, target=target, country=country, dyad=dyad, plover=plover,
                       cameo=cameo, quad_class=quad_class, since=since, until=until, bbox=bbox,
                       has_location=has_location, cluster=cluster, doc=doc, include_negated=include_negated,
                       include_hypothetical=include_hypothetical)


Filters = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Rows per page (at most {MAX_PAGE})")]
Cursor = Annotated[str | None, Query(max_length=4000, description="next_cursor of the previous page")]
NOT_FOUND = {404: {"description": "Not in the store"}}


def create_app(store_path: Path, allow_ingest: bool = False, token: str | None = None, pipeline=None,
               pipeline_factory: Callable[[], Any] | None = None, cors_origins: list[str] | None = None,
               query_seconds: float | None = None, max_body: int = MAX_BODY, static_dir: Path = STATIC,
               writable: bool | None = None, on_start: Callable[[FastAPI], Any] | None = None,
               cache_bytes: int = MAX_CACHE, parquet: bool = False) -> FastAPI:
    """The app over the store at `store_path` (with `parquet`: over the Parquet folder of `ingest --engine dask`
    at that path or URL, read-only; see StoreAccess).

    Read-only unless `allow_ingest` (then POST /api/documents needs `token`); `writable` opens the store for
    writing without the ingest endpoint (the feed watcher writes). `pipeline` (or `pipeline_factory`) serves
    extraction; `on_start(app)` runs once the app has started and may return a callable run at shutdown;
    `cache_bytes` bounds the answers kept until the store changes (0: none).
    """
    if allow_ingest and not token:
        raise ValueError("allow_ingest needs a token")
    writable = allow_ingest if writable is None else writable or allow_ingest
    if parquet and writable:
        raise ValueError("a Parquet folder is served read-only")
    kwargs = {"cache_bytes": cache_bytes, **({} if query_seconds is None else {"query_seconds": query_seconds})}
    access = StoreAccess(store_path, writable=writable, parquet=parquet, **kwargs)
    holder = PipelineHolder(pipeline, pipeline_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        stop = on_start(app) if on_start else None
        try:
            yield
        finally:
            if stop:
                stop()
            access.close()

    app = FastAPI(title="eventwire", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="News turned into event data: documents, actors, events (CAMEO/PLOVER), real-world "
                              "event clusters and their aggregations, read from an eventwire store. Read-only unless "
                              "the server was started with --allow-ingest.")
    app.state.access = access
    app.state.pipeline = holder
    app.add_middleware(BodyLimit, limit=max_body)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    _errors(app)
    _read_routes(app, access)
    _write_routes(app, access, holder, allow_ingest, token)
    _ui_routes(app, static_dir)
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body"))
            problems.append(f"{where or 'request'}: {error.get('msg')}")
        return JSONResponse({"detail": "; ".join(problems), "errors": json.loads(json.dumps(exc.errors(), default=str))},
                            status_code=422)

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)


def _found(value: Any, what: str) -> Any:
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return value


def _read_routes(app: FastAPI, access: StoreAccess) -> None:
    def answer(request: Request, compute: Callable[[], Any]) -> Response:
        """The JSON answer, from the cache when this request was answered since the store last changed."""
        key = (request.url.path, tuple(sorted(request.query_params.multi_items())))
        body, kept = access.answers.get(key, compute)
        return Response(body, media_type="application/json", headers={"X-Answer": "kept" if kept else "computed"})

    @app.get("/api/overview", tags=["store"])
    def overview(request: Request) -> dict[str, Any]:
        """How many documents, events, real-world events and actors the store holds, and its date range."""
        return answer(request, lambda: queries.overview(access))

    @app.get("/api/documents", tags=["documents"])
    def list_documents(request: Request,
                       q: Annotated[str | None, Query(max_length=TEXT, description="Words to find (all of them, stemmed)")] = None,
                       since: dt.date | None = None, until: dt.date | None = None,
                       source: Annotated[str | None, Query(max_length=TEXT)] = None,
                       limit: Limit = 20, cursor: Cursor = None) -> dict[str, Any]:
        """Documents, newest first; with `q`, those containing the words, best match first."""
        return answer(request, lambda: queries.documents(access, q, since, until, source, cursor, limit))

    @app.get("/api/documents/{doc_id:path}", tags=["documents"], responses=NOT_FOUND)
    def get_document(request: Request, doc_id: Annotated[str, PathParam(max_length=2000)]) -> dict[str, Any]:
        """One document with everything extracted from it (`eventwire.document/1`), each entity's corpus actor
        and each event's real-world event (cluster)."""
        return answer(request, lambda: _found(queries.document(access, doc_id), "document"))

    @app.get("/api/actors", tags=["actors"])
    def list_actors(request: Request, q: Annotated[str | None, Query(max_length=TEXT, description="Part of a name or alias")] = None,
                    country: Annotated[str | None, Query(max_length=3)] = None,
                    type: Annotated[str | None, Query(max_length=20, description="PERSON, ORG, GPE, NORP, ...")] = None,
                    limit: Limit = 20, cursor: Cursor = None) -> dict[str, Any]:
        """Corpus actors, the most mentioned first."""
        return answer(request, lambda: queries.actors(access, q, country, type, cursor, limit))

    @app.get("/api/actors/{actor_id:path}", tags=["actors"], responses=NOT_FOUND)
    def get_actor(request: Request, actor_id: Annotated[str, PathParam(max_length=TEXT)],
                  limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> dict[str, Any]:
        """One actor: aliases, roles with dates, documents, events as source and as target, top counterparts,
        quotes by them."""
        return answer(request, lambda: _found(queries.actor(access, actor_id, limit), "actor"))

    @app.get("/api/events", tags=["events"])
    def list_events(request: Request, where: Filters, sort: Literal[tuple(SORTS)] = "-day", limit: Limit = 50,  # type: ignore[valid-type]
                    cursor: Cursor = None) -> dict[str, Any]:
        """Event mentions passing the filters, a page at a time (negated and hypothetical ones only when asked)."""
        return answer(request, lambda: queries.events(access, where, sort, cursor, limit))

    @app.get("/api/events/download", tags=["events"],
             responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
    def download_events(where: Filters, format: Literal["csv", "jsonl"] = "csv",
                        sort: Literal[tuple(SORTS)] = "-day") -> StreamingResponse:  # type: ignore[valid-type]
        """The whole filtered set as CSV or JSON lines (at most 1,000,000 rows)."""
        rows = queries.event_rows(access, where, sort)
        media = "text/csv" if format == "csv" else "application/x-ndjson"
        return StreamingResponse(_encode(rows, format), media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="events.{format}"'})

    @app.get("/api/clusters", tags=["events"])
    def list_clusters(request: Request, where: Filters, sort: Literal[tuple(CLUSTER_SORTS)] = "-mentions",  # type: ignore[valid-type]
                      min_reports: Annotated[int, Query(ge=1, le=1_000_000, description="Fewest mentions")] = 1,
                      limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
        """Real-world events (mentions merged across documents) with a mention passing the filters."""
        return answer(request, lambda: queries.clusters(access, where, sort, cursor, limit, min_reports))

    @app.get("/api/clusters/{cluster_id}", tags=["events"], responses=NOT_FOUND)
    def get_cluster(request: Request, cluster_id: Annotated[int, PathParam(ge=0, le=2**63 - 1)]) -> dict[str, Any]:
        """The story of a real-world event: its reports in time order, who said what, how the numbers moved."""
        return answer(request, lambda: _found(queries.story(access, cluster_id), "cluster"))

    @app.get("/api/timeline", tags=["aggregations"])
    def timeline(request: Request, where: Filters, period: Literal["day", "week", "month"] = "month",
                 by: Literal[tuple(TIMELINE_KEYS)] = "type") -> dict[str, Any]:  # type: ignore[valid-type]
        """Event mentions, real-world events and mean Goldstein score per period and series."""
        return answer(request, lambda: {"period": period, "by": by, "rows": queries.timeline(access, where, period, by)})

    @app.get("/api/dyads", tags=["aggregations"])
    def dyads(request: Request, where: Filters, level: Literal[tuple(DYAD_LEVELS)] = "country",  # type: ignore[valid-type]
              limit: Limit = 200) -> dict[str, Any]:
        """Weighted edges between countries or actors: event counts and mean Goldstein score."""
        return answer(request, lambda: {"level": level, "edges": queries.dyads(access, where, level, limit)})

    @app.get("/api/places", tags=["aggregations"])
    def places(request: Request, where: Filters, limit: Limit = 200) -> dict[str, Any]:
        """Event mentions per located place."""
        return answer(request, lambda: {"places": queries.places(access, where, limit)})


def _encode(rows: Iterator[tuple[list[str], Iterator[tuple]]], output_format: str) -> Iterator[str]:
    for names, values in rows:
        if output_format == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(names)
            yield buffer.getvalue()
            for row in values:
                buffer.seek(0)
                buffer.truncate()
                writer.writerow(row)
                yield buffer.getvalue()
        else:
            for row in values:
                yield json.dumps(dict(zip(names, row)), ensure_ascii=False, default=str) + "\n"


def _write_routes(app: FastAPI, access: StoreAccess, holder: PipelineHolder, allow_ingest: bool,
                  token: str | None) -> None:
    @app.post("/api/extract", tags=["extraction"], responses={422: {"description": "Text that cannot be analysed"}})
    def extract(article: Article) -> dict[str, Any]:
        """Extract one article and return it as `eventwire.document/1`; nothing is stored."""
        try:
            raw = article.raw("<request>")
        except InputError as err:
            raise HTTPException(422, err.problem) from None
        (result,) = holder.extract_many([raw])
        if isinstance(result, InputError):
            raise HTTPException(422, result.problem)
        if isinstance(result, DocumentError):  # a stage failed on accepted input: eventwire's fault, not the client's
            raise HTTPException(500, result.problem)
        return result.to_dict()

    @app.post("/api/documents", tags=["extraction"],
              responses={401: {"description": "Missing or wrong bearer token"},
                         403: {"description": "The server was started without --allow-ingest"}})
    def ingest(body: Batch | Article,
               authorization: Annotated[str | None, Header(description="Bearer <token>")] = None) -> dict[str, Any]:
        """Extract and store one article or a batch (`{"documents": [...]}`); needs --allow-ingest and the token."""
        if not allow_ingest:
            raise HTTPException(403, "this server is read-only; start it with --allow-ingest to store documents")
        if not token_matches(authorization, token or ""):
            raise HTTPException(401, "missing or wrong bearer token (Authorization: Bearer <token>)",
                                headers={"WWW-Authenticate": "Bearer"})
        articles = body.documents if isinstance(body, Batch) else [body]
        return {"results": ingest_articles(access, holder, articles)}


def ingest_articles(access: StoreAccess, holder: PipelineHolder, articles: list[Article]) -> list[dict[str, Any]]:
    """Extract and store articles; one result per article in order: its id and whether it was new, or its error."""
    results: list[dict[str, Any] | None] = [None] * len(articles)
    raws, positions = [], []
    for position, article in enumerate(articles):
        origin = f"<request #{position + 1}>"
        try:
            raws.append(article.raw(origin))
            positions.append(position)
        except InputError as err:
            results[position] = {"origin": origin, "error": err.problem}
    extracted = holder.extract_many(raws) if raws else []
    records, record_positions = [], []
    for position, item in zip(positions, extracted):
        if isinstance(item, DocumentError):  # refused input, or a stage that failed on it
            results[position] = {"origin": item.origin, "error": item.problem}
        else:
            records.append(item.to_dict())
            record_positions.append(position)
    for position, record, stored in zip(record_positions, records, access.write(records) if records else []):
        results[position] = {"id": record["document"]["id"], "stored": stored, "events": len(record["events"])}
    return [result for result in results if result is not None]


def _ui_routes(app: FastAPI, static_dir: Path) -> None:
    def need(path: Path) -> Path:
        if not path.exists():
            raise HTTPException(503, f"the web UI is not built ({path} missing); run `make web`")
        return path

    if static_dir.is_dir():
        app.mount("/static", StaticFiles(directory=static_dir), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(need(static_dir / "index.html"))

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        need(static_dir / "vendor" / "swagger-ui-bundle.js")
        return get_swagger_ui_html(openapi_url="/openapi.json", title="eventwire API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")
