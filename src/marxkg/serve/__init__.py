"""A read-only SPARQL 1.1 Protocol endpoint over the built graph.

Oxigraph (the ``oxigraph`` server binary) evaluates the queries; a thin front of ours
stands before it on the public port and decides what reaches it:

- ``guard``: parse with rdflib's SPARQL parser, refuse updates, ``SERVICE`` and foreign
  ``FROM``/``FROM NAMED`` before evaluation;
- ``checker``: run the guard in worker processes with a verdict cache;
- ``formats``: content negotiation (``Accept`` or ``format=``);
- ``relay``: forward to Oxigraph, parse its answer strictly, apply the row cap and the
  timeout, re-serialise (``results``);
- ``backend``: the Oxigraph binary, store loading and the child process;
- ``front``: the HTTP server; ``endpoint``: the life cycle; ``serve()`` runs it all.

See docs/endpoint.md.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["serve"]


def serve(config, announce: Callable[[object], None] | None = None) -> int:
    """Run the endpoint until SIGINT/SIGTERM or until Oxigraph dies; return an exit code.

    ``announce(endpoint)`` is called once the endpoint answers requests.
    """
    import logging
    import signal
    import threading

    from marxkg.serve.endpoint import Endpoint

    log = logging.getLogger(__name__)
    stopping = threading.Event()
    failed = threading.Event()

    def on_signal(signum, _frame) -> None:
        log.info("received signal %d: stopping", signum)
        stopping.set()
        raise KeyboardInterrupt

    endpoint = Endpoint(config)  # a missing build fails here, before anything starts
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        endpoint.start()

        def watchdog() -> None:
            while not stopping.wait(1.0):
                if not endpoint.oxigraph.alive():
                    log.error("the Oxigraph process died: %s", endpoint.oxigraph.log_tail())
                    failed.set()
                    endpoint.shutdown()
                    return

        threading.Thread(target=watchdog, name="marxkg-watchdog", daemon=True).start()
        if announce is not None:
            announce(endpoint)
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        for sig in previous:  # a second signal must not cut the clean-up short
            signal.signal(sig, lambda *_: None)
        endpoint.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if failed.is_set() else 0
