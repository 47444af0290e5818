"""Choosing the central service: the address checked and explained, the choice remembered, the
sandbox's practice data kept apart, and no unsent work stranded by a switch."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import server_choice
from app.services.server_choice import (
    ServerAddressError,
    ServerProbe,
    current_choice,
    normalize_address,
    probe,
    save_choice,
    switch_problem,
    switch_to,
)
from app.services.staff_session import StaffIdentity
from app.views.server_dialog import ServerDialog
from app.views.sign_in_dialog import CHANGE_SERVER, SignInDialog
from app.views.tasks import TaskRunner
from central.config import Settings
from tests.central.support import Central, LiveServer
from tests.support.desk import REPO, Desk, file_desk


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("ACCOUNT_DESK_DATA_DIR", str(folder))
    monkeypatch.delenv("ACCOUNT_DESK_SERVER", raising=False)
    return folder


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type the address IT gave you"),
        ("   ", "type the address IT gave you"),
        ("http://accounts.example.edu", "use https://"),
        ("ftp://accounts.example.edu", "use a web address such as https://"),
        ("https://accounts.example.edu/?x=1", "leave out anything after ?"),
    ],
)
def test_a_bad_address_names_the_field_and_the_fix(typed: str, message: str) -> None:
    with pytest.raises(ServerAddressError, match="Server address") as raised:
        normalize_address(typed)
    assert message in str(raised.value)


def test_an_address_is_completed_and_this_computer_may_use_plain_http() -> None:
    assert normalize_address(" accounts.example.edu/ ") == "https://accounts.example.edu"
    assert normalize_address("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert normalize_address("http://localhost:9") == "http://localhost:9"


def test_probe_knows_a_central_service_from_anything_else(central: Central) -> None:
    found = probe(central.base_url)
    assert found.url == central.base_url
    assert found.epoch == str(central.sql("SELECT epoch FROM server_epoch")[0]["epoch"])
    with pytest.raises(ServerAddressError, match="not an Account Desk central service"):
        probe(f"{central.base_url}/elsewhere")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(ServerAddressError, match="Could not reach"):
        probe(closed, timeout=2)


def test_the_environment_beats_the_saved_choice_which_beats_the_sandbox(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert current_choice().is_sandbox and current_choice().source == "default"
    save_choice("https://accounts.example.edu")
    assert json.loads((data_dir / "server.json").read_text()) == {
        "server_url": "https://accounts.example.edu"
    }
    assert current_choice().url == "https://accounts.example.edu"
    monkeypatch.setenv("ACCOUNT_DESK_SERVER", "https://other.example.edu/")
    assert current_choice() == server_choice.ServerChoice(
        "https://other.example.edu", "environment"
    )
    monkeypatch.delenv("ACCOUNT_DESK_SERVER")
    save_choice(None)
    assert current_choice().is_sandbox and current_choice().source == "settings"
    (data_dir / "server.json").write_text("{not json")
    assert current_choice().is_sandbox, "a damaged file falls back to the harmless sandbox"


def test_unsent_work_for_another_service_blocks_the_switch(
    desk: Desk, central: Central, data_dir: Path
) -> None:
    port = central.server.port
    central.server.stop()
    desk.sync()
    desk.create()  # waits in the outbox for this service
    other = ServerProbe("https://other.example.edu", epoch="another-epoch", schema_version=1)
    problem = switch_problem(desk.store, other)
    assert problem is not None
    assert "1 change(s) not yet accepted" in problem and central.base_url in problem
    with pytest.raises(ServerAddressError, match="not yet accepted"):
        switch_to(desk.store, other)
    assert not (data_dir / "server.json").exists()
    assert desk.sql("SELECT count(*) FROM outbox WHERE state = 'queued'")[0][0] == 1
    # The same service at a new address (same epoch) is not another service.
    central.server = LiveServer(Settings(database_url=central.database_url), port=port).start()
    desk.sync()
    moved = ServerProbe("https://moved.example.edu", probe(central.base_url).epoch, 1)
    assert switch_problem(desk.store, moved) is None


def test_switching_with_nothing_unsent_forgets_the_old_services_data(
    desk: Desk, central: Central, data_dir: Path
) -> None:
    desk.create()
    desk.sync()
    assert desk.sql("SELECT count(*) FROM accounts")[0][0] == 1
    assert desk.sql("SELECT count(*) FROM leased_cccids WHERE used_by IS NULL")[0][0] > 0
    other = ServerProbe("https://other.example.edu", epoch="another-epoch", schema_version=1)
    switch_to(desk.store, other)
    assert desk.sql("SELECT count(*) FROM accounts")[0][0] == 0
    assert desk.sql("SELECT count(*) FROM leased_cccids WHERE used_by IS NULL")[0][0] == 0
    assert desk.sql("SELECT count(*) FROM staff_verifiers")[0][0] == 0
    assert [tuple(r) for r in desk.sql("SELECT server_url, epoch FROM sync_state")] == [
        (None, None)
    ]
    # History stays: the confirmed upload and the audit trail, with the switch recorded.
    assert desk.sql("SELECT count(*) FROM outbox WHERE state = 'confirmed'")[0][0] == 1
    switched = desk.sql("SELECT details FROM audit_log WHERE action = 'server.switch'")
    assert json.loads(switched[0][0])["to"] == "https://other.example.edu"
    assert current_choice().url == "https://other.example.edu"


# ---- the dialogs ------------------------------------------------------------------------------


def _dialog(
    qtbot: QtBot, saved: list[ServerProbe | None], current: server_choice.ServerChoice
) -> ServerDialog:
    dialog = ServerDialog(current, saved.append, TaskRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_server_dialog_explains_a_bad_address_and_keeps_what_was_typed(
    qtbot: QtBot, central: Central
) -> None:
    saved: list[ServerProbe | None] = []
    dialog = _dialog(qtbot, saved, server_choice.ServerChoice(None, "default"))
    assert dialog.sandbox.isChecked() and not dialog.address.isEnabled()
    dialog.real.click()
    assert dialog.address.isEnabled() and dialog.focusWidget() is dialog.address
    qtbot.keyClicks(dialog.address, "http://accounts.example.edu")
    dialog.ok_button.click()
    assert "use https://" in dialog.answer.text()
    assert dialog.address.text() == "http://accounts.example.edu" and saved == []
    assert dialog.isVisible()
    dialog.address.setText(f"{central.base_url}/elsewhere")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "not an Account Desk" in dialog.answer.text(), timeout=10000)
    assert saved == []


def test_server_dialog_tests_then_saves_a_real_service(qtbot: QtBot, central: Central) -> None:
    saved: list[ServerProbe | None] = []
    dialog = _dialog(qtbot, saved, server_choice.ServerChoice(None, "default"))
    dialog.real.click()
    qtbot.keyClicks(dialog.address, central.base_url + "/")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.answer.text().startswith("Connected"), timeout=10000)
    assert central.base_url in dialog.answer.text()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.saved, timeout=10000)
    assert [s.url for s in saved if s is not None] == [central.base_url]
    assert dialog.result() == ServerDialog.DialogCode.Accepted


def test_server_dialog_back_to_the_sandbox_saves_none(qtbot: QtBot) -> None:
    saved: list[ServerProbe | None] = []
    dialog = _dialog(
        qtbot, saved, server_choice.ServerChoice("https://accounts.example.edu", "settings")
    )
    assert dialog.real.isChecked() and dialog.address.text() == "https://accounts.example.edu"
    dialog.sandbox.click()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.saved, timeout=5000)
    assert saved == [None]


def test_server_set_by_the_environment_cannot_be_changed_here(qtbot: QtBot) -> None:
    dialog = _dialog(
        qtbot, [], server_choice.ServerChoice("https://accounts.example.edu", "environment")
    )
    assert "ACCOUNT_DESK_SERVER" in dialog.answer.text()
    assert not dialog.address.isEnabled() and not dialog.sandbox.isEnabled()
    assert not dialog.ok_button.isEnabled() and not dialog.test_button.isEnabled()


def test_sign_in_offers_change_server_and_starts_over_when_chosen(qtbot: QtBot) -> None:
    def never(_: str, __: str) -> tuple[StaffIdentity, str]:
        raise AssertionError("not signing in")

    answers = [False, True]
    dialog = SignInDialog(
        never, TaskRunner(), server_label="built-in sandbox", change_server=answers.pop
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.server_button.autoDefault(), "Enter signs in, it does not change server"
    dialog.server_button.click()  # chosen: the dialog ends so the app can start over
    assert dialog.result() == CHANGE_SERVER
    dialog2 = SignInDialog(never, TaskRunner(), server_label="x", change_server=lambda: False)
    qtbot.addWidget(dialog2)
    dialog2.show()
    dialog2.server_button.click()  # cancelled: still signing in
    assert dialog2.isVisible()


def test_the_app_starts_on_the_saved_server_with_its_own_database(
    tmp_path: Path, central: Central
) -> None:
    workstation = file_desk(tmp_path, central.base_url)
    workstation.close()
    save_dir = workstation.data_dir
    (save_dir / "server.json").write_text(json.dumps({"server_url": central.base_url}))
    env = workstation.env(ACCOUNT_DESK_EXIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "ready" in done.stdout and central.base_url in done.stdout
    assert not (save_dir / "sandbox-central").exists(), "no sandbox started"
    assert not (save_dir / "sandbox.db").exists()
