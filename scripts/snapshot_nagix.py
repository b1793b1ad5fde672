"""Write the nagix/nk-missile-tests snapshot that ships inside the package (data/nagix/).

    python scripts/snapshot_nagix.py --from ../shared/data/nk_missiles/nagix \\
        --commit a0cc65874d36a4a0fdf16b73919d23a3a8f5dac5 --as-of 2026-04-21

copies the three JSON files (byte for byte), checks that they import, and writes VERSION.json (commit,
checksum, date, newest launch) and NOTICE. The LICENSE beside them is the publisher's (Apache-2.0), copied
from the same commit. ``--download`` fetches the publisher's current files instead (the same code as
"Update the record").
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trajmap import importers  # noqa: E402
from trajmap.importers.nagix import FILES, PUBLISHER_URL  # noqa: E402

OUT = ROOT / "data" / "nagix"
NOTICE = """\
trajmap embeds a snapshot of the nagix/nk-missile-tests record
==============================================================

Files: test.en.json, facility.en.json, missile.en.json (unchanged copies)
From: {publisher} (data/ folder), commit {commit} ({as_of})
Copyright: Akihiko Kusanagi (nagix) and the contributors of nk-missile-tests
Licence: Apache License 2.0 (the LICENSE file beside this one)

The record derives from the CNS North Korea Missile Test Database, James Martin Center for
Nonproliferation Studies (CNS), for the Nuclear Threat Initiative (NTI):
https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/
Its descriptions are CNS text; credit CNS/NTI when you reuse them. The CNS database itself is not
included in trajmap (no licence is stated for it); import your own copy with `trajmap import`.

Changes: none to these files. trajmap reads them with trajmap.importers.nagix, which says how the
records become launch estimates (bearing 90 taken as unknown, local dates, salvos as events).
This snapshot was written by scripts/snapshot_nagix.py.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from", dest="source", type=Path, default=ROOT.parent / "shared/data/nk_missiles/nagix"
    )
    parser.add_argument("--commit", default="", help="the publisher's commit the files come from")
    parser.add_argument("--as-of", default="", help="that commit's date, YYYY-MM-DD")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for name in FILES.values():
        shutil.copyfile(args.source / name, OUT / name)
    checksum = importers.file_version(OUT / FILES["test"])
    imported = importers.read_nagix(OUT, version=args.commit or checksum)
    meta = {
        "commit": args.commit,
        "sha256": checksum,
        "as_of": args.as_of,
        "latest_launch": str(imported.frame["date"].max().date()),
        "source": f"{PUBLISHER_URL} data/",
        "publisher": PUBLISHER_URL,
    }
    (OUT / "VERSION.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (OUT / "NOTICE").write_text(
        NOTICE.format(
            publisher=PUBLISHER_URL, commit=args.commit or checksum, as_of=args.as_of or "date unknown"
        ),
        encoding="utf-8",
    )
    print(
        f"{OUT}: {imported.records} records, {imported.imported} imported, {len(imported.rejected)} rejected"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
