"""Who may write (dashboard/editing.py): loopback without a token, a token's holder otherwise."""
import pytest
from flask import Flask

from dashboard import editing


def may_write(remote: str, headers: dict | None = None, cookie: str | None = None) -> bool:
    server = Flask(__name__)
    environ = {"REMOTE_ADDR": remote}
    if cookie:
        environ["HTTP_COOKIE"] = f"{editing.COOKIE}={cookie}"
    with server.test_request_context("/", headers=headers or {}, environ_base=environ):
        return editing.may_write()


@pytest.fixture(autouse=True)
def no_environment_token(monkeypatch):
    monkeypatch.delenv(editing.ENV_TOKEN, raising=False)


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "[::1]"])
def test_served_on_loopback_without_a_token_local_requests_may_write(host):
    editing.configure(host)
    assert editing.writes_enabled() and may_write("127.0.0.1")
    assert not may_write("10.1.2.3")   # a proxy on this machine forwards for others: its address is not ours


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.5", "example.org", None])
def test_served_beyond_this_machine_without_a_token_nobody_may_write(host):
    editing.configure(host)
    assert not editing.writes_enabled() and not may_write("127.0.0.1")
    assert "editor token" in editing.refusal()


def test_with_a_token_only_requests_carrying_it_may_write(monkeypatch):
    editing.configure("0.0.0.0", "s3cret")
    assert editing.writes_enabled()
    assert may_write("10.1.2.3", headers={editing.HEADER: "s3cret"}) and may_write("10.1.2.3", cookie="s3cret")
    assert not may_write("10.1.2.3") and not may_write("127.0.0.1", headers={editing.HEADER: "s3cre"})
    monkeypatch.setenv(editing.ENV_TOKEN, "from-env")
    editing.configure(None)
    assert may_write("10.1.2.3", headers={editing.HEADER: "from-env"})
    monkeypatch.delenv(editing.ENV_TOKEN)
    editing.configure("127.0.0.1")   # as the other tests' app is served
