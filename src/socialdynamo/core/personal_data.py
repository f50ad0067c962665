"""Where each app says what personal data it holds, for export and erasure (GDPR).

An app registers, in its ``AppConfig.ready``:
- an exporter ``fn(user) -> dict`` whose keys become sections of "download my data";
- an eraser ``fn(user) -> None`` that removes or anonymises what the app holds;
- a blocker ``fn(user) -> list[str]`` of reasons why the account cannot be erased yet.
"""

_exporters = []
_erasers = []
_blockers = []


def register(*, exporter=None, eraser=None, blocker=None):
    if exporter:
        _exporters.append(exporter)
    if eraser:
        _erasers.append(eraser)
    if blocker:
        _blockers.append(blocker)


def export_sections(user) -> dict:
    sections = {}
    for exporter in _exporters:
        sections.update(exporter(user))
    return sections


def erase_sections(user) -> None:
    for eraser in _erasers:
        eraser(user)


def erase_blockers(user) -> list:
    reasons = []
    for blocker in _blockers:
        reasons.extend(blocker(user))
    return reasons
