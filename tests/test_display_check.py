"""Start on Linux: before Qt is asked for an X11 window, the app names the libraries Qt's xcb
platform would miss and the packages that bring them, instead of Qt's abort naming xcb-cursor0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from app import display_check
from app.display_check import XCB_LIBRARIES, missing_libraries, problem, uses_xcb

REPO = Path(__file__).resolve().parents[1]
QT = Path(PySide6.__file__).parent / "Qt"
PLUGIN = QT / "plugins" / "platforms" / "libqxcb.so"


def _ldd(path: Path) -> list[tuple[str, bool]]:
    """(soname, found) for every library the loader would bring in for ``path``."""
    done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True)
    rows = []
    for line in done.stdout.splitlines():
        match = re.match(r"\s*(\S+) => (not found|\S+)", line)
        if match:
            rows.append((match[1], match[2] != "not found"))
    return rows


def test_a_missing_library_is_named_with_the_packages_to_install() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}

    def load(soname: str) -> bool:
        return soname not in absent

    words = problem({"DISPLAY": ":0"}, [], "linux", load)
    assert words == (
        "Account Desk cannot open its window: Qt's X11 display support needs libraries this "
        "computer does not have: libxcb-icccm.so.4, libxcb-keysyms.so.1.\n"
        "Install them, then start Account Desk again:\n"
        "  Debian or Ubuntu:  sudo apt install libxcb-icccm4 libxcb-keysyms1\n"
        "  Fedora:            sudo dnf install xcb-util-wm xcb-util-keysyms\n"
        "The commands without a window (python -m app --help) work without them."
    )
    assert "xcb-cursor0" not in words
    # One package for several libraries is named once.
    assert display_check.install_commands(["libxcb-randr.so.0", "libxcb-shape.so.0"]) == (
        "sudo apt install libxcb-randr0 libxcb-shape0",
        "sudo dnf install libxcb",
    )


def test_nothing_to_say_when_all_are_there_or_xcb_is_not_used() -> None:
    def every(_: str) -> bool:
        return True

    def none(_: str) -> bool:
        return False

    assert problem({"DISPLAY": ":0"}, [], "linux", every) is None
    assert problem({"QT_QPA_PLATFORM": "offscreen"}, [], "linux", none) is None
    assert problem({}, [], "win32", none) is None and problem({}, [], "darwin", none) is None
    assert "DISPLAY is not set" in str(problem({}, [], "linux", every))


@pytest.mark.parametrize(
    ("environ", "argv", "xcb"),
    [
        ({}, [], True),
        ({"QT_QPA_PLATFORM": "xcb"}, [], True),
        ({"QT_QPA_PLATFORM": "offscreen"}, [], False),
        ({"QT_QPA_PLATFORM": "wayland"}, [], False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, [], False),
        ({"XDG_SESSION_TYPE": "x11", "WAYLAND_DISPLAY": "wayland-0"}, [], True),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, [], False),
        ({"XDG_SESSION_TYPE": "wayland"}, [], True),  # no compositor: Qt falls back to xcb
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, [], True),
        ({"QT_QPA_PLATFORM": "xcb"}, ["app", "-platform", "offscreen"], False),
    ],
)
def test_xcb_is_checked_only_where_qt_would_use_it(
    environ: dict[str, str], argv: list[str], xcb: bool
) -> None:
    assert uses_xcb(environ, argv) is xcb


def test_the_list_is_what_the_installed_plugin_needs_and_finds_what_is_missing_here() -> None:
    linked = _ldd(PLUGIN)
    xcb_own = {name for name, _ in linked if re.match(r"lib(xcb|X11-xcb|xkbcommon-x11)", name)}
    assert xcb_own == set(XCB_LIBRARIES), "the plugin's libraries and the list differ"
    not_found = list(dict.fromkeys(name for name, found in linked if not found))
    # The real loader, on this machine's real libraries: what it misses is what ldd misses.
    assert missing_libraries() == [name for name in XCB_LIBRARIES if name in not_found]
    assert set(not_found) <= set(XCB_LIBRARIES), "Qt would miss a library the check ignores"


def test_python_m_app_says_what_is_missing_instead_of_aborting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb", ACCOUNT_DESK_DATA_DIR=str(tmp_path), PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    expected = problem(env, [], sys.platform)
    assert expected is not None  # no display at all here, and maybe missing libraries too
    assert (done.returncode, done.stderr.strip()) == (display_check.EXIT_NO_DISPLAY, expected)
    assert "qt.qpa.plugin" not in done.stderr


def test_the_readme_names_the_same_packages() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme[readme.index("## Start the app") : readme.index("## Run the tests")]
    apt, dnf = display_check.install_commands(XCB_LIBRARIES)
    assert apt in start and dnf in start
