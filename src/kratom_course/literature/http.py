"""HTTP for the literature tools: one client, a request-rate limit, bounded retries, no secret in a message.

Every request goes through `HttpClient.request`, which
- waits for the `RateLimiter` (a minimum spacing between request starts, retries included);
- retries on HTTP 429 and 5xx, on timeouts and on dropped connections, at most `RetryPolicy.attempts`
  times in all, waiting `backoff_s`, then twice that, ... (capped at `max_wait_s`), or as long as the
  server's `Retry-After` asks when it asks for longer; a `Retry-After` beyond `max_wait_s` ends the run
  rather than be ignored;
- raises `ServiceError` with a one-line message naming the request (`what`) and the cause.

Secrets (the NCBI API key) are sent in POST bodies by the E-utilities client, so they never appear in a
URL, and any message this module builds is passed through `redact` as a second guard.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # httpx is imported when a client is made, so `--help` and the CLI stay quick
    import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# NCBI's published limits: 3 requests per second without an API key, 10 with one.
MAX_RATE_WITHOUT_KEY = 3.0
MAX_RATE_WITH_KEY = 10.0


class ServiceError(RuntimeError):
    """A public service could not answer usefully; the message is one line naming what failed."""


class MalformedResponse(ServiceError):
    """A response arrived but is not the XML or JSON it should be (truncated, garbled, wrong shape)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry. `attempts` counts the first try."""

    attempts: int = 5
    backoff_s: float = 1.0
    max_wait_s: float = 60.0
    timeout_s: float = 30.0

    def __post_init__(self):
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1")
        if self.backoff_s < 0 or self.max_wait_s < 0 or self.timeout_s <= 0:
            raise ValueError("RetryPolicy waits must be >= 0 and the timeout > 0")

    def backoff(self, retry_number: int) -> float:
        """Seconds to wait before retry number `retry_number` (1 for the first retry)."""
        return min(self.max_wait_s, self.backoff_s * 2 ** (retry_number - 1))


# Requests spaced exactly 1/rate apart let rate+1 of them land inside one second at the server (network
# jitter), one over NCBI's limit; NCBI's own Entrez client (Biopython) waits 0.37 s at 3/s. Keep that margin.
SPACING_MARGIN = 1.11


class RateLimiter:
    """At most `per_second` request starts per second, with a margin: consecutive starts are
    >= SPACING_MARGIN/per_second apart (0.37 s at 3/s, 0.111 s at 10/s)."""

    def __init__(
        self, per_second: float, *, clock: Callable[[], float] = time.monotonic, sleep=time.sleep, margin=SPACING_MARGIN
    ):
        if not per_second > 0:
            raise ValueError("the request rate must be positive")
        if margin < 1:
            raise ValueError("the spacing margin must be at least 1")
        self.per_second = float(per_second)
        self.interval_s = margin / self.per_second
        self._clock, self._sleep = clock, sleep
        self._next = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if self._next is not None and now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self.interval_s


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


_KEY_VALUE = re.compile(r"""(api[-_]?key["']?\s*[:=]\s*["']?)[^"'&\s,;}]+""", re.IGNORECASE)


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret, and any value labelled as an API key (`"api-key": "..."`, `api_key=...`),
    replaced by '***'. Redact whole messages before shortening them: a cut key is no longer found."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _KEY_VALUE.sub(lambda m: m.group(1) + "***", text)


@dataclass
class RequestRecord:
    """One request as sent (URL without secrets; POST bodies are not recorded)."""

    method: str
    url: str
    status: int | None
    started: float


@dataclass
class HttpClient:
    """A small wrapper over `httpx.Client` with rate limit, retries and redaction. Use as a context manager."""

    rate_per_s: float
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    secrets: tuple[str, ...] = ()
    user_agent: str = "kratom-course"
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    transport: httpx.BaseTransport | None = None

    def __post_init__(self):
        import httpx

        self.limiter = RateLimiter(self.rate_per_s, clock=self.clock, sleep=self.sleep)
        self.sent: list[RequestRecord] = []
        self._client = httpx.Client(
            timeout=self.retry.timeout_s,
            headers={"User-Agent": self.user_agent},
            follow_redirects=True,
            transport=self.transport,
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    @property
    def requests_sent(self) -> int:
        return len(self.sent)

    def _fail(self, message: str, kind=ServiceError):
        raise kind(redact(message, self.secrets)) from None

    def request(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params=None,
        data=None,
        transient: Callable[[httpx.Response], str | None] | None = None,
    ) -> httpx.Response:
        """Send one request with retries; return the successful (2xx) response or raise ServiceError.

        `transient(response)` names a temporary failure that a service delivers with status 200 (NCBI's
        "Search Backend failed", its rate-limit JSON), or returns None: such an answer is retried like a 503."""
        import httpx

        policy = self.retry
        for attempt in range(1, policy.attempts + 1):
            self.limiter.wait()
            started = self.clock()
            try:
                response = self._client.request(method, url, params=params, data=data)
            except httpx.TimeoutException:
                self.sent.append(RequestRecord(method, _safe_url(url, params, self.secrets), None, started))
                problem, wait = f"no answer within {policy.timeout_s:g} s", policy.backoff(attempt)
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                self.sent.append(RequestRecord(method, _safe_url(url, params, self.secrets), None, started))
                problem, wait = f"connection failed ({type(exc).__name__})", policy.backoff(attempt)
            except httpx.HTTPError as exc:  # invalid URL, unsupported protocol, ...: retrying will not help
                self._fail(f"{what}: request failed ({type(exc).__name__})")
            else:
                self.sent.append(RequestRecord(method, _safe_url(url, params, self.secrets), response.status_code, started))
                status = response.status_code
                said = transient(response) if transient is not None and 200 <= status < 300 else None
                if 200 <= status < 300 and said is None:
                    return response
                if said is None and status not in RETRY_STATUSES:
                    body = redact(" ".join(response.text.split()), self.secrets)[:120] if response.content else ""
                    self._fail(f"{what}: HTTP {status} {response.reason_phrase}".rstrip() + (f" ({body})" if body else ""))
                problem = said or f"HTTP {status}"
                asked = parse_retry_after(response.headers.get("Retry-After"))
                wait = policy.backoff(attempt)
                if asked is not None:
                    if asked > policy.max_wait_s:
                        self._fail(
                            f"{what}: HTTP {status}, and the server asks to wait {asked:.0f} s "
                            f"(more than the {policy.max_wait_s:g} s this tool waits)"
                        )
                    wait = max(wait, asked)
            if attempt == policy.attempts:
                self._fail(f"{what}: {problem} after {policy.attempts} attempt(s)")
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _safe_url(url: str, params, secrets) -> str:
    """The URL with its query string, secrets removed (for the request log)."""
    import httpx

    full = str(httpx.URL(url, params=params)) if params else url
    return redact(full, secrets)
