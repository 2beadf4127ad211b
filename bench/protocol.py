"""A minimal client of Streamlit's own websocket protocol, for load tests without browsers.

A browser tab talks to the server over ``/_stcore/stream``: it sends a ``BackMsg`` asking for
a rerun with the current widget values and receives one ``ForwardMsg`` per websocket frame
until ``script_finished``. This client does the same with Streamlit's protobuf classes, so
30 sessions cost the machine what the server costs, not what 30 Chromium renderers cost.
What it does not measure is the browser drawing the result on each person's own laptop; the
single-browser figures of ``bench/ui.py`` are that part.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


class ProtocolError(RuntimeError):
    """The server answered a rerun with something a browser would show as a failure."""


@dataclass
class Run:
    """What one rerun sent back: its duration, the sliders it drew and any exception text."""

    seconds: float
    sliders: dict[str, tuple[str, float]] = field(default_factory=dict)  # label -> (id, value)
    exceptions: list[str] = field(default_factory=list)
    frames: int = 0
    set_by_script: list[str] = field(default_factory=list)  # sliders whose value the run set
    buttons: dict[str, str] = field(default_factory=dict)  # label -> id (form submitters too)
    metrics: dict[str, str] = field(default_factory=dict)  # label -> the value shown
    texts: list[str] = field(default_factory=list)  # markdown, alerts: what a person reads


class Session:
    """One browser tab's worth of conversation with a Streamlit server."""

    def __init__(self, url: str, timeout: float = 120.0, cookie: str = "") -> None:
        host = url.split("://", 1)[1].rstrip("/")
        self.ws_url = f"ws://{host}/_stcore/stream"
        self.origin = f"http://{host}"
        self.timeout = timeout
        self.cookie = cookie  # e.g. a proxy's sticky-session cookie, sent with the upgrade
        self.query = ""  # the page's query string, as the browser's address bar holds it
        self.ws = None
        # the sliders' values as the tab holds them (a browser's widget manager): the server
        # sends a value only when the script set it, otherwise the tab's own value stands; every
        # rerun reports them all, as a browser does
        self.values: dict[str, list[float]] = {}

    async def open(self) -> None:
        self.ws = await connect(
            self.ws_url,
            subprotocols=["streamlit"],
            origin=self.origin,
            max_size=None,
            open_timeout=self.timeout,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def __aenter__(self) -> Session:
        await self.open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def rerun(
        self,
        widgets: dict[str, float] | None = None,
        query: str | None = None,
        page: str = "",
        click: str = "",
    ) -> Run:
        """Ask for a rerun of ``page`` (its URL path; "" for the default page) with the given
        slider values (id -> value), a button (or form submit button) ``click``ed, and the
        query string (default: what the last run left in the address bar); wait for the run's
        end — through any ``st.rerun()`` the script asks for, as a browser does."""
        msg = BackMsg()
        state = msg.rerun_script
        if query is not None:
            self.query = query
        state.query_string = self.query
        state.page_name = page
        for widget_id, value in (widgets or {}).items():
            self.values[widget_id] = [float(value)]
        for widget_id, values in self.values.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            widget.double_array_value.data.extend(values)
        if click:
            widget = state.widget_states.widgets.add()
            widget.id = click
            widget.trigger_value = True
        shown: dict[str, list[float]] = {}
        began = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(seconds=0.0)
        while True:
            frame = await self.ws.recv()
            run.frames += 1
            fwd = ForwardMsg()
            fwd.ParseFromString(frame)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                what = element.WhichOneof("type")
                if what == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                elif what == "button":
                    run.buttons[element.button.label] = element.button.id
                elif what == "metric":
                    run.metrics[element.metric.label] = element.metric.body
                elif what in ("markdown", "alert"):
                    run.texts.append(getattr(element, what).body)
                elif what == "slider":
                    s = element.slider
                    if s.set_value:
                        run.set_by_script.append(s.label)
                    values = list(s.value if s.set_value else self.values.get(s.id, s.default))
                    shown[s.id] = values
                    run.sliders[s.label] = (s.id, values[0])
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "page_not_found":
                run.exceptions.append(f"page not found: {page or '(default)'}")
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the server runs the script again; wait for that run
                run.seconds = time.perf_counter() - began
                self.values = shown
                if fwd.script_finished not in FINISHED:
                    name = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                    raise ProtocolError(f"script finished with {name}")
                return run
