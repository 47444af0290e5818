"""Before the window starts on Linux: are the libraries Qt's X11 ("xcb") platform needs here?

Without one of them Qt aborts with a message naming ``xcb-cursor0`` whichever is missing (often
``libxcb-icccm4`` or ``libxcb-keysyms1``, not installed on a minimal system), and a core dump.
This check runs first and names what is missing and the packages to install.

It imports no Qt: it must run before Qt is asked for a window, and the headless commands never
need it. The sonames are what ``readelf -d`` lists as NEEDED for PySide6's
``Qt/plugins/platforms/libqxcb.so`` and ``Qt/lib/libQt6XcbQpa.so.6`` beyond what Qt's own
libraries already need to be imported at all (``tests/test_display_check.py`` compares this list
with ``ldd`` on the installed plugin).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence

# soname -> (Debian / Ubuntu package, Fedora package), in the order Qt's plugin needs them.
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
}

EXIT_NO_DISPLAY = 2
"""The exit status when the window cannot open (as for the other reasons it cannot start)."""

Loader = Callable[[str], bool]


def can_load(soname: str) -> bool:
    """True when the dynamic loader finds and loads ``soname`` as Qt's plugin would."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(sonames: Iterable[str] = XCB_LIBRARIES, load: Loader = can_load) -> list[str]:
    """The sonames of ``sonames`` that ``load`` cannot load, in order."""
    return [soname for soname in sonames if not load(soname)]


def uses_xcb(environ: Mapping[str, str], argv: Sequence[str] = ()) -> bool:
    """True when Qt will open its window through X11 (xcb) here, as Qt chooses: ``-platform``,
    else ``QT_QPA_PLATFORM`` (a list such as ``wayland;xcb`` is tried in order), else Wayland
    in a Wayland session and xcb otherwise. offscreen, wayland, eglfs and the rest need none of
    the xcb libraries."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if "-platform" in argv[:-1]:
        chosen = argv[list(argv).index("-platform") + 1]
    if not chosen:
        session = environ.get("XDG_SESSION_TYPE", "")
        chosen = "wayland;xcb" if session == "wayland" else "xcb"
    for name in (part.split(":", 1)[0].strip() for part in chosen.split(";")):
        if name.startswith("wayland") and environ.get("WAYLAND_DISPLAY"):
            return False  # Wayland answers first; xcb is only the fall-back
        if name == "xcb":
            return True
        if name and not name.startswith("wayland"):
            return False
    return False


def install_commands(missing: Iterable[str]) -> tuple[str, str]:
    """The Debian / Ubuntu and the Fedora command that install ``missing``."""
    debian: list[str] = []
    fedora: list[str] = []
    for soname in missing:
        deb, rpm = XCB_LIBRARIES[soname]
        debian += [deb] if deb not in debian else []
        fedora += [rpm] if rpm not in fedora else []
    return f"sudo apt install {' '.join(debian)}", f"sudo dnf install {' '.join(fedora)}"


def message(missing: Sequence[str]) -> str:
    """What to tell the person starting the app when ``missing`` cannot be loaded."""
    apt, dnf = install_commands(missing)
    return (
        "Account Desk cannot open its window: Qt's X11 display support needs "
        f"{'a library' if len(missing) == 1 else 'libraries'} this computer does not have: "
        f"{', '.join(missing)}.\n"
        "Install them, then start Account Desk again:\n"
        f"  Debian or Ubuntu:  {apt}\n"
        f"  Fedora:            {dnf}\n"
        "The commands without a window (python -m app --help) work without them."
    )


def problem(
    environ: Mapping[str, str] | None = None,
    argv: Sequence[str] | None = None,
    platform: str = sys.platform,
    load: Loader = can_load,
) -> str | None:
    """Why the window cannot open on this computer, or None (not Linux, not xcb, all there)."""
    environ = os.environ if environ is None else environ
    argv = sys.argv if argv is None else argv
    if not platform.startswith("linux") or not uses_xcb(environ, argv):
        return None
    missing = missing_libraries(XCB_LIBRARIES, load)
    if missing:
        return message(missing)
    if not environ.get("DISPLAY") and "-display" not in argv:
        return (
            "Account Desk cannot open its window: there is no X11 display (DISPLAY is not set). "
            "Start it from the desktop, or over ssh with ssh -X. The commands without a window "
            "(python -m app --help) work without one."
        )
    return None
