"""Command-line tool: `python -m data_sources {status,refresh,import,build,bundle}`.

Every failure ends with one clear line on stderr and a non-zero exit code; the
previous snapshots and warehouse are never touched by a failed command.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from tqdm import tqdm

from . import catalog, pipeline, snapshots, warehouse
from .redact import redact

EXIT_ERROR = 1
EXIT_USAGE = 2
MAX_MESSAGE_CHARS = 600  # a bad cell or a long server reply must not become a huge line
DEFAULT_REFRESH_DEADLINE_S = 50.0  # a scheduler expects an answer within about a minute


def one_line(message: object, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A message as one bounded line (exception texts may span lines or quote whole cells)."""
    flat = " ".join(redact(str(message)).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"error: {one_line(message)}", file=sys.stderr)
    return code


def cmd_status(args) -> int:
    current = warehouse.current_warehouse()
    served = {}
    if current:
        served = {row["dataset"]: row for row in warehouse.dataset_status(current)}
    print(f"warehouse: {current or '(not built yet — run `python -m data_sources build`)'}")
    print(f"{'dataset':<22} {'kind':<8} {'rows':>10}  {'data as of':<20} {'snapshot':<9} {'fetched at'}")
    for ds in catalog.load_catalog().values():
        row = served.get(ds.id, {})
        snaps = snapshots.current_snapshots(ds.id) if ds.table else []
        kind = "live" if ds.is_live else ds.source.kind
        origin = snaps[-1].source_kind if snaps else "-"
        rows = row.get("rows")
        print(f"{ds.id:<22} {kind:<8} {rows if rows is not None else '-':>10}  "
              f"{(row.get('data_as_of') or ds.as_of or '-')[:19]:<20} {origin:<9} {(row.get('fetched_at') or '-')[:19]}")
    return 0


def cmd_build(args) -> int:
    names = [d.id for d in catalog.warehouse_datasets()]
    with tqdm(total=len(names), desc="building warehouse", unit="table", disable=args.quiet) as bar:
        result = warehouse.build(progress=lambda _ds: bar.update(1))
    print(f"built {result.path.name}: {len(result.tables)} tables, "
          f"{sum(result.tables.values()):,} rows in {result.seconds:.1f} s")
    return 0


def cmd_bundle(args) -> int:
    """Regenerate the committed offline snapshots from ../shared/data."""
    chosen = args.datasets or [d.id for d in catalog.warehouse_datasets() if d.source.paths and d.source.importer]
    for dataset_id in tqdm(chosen, desc="bundling", unit="dataset", disable=args.quiet):
        if catalog.get(dataset_id).source.importer == "rental_history":  # the streaming CSV importer
            from .importers.rental_history import bundle_snapshot
            info = bundle_snapshot()
        else:
            info = pipeline.import_from_source_files(dataset_id, bundled=True)
        tqdm.write(f"{dataset_id}: {info.rows:,} rows (as of {info.data_as_of or '-'})")
    return 0


def cmd_import(args) -> int:
    ds = catalog.get(args.dataset)
    path = Path(args.file)
    if not path.is_file():
        return _fail(f"{path}: no such file")
    if ds.source.importer == "rental_history":
        from .importers.rental_history import import_rental_history_snapshot
        with tqdm(desc=f"importing {path.name}", unit=" rows", unit_scale=True, disable=args.quiet) as bar:
            info = import_rental_history_snapshot(path, progress=lambda n: bar.update(n - bar.n))
    else:
        # A multi-file dataset (one file per year or per list) gets the new file added to
        # the declared ones that exist here; a file of the same name replaces its twin.
        declared = [p for p in pipeline.source_paths(ds) if p.exists() and p.name != path.name]
        paths = declared + [path.resolve()] if len(ds.source.paths) > 1 else [path.resolve()]
        info = pipeline.import_from_source_files(ds.id, paths=paths)
    print(f"imported {path.name} into {ds.id}: {info.rows:,} rows"
          + (f" (partition {info.partition})" if info.partition else ""))
    if not args.no_build:
        return cmd_build(args)
    return 0


def cmd_refresh(args) -> int:
    from .openapi import SeoulOpenAPI
    from .refresh import refresh_dataset, refreshable_datasets
    deadline = args.deadline
    if deadline is None and not os.environ.get("SEOUL_OPENAPI_DEADLINE"):
        deadline = DEFAULT_REFRESH_DEADLINE_S
    client = SeoulOpenAPI.from_env(**({"deadline": deadline} if deadline is not None else {}))
    targets = [args.dataset] if args.dataset else [d.id for d in refreshable_datasets() if d.is_live]
    failures = refreshed = 0
    for dataset_id in targets:
        if client.unreachable is not None:
            break  # the host did not answer: asking it again for each dataset only wastes time
        with tqdm(desc=f"refreshing {dataset_id}", unit=" rows", disable=args.quiet) as bar:
            try:
                result = refresh_dataset(dataset_id, args.param, client=client, rebuild=False,
                                         progress=lambda n: bar.update(n - bar.n))
            except Exception as exc:  # report each dataset, keep going, exit non-zero
                failures += 1
                tqdm.write(f"error: {dataset_id}: {one_line(exc)}", file=sys.stderr)
                continue
        refreshed += 1
        print(f"{dataset_id}: {result.rows:,} rows from the Open API")
    not_refreshed = len(targets) - refreshed
    if refreshed:
        cmd_build(args)
    if client.unreachable is not None:
        return _fail(f"the Open API at {client.host} did not answer ({client.unreachable.code}); "
                     f"{not_refreshed} of {len(targets)} dataset(s) not refreshed; the previous data keeps serving")
    if failures:
        return _fail(f"{failures} of {len(targets)} dataset(s) failed to refresh; the previous data keeps serving")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_sources", description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="datasets with freshness and row counts")
    p = sub.add_parser("refresh", help="refresh live datasets from the Open API (needs SEOUL_OPENAPI_KEY)")
    p.add_argument("dataset", nargs="?", help="one dataset id (default: every live dataset)")
    p.add_argument("--param", action="append", help="service parameter, e.g. a date (repeat for several)")
    p.add_argument("--deadline", type=float, metavar="SECONDS",
                   help=f"give up on the Open API after this long in total (default {DEFAULT_REFRESH_DEADLINE_S:g})")
    p = sub.add_parser("import", help="import a downloaded file into a dataset")
    p.add_argument("dataset")
    p.add_argument("file")
    p.add_argument("--no-build", action="store_true", help="do not rebuild the warehouse afterwards")
    sub.add_parser("build", help="build the DuckDB warehouse from the current snapshots")
    p = sub.add_parser("bundle", help="regenerate the committed offline snapshots from ../shared/data")
    p.add_argument("datasets", nargs="*")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        warehouse.clean_leftovers()  # of killed runs; never touches a live build or import
    except OSError as exc:
        logging.getLogger("data_sources").warning("could not clean leftovers: %s", exc)
    handler = {"status": cmd_status, "refresh": cmd_refresh, "import": cmd_import,
               "build": cmd_build, "bundle": cmd_bundle}[args.command]
    try:
        return handler(args)
    except KeyError as exc:
        return _fail(str(exc.args[0]) if exc.args else str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was replaced")
    except Exception as exc:  # one clear line, never a traceback, for any failure
        return _fail(f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))


if __name__ == "__main__":
    sys.exit(main())
