"""`make bench`: generate load data, serve the hub with gunicorn, measure pages against a bare
Django view in the same run, and print requests per second as ratios.

    python bench/run.py [--orgs 20000] [--people 100000] [--seconds 10] [--concurrency 4]

Each domain app may add a module bench/bench_<app>.py with:
    GENERATE = [["generate_<app>_load_data", "--flag", "value"], ...]   # manage.py commands
    def pages() -> [("label", "/path/?query"), ...]                     # measured like the rest
        (a third item "staff" measures the page as signed-in hub staff)
    def extra(stdout) -> None                                          # benches that are not HTTP
(`PAGES = [...]` works instead of pages() when the paths need no data.)
The database is var/bench.sqlite3 unless DATABASE_URL is set (PostgreSQL for production-like
figures). Targets are ratios to the bare view and server-side p95 times; nothing here fails a
test run.
"""

import argparse
import importlib.util
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "src"))

import harness  # noqa: E402

TARGET_RATIO = 0.35
TARGET_SERVER_P95_MS = 50.0


def app_modules():
    modules = []
    for path in sorted(BENCH.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def core_pages():
    from socialdynamo.organizations.models import Organisation, ThematicArea

    area = (
        ThematicArea.objects.filter(organisations__state=Organisation.State.VERIFIED)
        .order_by("position", "id")
        .values_list("slug", flat=True)
        .first()
    )
    return [
        ("home", "/"),
        ("home (English)", "/en/"),
        ("directory: kind + area, page 2", f"/organisations/?kind=ngo&area={area}&page=2"),
        ("directory: search 'αθηνα'", "/organisations/?q=%CE%B1%CE%B8%CE%B7%CE%BD%CE%B1"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20000)
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    args = parser.parse_args()

    env = harness.bench_env()
    os.environ.update(env)
    (BENCH.parent / "var").mkdir(exist_ok=True)
    modules = app_modules()
    print("Preparing the bench database …", flush=True)
    harness.manage(env, "migrate", "--noinput", "-v", "0")
    harness.manage(env, "collectstatic", "--noinput", "-v", "0")
    harness.manage(env, "compiletranslations")
    if not args.skip_generate:
        harness.manage(
            env, "generate_load_data", "--orgs", str(args.orgs), "--people", str(args.people)
        )
        for module in modules:
            for command in getattr(module, "GENERATE", []):
                harness.manage(env, *command)

    import django

    django.setup()
    pages = core_pages()
    for module in modules:
        pages += module.pages() if hasattr(module, "pages") else getattr(module, "PAGES", [])
    if args.only:
        pages = [page for page in pages if args.only.lower() in page[0].lower()]
    pages = [tuple(page) for page in pages]

    cookies = {}
    for page in pages:
        if len(page) > 2 and page[2] not in cookies:
            cookies[page[2]] = harness.session_cookie(page[2])

    def measure_all(server_env, todo):
        """Every page `rounds` times, interleaved with the bare view, so that a busy moment
        of the machine weighs on all pages alike; returns (bare, results)."""
        todo = [("bare Django view", "/bench/bare/"), *todo]
        with harness.server(server_env, workers=args.workers) as (host, log):
            for page in todo:
                harness.check(host, page[1], cookies.get(page[2], "") if len(page) > 2 else "")
            share = args.seconds / args.rounds
            rows = {page[0]: [] for page in todo}
            for _round in range(args.rounds):
                for page in todo:
                    label, path = page[0], page[1]
                    cookie = cookies.get(page[2], "") if len(page) > 2 else ""
                    rows[label].append(
                        harness.measure(
                            host,
                            label,
                            path,
                            seconds=share,
                            concurrency=args.concurrency,
                            log=log,
                            cookie=cookie,
                        )
                    )
        merged = {label: harness.merge(parts) for label, parts in rows.items()}
        bare = merged.pop("bare Django view")
        for label, result in merged.items():
            print(f"  measured {label}: {result.rps:.0f} req/s", flush=True)
        return bare, list(merged.values())

    bare, results = measure_all(env, pages)
    signed_in = {page[0] for page in pages if len(page) > 2}
    uncached = [(f"{page[0]} (not cached)", page[1]) for page in pages if "directory" in page[0]]
    bare_uncached, results_uncached = measure_all(
        {**env, "PUBLIC_PAGE_CACHE": "false"}, uncached[:1]
    )

    print()
    print(
        f"gunicorn, {args.workers} sync workers; {args.concurrency} clients on loopback; "
        f"{args.seconds:g} s per page in {args.rounds} interleaved rounds; database: "
        + ("PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (var/bench.sqlite3)")
    )
    header = f"{'page':48} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p95 ms':>8} {'srv p95':>8}"
    print(header)
    print("-" * len(header))
    for base, rows in ((bare, results), (bare_uncached, results_uncached)):
        for result in [base, *rows]:
            ratio = result.rps / base.rps
            server = f"{result.server_p95_ms:8.1f}" if result.server_p95_ms is not None else " " * 8
            flag = ""
            if result.errors:
                flag = f"  {result.errors} errors"
            elif result.label in signed_in:
                flag = "  (signed in: no target)"
            elif result is not base and (
                ratio < TARGET_RATIO or (result.server_p95_ms or 0) > TARGET_SERVER_P95_MS
            ):
                flag = "  below target"
            print(
                f"{result.label[:48]:48} {result.rps:8.0f} {ratio:7.0%} {result.p50_ms:8.1f} "
                f"{result.p95_ms:8.1f} {server}{flag}"
            )
        print()
    print(
        "Visitors who are not signed in get cached copies of public pages (core/page_cache.py);"
        "\nthe '(not cached)' rows show the same page rendered on every request, as signed-in"
        "\npeople get it."
    )
    print(
        f"\nTargets for public pages: at least {TARGET_RATIO:.0%} of the bare view's throughput "
        f"and a server p95 under {TARGET_SERVER_P95_MS:.0f} ms. Staff pages are shown for "
        "information: their target is a constant number of queries (tested)."
    )
    for module in modules:
        run_extra = getattr(module, "extra", None)
        if run_extra:
            print()
            run_extra(sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
