"""The `lkjip` command: a thin click shell over xlsx_lkjip.api.  Messages in Bahasa Indonesia.
Exit codes: 0 every workbook completed, 1 at least one failed (or there was none), 2 usage error."""

from __future__ import annotations

import os
import sys
import threading

import _signal as signal   # signal.py's own functions, without its enum tables (~1 ms of `check` and `--help`)


def _interrupted_while_starting(signum, frame) -> None:
    """Ctrl+C while the command's modules are still being imported: nothing has begun, so nothing to undo; said
    like click's own abort, never as a traceback out of some module being imported."""
    os.write(2, "\nDibatalkan.\n".encode("ascii"))
    os._exit(128 + signum)


_STARTING = None
if threading.current_thread() is threading.main_thread() and \
        signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    _STARTING = signal.signal(signal.SIGINT, _interrupted_while_starting)

import dataclasses  # noqa: E402  (after the handler above: these imports are most of the start-up time)
import gc  # noqa: E402
from pathlib import Path, PureWindowsPath  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import click  # noqa: E402

from . import __version__  # noqa: E402
from .cli_bahasa import BahasaGroup, Bulat, Detik, Tahun, Triwulan, click_in_bahasa, in_bahasa  # noqa: E402
from .config import DEFAULT_TOML, QUARTERS, ConfigError, decimal_text, find_config  # noqa: E402
from .files import list_inputs, os_reason  # noqa: E402
from . import compiled  # noqa: E402

if _STARTING is not None:   # from here click turns Ctrl+C into its abort ("Dibatalkan."), run into a stop
    signal.signal(signal.SIGINT, _STARTING)

# Each command imports what it uses (the readers, forms and the rekap writer) when it runs: `lkjip --help`
# and `lkjip check BERKAS` start without loading xlsxwriter, the process pool or the writers' modules.
if TYPE_CHECKING:
    from .batch.results import WorkbookResult


def _status_mark(status: str) -> str:
    from .batch.results import DENGAN_PERINGATAN, DILEWATI, GAGAL, SELESAI

    return {SELESAI: "selesai", DENGAN_PERINGATAN: "selesai, ada peringatan", GAGAL: "gagal",
            DILEWATI: "dilewati"}[status]


RUN_LINES = 15   # problem lines `lkjip run` prints per workbook; the rest are in the rekap's Masalah sheet

# --triwulan of every command: one type, one help text (the type takes I-IV, 1-4, "TW II", "Triwulan II").
TRIWULAN_HELP = "Putaran monitoring: capaian dihitung sampai triwulan ini (I, II, III, IV; juga 1-4, \"TW II\")."
CONFIG_HELP = "Berkas pengaturan (bawaan: ./lkjip.toml bila ada, selain itu pengaturan bawaan)."


# What click words when it is made (a path's name, --version's help) is made in Bahasa, as every word click
# says while lkjip runs: no gettext lookup at import (~1 ms of each start, most of it loading `locale`).  One
# type for every path argument and option: a click type holds no state.
with click_in_bahasa():
    PATH = click.Path(path_type=Path)
    VERSION_OPTION = click.version_option(__version__, "--version", prog_name="lkjip",
                                          message="%(prog)s, versi %(version)s", help="Tampilkan versi lalu keluar.")


def triwulan_option(help_text: str = TRIWULAN_HELP):
    return click.option("--triwulan", type=Triwulan(), metavar="[I|II|III|IV]", help=help_text)


def tahun_option():
    return click.option("--tahun", type=Tahun(), metavar="TAHUN",
                        help="Tahun yang dievaluasi, dipakai hanya untuk workbook yang judul maupun nama berkasnya "
                             "tidak menyebut satu tahun (mis. 2025).")


def config_option():
    return click.option("--config", "config_path", type=PATH, metavar="BERKAS",
                        help=CONFIG_HELP)


@click.group("lkjip", cls=BahasaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@VERSION_OPTION
def main() -> None:
    """lkjip: melengkapi workbook triwulanan Evaluasi Hasil Renja (formulir E.81, Permendagri 86/2017) dan
    Perjanjian Kinerja (PK) dengan realisasi per triwulan, lalu menyusun rekap daerah (rekap.xlsx).

    Mulai dengan: lkjip init FOLDER, taruh workbook OPD di FOLDER/input, lalu lkjip run.
    """


# Commands that leave nothing to finish (no files, threads, pools or temporary folders open when they end): run as
# the `lkjip` program, they end without the interpreter's teardown of every module and object (~20 ms of a
# `check`'s start-up cost, more than reading a workbook; ~40 ms after a `run`).  Set by the command itself
# (`check`; `run` once its round is written); `--help`/`--version` too.
_QUICK_EXIT = False
_PROGRAM = False      # running as the `lkjip` program (command()), not called by a test or another program


def command() -> None:
    """The `lkjip` program (the console script and `python -m xlsx_lkjip`).  Tests and programs embedding the
    CLI call `main` and get the usual SystemExit."""
    global _QUICK_EXIT, _PROGRAM
    _PROGRAM = True
    if any(a in ("-h", "--help", "--version") for a in sys.argv[1:]):
        _QUICK_EXIT = True
    try:
        main(prog_name="lkjip")
    except SystemExit as exc:
        # a tracer, a profiler or coverage (atexit) needs the usual ending; so do a thread still running (it
        # is waited for) and LKJIP_FULL_EXIT=1
        if not _QUICK_EXIT or sys.gettrace() or sys.getprofile() or os.environ.get("LKJIP_FULL_EXIT") \
                or any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
            raise
        code = exc.code
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):   # a closed pipe: what was said could not be written anyway
                pass
        compiled.save()   # (what atexit would do)
        os._exit(code or 0)
    except Exception as exc:   # a defect of lkjip's own that no command caught: said in Bahasa, never a traceback
        if os.environ.get("LKJIP_DEBUG"):
            raise
        click.echo(f"Galat internal lkjip ({type(exc).__name__}: {exc}). Ini kesalahan program lkjip, bukan kesalahan "
                   "berkas Anda: laporkan ke pengelola lkjip beserta perintah yang dijalankan (dengan LKJIP_DEBUG=1 "
                   "lkjip menampilkan rincian teknisnya).", err=True)
        sys.exit(1)
    # `main` ends with SystemExit (click's standalone mode); nothing is left to do here otherwise


def _load_config(config_path: Path | None, triwulan: int | None, tahun: int | None = None):
    """The settings in force; a wrong setting stops with exit 2 and names the key and line."""
    try:
        config, source = find_config(config_path)
        if source is not None:   # the region's agencies, when lkjip.toml lists them
            from .roster import with_roster

            config = with_roster(config, source)
    except ConfigError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    if triwulan:
        config = dataclasses.replace(config, triwulan=triwulan)
    if tahun:
        config = dataclasses.replace(config, tahun=tahun)
    return config, source


def _line(result: WorkbookResult) -> str:
    from .batch.results import DILEWATI, GAGAL

    text = f"{result.name}: {_status_mark(result.status)}"
    if result.status == DILEWATI:
        return text + " (rekap yang ditulis lkjip, bukan workbook OPD; tidak dihitung)"
    if result.status != GAGAL:
        extra = [f"{result.data_rows} baris"]
        for part in result.parts():   # a workbook of a Renja and a PK sheet: each form's own figure
            avg = part.average.get("K")
            if avg is not None:
                label = f"{part.form}: {part.average_text('K')}" if result.per_form else part.average_text("K")
                extra.append(f"{label} {decimal_text(avg)} % ({part.predikat.get('K', '')})")
        warnings = result.count("peringatan")
        if warnings:
            extra.append(f"{warnings} peringatan")
        if result.output is not None and Path(result.output).name != Path(result.name).name:
            extra.append(f"ditulis sebagai \"{Path(result.output).name}\"")   # an agency's own rekap.xlsx
        text += " (" + "; ".join(extra) + ")"
    else:
        first = next((p for p in result.problems if p.level == "galat"), None)
        if first:
            text += f": {first.message}"
    return text


def _problem_lines(result: WorkbookResult) -> list[str]:
    """The lines under a workbook's line in `lkjip run`: its problems, a rule over many rows in one line."""
    from .batch.results import DILEWATI, GAGAL

    if result.status in (GAGAL, DILEWATI):
        return []    # the failure is said on the workbook's line
    lines = [f"   {line.text()}" for line in result.console_lines()]
    if len(lines) > RUN_LINES:
        rest = len(lines) - (RUN_LINES - 1)
        lines = lines[:RUN_LINES - 1] + [f"   … dan {rest} baris lagi: lihat sheet \"Masalah\" pada rekap"]
    return lines


@main.command("run")
@click.argument("input_path", metavar="[INPUT]", required=False, default="input", type=PATH)
@click.option("-o", "--output", default="output", show_default=True, type=PATH,
              metavar="FOLDER", help="Folder keluaran (workbook lengkap + rekap.xlsx).")
@click.option("--recursive", is_flag=True, help="Ikut memproses subfolder.")
@click.option("--debug", is_flag=True, help="Tampilkan rincian teknis (traceback) untuk galat internal.")
@config_option()
@triwulan_option()
@tahun_option()
@click.option("--workers", type=Bulat(min=1), default=None, metavar="N",
              help="Jumlah proses paralel (bawaan: jumlah inti prosesor). Hasil tetap sama.")
@click.option("--csv", "csv_folder", type=PATH, metavar="FOLDER",
              help="Tulis juga tabel rapi (CSV) ke folder ini, untuk alat BI atau penggabungan tingkat provinsi.")
@click.option("--tanpa-ringkasan", "no_summary", is_flag=True,
              help="Jangan tambahkan sheet \"Ringkasan lkjip\" ke workbook yang dilengkapi.")
@click.option("--umpan-balik", "feedback_folder", type=PATH, metavar="FOLDER",
              help="Dengan daftar OPD: tulis ke FOLDER satu berkas umpan balik per OPD (status, angka, masalah dan "
                   "cara memperbaikinya) dan daftar tindak lanjut semua OPD.")
@click.option("--json", "as_json", is_flag=True,
              help="Cetak hasil sebagai JSON (workbook dan, dengan daftar OPD, status setiap OPD) untuk alat lain.")
def run_cmd(input_path: Path, output: Path, recursive: bool, debug: bool, config_path: Path | None,
            triwulan: int | None, tahun: int | None, workers: int | None, csv_folder: Path | None,
            no_summary: bool, feedback_folder: Path | None, as_json: bool) -> None:
    """Lengkapi semua workbook di INPUT ke folder OUTPUT (-o) dan tulis OUTPUT/rekap.xlsx.

    INPUT: folder berisi workbook OPD (.xlsx/.xlsm/.xls/.ods, atau tabel HTML bernama .xls), atau satu berkas;
    bawaan: input. Berkas di INPUT tidak pernah diubah. Setiap workbook lengkap mendapat sheet tambahan "Ringkasan lkjip" (kecuali dengan
    --tanpa-ringkasan).
    """
    global _QUICK_EXIT
    if _PROGRAM:
        # the batch runs without the collector (batch/run.py) and the program ends after it: without collections
        # while the readers', forms' and rekap's modules load it starts ~5 ms sooner
        gc.disable()
    from .batch.results import DENGAN_PERINGATAN, GAGAL, SELESAI, OutputError, UsageError

    config, source = _load_config(config_path, triwulan, tahun)
    interactive = sys.stdout.isatty()
    bar = None

    def progress(result: WorkbookResult, i: int, total: int) -> None:
        nonlocal bar
        if as_json:   # stdout carries the JSON document only
            return
        if interactive:
            if bar is None:
                in_bahasa("click._termui_impl")   # its time-left text ("2h 03:04:05")
                bar = click.progressbar(length=total, label="Memproses", file=sys.stdout)
                bar.__enter__()
            bar.update(1)
            if result.status == GAGAL:
                click.echo("\n" + _line(result), err=True)
            elif _problem_lines(result):
                click.echo("\n" + "\n".join([_line(result), *_problem_lines(result)]))
        else:
            click.echo(f"[{i}/{total}] {_line(result)}")
            for text in _problem_lines(result):
                click.echo(text)

    from .batch import pool, stop
    from .batch.run import run as run_batch

    stop.install_stop_handlers(_stop_now)   # a stop is noted; the batch acts on it at its safe points (batch/stop.py)
    try:
        report = run_batch(input_path, output, recursive=recursive, on_result=progress, debug=debug, config=config,
                           config_source=source, workers=workers, csv_folder=csv_folder,
                           summary_sheet=not no_summary, keep_rows=False, feedback_folder=feedback_folder)
    except OutputError as exc:   # OUTPUT cannot be written now (another lkjip writes it, read-only): not a wrong command
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(1)
    except UsageError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    except (KeyboardInterrupt, stop.Stopped) as exc:
        stop.defer_from_now()     # stopping already: another request only waits for this message
        code = 128 + getattr(exc, "signum", 2)
        click.echo("\n" + STOPPED_TEXT, err=True)
        if pool.POOL_INTERRUPTED:   # temp files and the spill folder are gone; skip the executor's exit joins
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        sys.exit(code)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    stop.defer_from_now()     # the round is written: a stop now only cuts the summary short, so it waits
    # every output is written, synced and closed and the pool has ended: see command()
    _QUICK_EXIT = True
    if as_json:
        _run_json(report)
        _late_stop()
        sys.exit(report.exit_code)
    if input_path.is_dir():   # a PDF or Word file an agency sent must not vanish without a word
        others = list_inputs(input_path, recursive, others=True)
        if others:
            names = [p.relative_to(input_path).as_posix() for p in others]
            click.echo(f"Dilewati (bukan workbook): {', '.join(names[:10])}" + (f" dan {len(names) - 10} lagi"
                                                                              if len(names) > 10 else ""))
    for note in report.notes:
        click.echo(f"Catatan: {note}")
    if not report.results:   # the wrong folder, most likely: exit 1, no rekap
        found = f" (hanya {len(report.skipped)} rekap lkjip, dilewati)" if report.skipped else ""
        click.echo(f"Galat: tidak ada workbook OPD (.xlsx/.xlsm/.xls/.ods) di {input_path}{found}; rekap tidak "
                   "ditulis.", err=True)
        _late_stop()
        sys.exit(report.exit_code)
    for p in getattr(report.duplicates, "problems", ()):
        click.echo(f"Peringatan: {p.message}")
    done, warn, failed = report.count(SELESAI), report.count(DENGAN_PERINGATAN), report.count(GAGAL)
    click.echo(f"Selesai: {done} lengkap, {warn} dengan peringatan, {failed} gagal "
               f"dari {len(report.results)} workbook dalam {decimal_text(report.seconds, 1)} detik.")
    if report.rekap:
        click.echo(f"Rekap: {report.rekap}")
    if report.rekap_error:
        click.echo(f"Galat: {report.rekap_error}", err=True)
    if report.record_error:
        click.echo(f"Galat: {report.record_error}", err=True)
    if (failed or warn) and report.rekap:
        click.echo("Rincian masalah ada di sheet \"Masalah\" pada rekap.")
    _round_end(report)
    _late_stop()
    sys.exit(report.exit_code)


def _names(names: list[str], show: int = 10) -> str:
    return ", ".join(names[:show]) + (f" dan {len(names) - show} lagi" if len(names) > show else "")


def _round_end(report) -> None:
    """The end of `lkjip run`'s console: the feedback files, and with a roster who has sent and who not."""
    for path in report.feedback[-1:]:
        click.echo(f"Umpan balik: {len(report.feedback) - 1} berkas OPD dan {path.name} di {path.parent}")
    if report.feedback_error:
        click.echo(f"Galat: {report.feedback_error}", err=True)
    status = report.status
    if status is None:
        return
    click.echo(f"Status OPD: {status.sent_text}.")
    unmatched = [r.berkas for r in status.rows if not r.kode]
    if unmatched:
        click.echo(f"Tidak cocok dengan daftar OPD ({len(unmatched)} berkas): {_names(unmatched)}")
    if status.missing:
        click.echo(f"Belum mengirim ({len(status.missing)} OPD): {status.missing_text()}")


def _run_json(report) -> None:
    """`lkjip run --json`: every workbook and, with a roster, the status rows, as one JSON document."""
    doc = {"rekap": str(report.rekap) if report.rekap else None,
           "workbooks": [{"file": r.name, "status": r.status, "agency": r.info.agency, "kode": r.kode or None,
                          "form": r.form, "triwulan": r.info.triwulan, "tahun": r.info.tahun,
                          "average": {k: (str(v) if v is not None else None) for k, v in r.average.items()},
                          "predikat": r.predikat,
                          **({"per_form": {p.form: {"average": {k: (str(v) if v is not None else None)
                                                                  for k, v in p.average.items()},
                                                      "predikat": p.predikat} for p in r.parts()}}
                             if r.per_form else {}),
                          "problems": {level: r.count(level) for level in ("galat", "peringatan", "info")}}
                         for r in report.results],
           "status_opd": report.status.to_dict() if report.status is not None else None,
           "notes": report.notes,
           "errors": [e for e in (report.rekap_error, report.record_error, report.feedback_error) if e]}
    import json

    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))


STOPPED_TEXT = ("Proses dihentikan sebelum putaran selesai: workbook yang sudah ditulis di OUTPUT utuh, tetapi "
                "rekap.xlsx dan catatan putaran masih dari putaran sebelumnya (bila ada). Jalankan lagi untuk "
                "menyelesaikan putaran ini.")


def _end_now(text: str, code: int, fd: int = 2) -> None:
    """A second Ctrl+C (SIGTERM) before `run` or `watch` reached a safe point: end now.  Called from the signal
    handler once the temporary files being written are removed (batch/stop.py, batch/watch.py), so nothing is
    buffered or raised: `text` goes straight to the stream; pool workers finish their workbook and end on their own."""
    try:
        sys.stdout.flush()
    except Exception:   # (the handler may have come in the middle of a write to it)
        pass
    try:
        os.write(fd, (text + "\n").encode((sys.stderr if fd == 2 else sys.stdout).encoding or "utf-8", "replace"))
    except Exception:
        pass
    os._exit(code)


def _stop_now(signum: int) -> None:
    _end_now("\n" + STOPPED_TEXT, 128 + signum)


def _late_stop() -> None:
    """A stop request (Ctrl+C, SIGTERM) that came while the round was being saved or after: said, never a
    traceback; the exit code is the run's own, since everything it reports was written."""
    from .batch import stop

    if stop.REQUESTED is not None:
        click.echo("Catatan: permintaan berhenti diterima saat putaran sedang disimpan atau sesudahnya; putaran "
                   "sudah selesai ditulis seperti dilaporkan di atas.", err=True)


@main.command("check")
@click.argument("input_path", metavar="BERKAS|FOLDER", type=PATH)
@click.option("--json", "as_json", is_flag=True, help="Cetak hasil sebagai JSON (untuk alat lain).")
@click.option("--recursive", is_flag=True, help="Ikut memeriksa subfolder.")
@config_option()
@triwulan_option()
@tahun_option()
def check_cmd(input_path: Path, as_json: bool, recursive: bool, config_path: Path | None,
              triwulan: int | None, tahun: int | None) -> None:
    """Periksa workbook sebelum dikirim: formulir yang ditemukan, kolomnya, dan setiap masalah. Tidak menulis
    apa pun. Kode keluar 1 bila ada galat."""
    global _QUICK_EXIT
    if _PROGRAM:
        # a short read-only command: what it makes is freed by reference counting (complete_workbook pauses
        # the collector anyway); without collections while its modules load it starts ~4 ms sooner
        gc.disable()
    from .batch.results import UsageError
    from .batch.run import check as check_batch, describe_sheet, result_json
    from .problems import grouped

    _QUICK_EXIT = True      # `check` writes nothing: see command()

    config, _ = _load_config(config_path, triwulan, tahun)
    try:
        results = check_batch(input_path, recursive=recursive, config=config)
    except UsageError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    failed = any(p.level == "galat" for r in results for p in r.problems)
    if as_json:
        import json

        click.echo(json.dumps([result_json(r) for r in results], ensure_ascii=False, indent=2))
        sys.exit(1 if failed else 0)
    if not results:
        click.echo(f"Galat: tidak ada workbook (.xlsx/.xlsm/.xls/.ods) di {input_path}.", err=True)
        sys.exit(1)
    for r in results:
        click.echo(f"== {r.name}: {_status_mark(r.status)}")
        if r.sheets:
            click.echo(f"   Dibaca: {_facts_line(r.info)}")
        for s in r.sheets:
            d = describe_sheet(s)
            rows = d["data_rows"]
            span = f"baris {rows['first']}-{rows['last']}" if rows["count"] else "tanpa baris data"
            shape = {"bulanan": " (rencana aksi bulanan)", "tahunan": " (capaian tahunan)"}.get(d.get("periods"), "")
            click.echo(f"   Sheet \"{d['sheet']}\": formulir {d['form']}{shape}, judul baris "
                       f"{', '.join(map(str, d['header_rows']))}, {rows['count']} baris data ({span})")
            click.echo("   Kolom dikenali:")
            for label, where in d["kolom"]:
                click.echo(f"      {label}: {where}")
        for line in grouped(r.problems):   # a rule over many rows of a sheet: one line; --json has every cell
            click.echo(f"   {line.text()}")
            if line.fix and line.level != "info":
                click.echo(f"      -> {line.fix}")
    galat = sum(1 for r in results if any(p.level == "galat" for p in r.problems))
    click.echo(f"Diperiksa {len(results)} workbook: {galat} dengan galat.")
    sys.exit(1 if failed else 0)


def _facts_line(info) -> str:
    """The agency, quarter and year a workbook was read as, each with where it was read."""
    parts = []
    for fact, shown in (("agency", f"OPD \"{info.agency}\""), ("triwulan", f"Triwulan {info.triwulan}"),
                        ("tahun", f"Tahun {info.tahun}")):
        if getattr(info, fact):
            parts.append(f"{shown} (dari {info.source(fact) or 'tidak diketahui'})")
        else:
            parts.append({"agency": "OPD", "triwulan": "triwulan", "tahun": "tahun"}[fact] + " tidak ditemukan")
    return "; ".join(parts)


@main.command("init")
@click.argument("folder", metavar="[FOLDER]", required=False, default=".", type=PATH)
def init_cmd(folder: Path) -> None:
    """Siapkan folder kerja: input/, output/ dan lkjip.toml berisi semua pengaturan bawaan.

    FOLDER: folder kerja; bawaan: folder ini (.).
    """
    try:
        (folder / "input").mkdir(parents=True, exist_ok=True)
        (folder / "output").mkdir(parents=True, exist_ok=True)
        toml = folder / "lkjip.toml"
        if toml.exists():
            click.echo(f"{toml} sudah ada; tidak ditimpa.")
        else:
            toml.write_text(DEFAULT_TOML, encoding="utf-8")
            click.echo(f"Dibuat: {toml}")
    except OSError as exc:
        click.echo(f"Galat: folder {folder} tidak dapat disiapkan ({os_reason(exc)})", err=True)
        sys.exit(2)
    click.echo(f"Siap. Taruh workbook OPD di {folder / 'input'}, lalu jalankan:")
    for line in next_commands(folder):
        click.echo(f"  {line}")


def _shell_word(text: str, windows: bool) -> str:
    if windows:   # cmd and PowerShell both take a double-quoted path
        return f'"{text}"' if any(ch.isspace() or ch in "&()^;,'" for ch in text) else text
    import shlex   # (only `init` says commands)

    return shlex.quote(text)


def next_commands(folder: Path, cwd: Path | None = None, windows: bool | None = None) -> list[str]:
    """The commands to type after `lkjip init FOLDER`: into the folder (whose lkjip.toml and input/ `run`
    uses), then `lkjip run`.  On Windows a folder on another drive also needs the drive switched (`D:`),
    which cmd does not do on `cd` (PowerShell does; the extra line is harmless there)."""
    windows = os.name == "nt" if windows is None else windows
    cwd = Path.cwd() if cwd is None else cwd
    lines = []
    try:
        same = Path(folder).resolve() == Path(cwd).resolve()
    except OSError:
        same = False
    if not same:
        lines.append(f"cd {_shell_word(str(folder), windows)}")
        drive = PureWindowsPath(str(folder)).drive
        if windows and drive and drive.casefold() != PureWindowsPath(str(cwd)).drive.casefold():
            lines.append(drive)
    return lines + ["lkjip run"]


@main.command("opd")
@config_option()
def opd_cmd(config_path: Path | None) -> None:
    """Tampilkan dan periksa daftar OPD (bagian [[opd]] atau daftar_opd di lkjip.toml): kode, nama, alias dan
    formulir wajib setiap OPD. Kode ganda atau nama yang dipakai dua OPD disebut dengan barisnya (kode keluar 1)."""
    from .roster import RosterError, load_roster

    try:
        _config, source = find_config(config_path)
    except ConfigError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    if source is None:
        click.echo("Galat: tidak ada lkjip.toml di folder ini (atau --config BERKAS); buat dengan lkjip init, lalu "
                   "tulis daftar OPD di bagian [[opd]] atau daftar_opd = \"daftar_opd.xlsx\".", err=True)
        sys.exit(1)
    try:
        roster = load_roster(source)
    except RosterError as exc:
        for line in exc.errors:
            click.echo(f"Galat: {line}", err=True)
        click.echo(f"Daftar OPD di {source} belum dapat dipakai: {len(exc.errors)} galat.", err=True)
        sys.exit(1)
    if roster is None:
        click.echo(f"Galat: {source} tidak memuat daftar OPD; tulis satu bagian [[opd]] per OPD (contoh di akhir "
                   "lkjip.toml yang dibuat lkjip init) atau daftar_opd = \"daftar_opd.xlsx\".", err=True)
        sys.exit(1)
    width = max(len(a.kode) for a in roster.agencies)
    for a in roster.agencies:
        alias = f"; alias: {', '.join(a.alias)}" if a.alias else ""
        click.echo(f"{a.kode.ljust(width)}  {a.nama} (formulir: {a.formulir_text}{alias})")
    forms = sum(max(1, len(a.formulir)) for a in roster.agencies)
    click.echo(f"Daftar OPD: {len(roster.agencies)} OPD, {forms} formulir wajib per putaran, dari {roster.source}. "
               "Tidak ada galat.")


@main.command("watch")
@click.argument("input_path", metavar="INPUT", type=PATH)
@click.option("-o", "--output", required=True, type=PATH, metavar="FOLDER",
              help="Folder keluaran (workbook lengkap + rekap.xlsx + hasil tersimpan di .lkjip/).")
@click.option("--poll", is_flag=True,
              help="Periksa folder secara berkala, bukan lewat peristiwa berkas (untuk folder jaringan/bersama).")
@click.option("--settle", type=Detik(), default=2.0,
              help="Berapa detik berkas harus tidak berubah sebelum diproses (bawaan: 2).")
@config_option()
@triwulan_option()
@tahun_option()
def watch_cmd(input_path: Path, output: Path, poll: bool, settle: float, config_path: Path | None,
              triwulan: int | None, tahun: int | None) -> None:
    """Pantau folder INPUT: setiap workbook baru atau berubah dilengkapi ke OUTPUT dan rekap.xlsx diperbarui.
    Berhenti dengan Ctrl+C (atau SIGTERM)."""
    from .batch.results import OutputError, UsageError
    from .batch.watch import watch as watch_folder

    config, source = _load_config(config_path, triwulan, tahun)
    for stream in (sys.stdout, sys.stderr):   # one line per event, visible at once in a log or a pipe
        try:
            stream.reconfigure(line_buffering=True, errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        code = watch_folder(input_path, output, config, poll=poll, settle=settle, config_source=source,
                            echo=click.echo, force=lambda line: _end_now(line, 0, fd=1))
    except OutputError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(1)
    except UsageError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    sys.exit(code)


@main.command("template")
@click.argument("kind", metavar="renja|pk")
@click.option("-o", "--output", type=PATH, metavar="BERKAS",
              help="Berkas keluaran .xlsx (atau folder).  Bawaan: 'Evaluasi Renja.xlsx' / 'Perjanjian Kinerja.xlsx' "
                   "di folder kerja, ditambah nama OPD, triwulan dan tahun bila diisi.")
@click.option("--opd", default="", metavar="NAMA", help="Nama Perangkat Daerah untuk kepala formulir.")
@triwulan_option("Triwulan yang dilaporkan (I, II, III, IV; juga 1-4, \"TW II\").")
@click.option("--tahun", default="", metavar="TAHUN", help="Tahun, mis. 2025.")
@click.option("--force", is_flag=True, help="Timpa berkas keluaran yang sudah ada.")
def template_cmd(kind: str, output: Path | None, opd: str, triwulan: int | None, tahun: str, force: bool) -> None:
    """Tulis workbook kosong siap isi: renja (Evaluasi Renja, formulir E.81) atau pk (Perjanjian Kinerja
    dengan rencana aksi triwulanan)."""
    from .templates import TemplateError, write_template

    quarter = QUARTERS[triwulan - 1] if triwulan else ""
    try:
        path = write_template(kind, output, opd=opd, triwulan=quarter, tahun=tahun, overwrite=force)
    except TemplateError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"Galat: templat tidak dapat ditulis: {os_reason(exc)}", err=True)
        sys.exit(1)
    click.echo(f"Templat ditulis: {path}")
    click.echo("Isi sel putih; sel abu-abu dihitung oleh lkjip. Petunjuk ada di sheet \"Petunjuk\".")


@main.command("rekap")
@click.argument("folders", metavar="FOLDER...", nargs=-1, required=True, type=PATH)
@click.option("-o", "--output", default="rekap_tahunan.xlsx", show_default=True, type=PATH,
              metavar="BERKAS", help="Berkas rekap gabungan (.xlsx).")
@click.option("--config", "config_path", type=PATH, metavar="BERKAS",
              help="Berkas pengaturan, hanya untuk folder lama tanpa catatan putaran (angka putaran lain dibaca "
                   "apa adanya dari catatannya).")
@click.option("--force", is_flag=True, help="Timpa berkas rekap gabungan yang sudah ada.")
@click.pass_context
def rekap_cmd(ctx: click.Context, folders: tuple[Path, ...], output: Path, config_path: Path | None,
              force: bool) -> None:
    """Gabungkan beberapa putaran menjadi progres per OPD dan indikator.

    FOLDER: folder OUTPUT dari setiap putaran (lkjip run atau lkjip watch), mis. output_TW1 output_TW2.
    Angka setiap putaran dibaca dari catatan putaran itu (OUTPUT/.lkjip/putaran.json), tidak dihitung ulang.
    """
    from .batch.results import OutputError, UsageError
    from .batch.rounds import collect
    from .report.multi_round import write_progress

    not_folders = [f for f in folders if f.exists() and not f.is_dir()]
    if not_folders:
        raise click.UsageError(
            f"{not_folders[0]} adalah berkas, bukan folder: berikan folder OUTPUT setiap putaran "
            f"(mis. lkjip rekap output_TW1 output_TW2 -o {output}).", ctx)
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"nama berkas rekap harus berakhiran .xlsx: {output}", ctx)
    if output.is_dir():
        raise click.UsageError(f"{output} adalah folder; tulis nama berkas, mis. -o {output / 'rekap_tahunan.xlsx'}",
                               ctx)
    if output.name.casefold() == "rekap.xlsx" and (output.parent / ".lkjip" / "putaran.json").exists():
        # even with --force: that file is the round's own rekap, which `lkjip rekap` reads the round beside
        raise click.UsageError(f"{output} adalah rekap putaran di folder itu; tulis rekap gabungan ke berkas lain, "
                               "mis. -o rekap_tahunan.xlsx", ctx)
    if output.exists() and not force:
        click.echo(f"Galat: berkas {output} sudah ada; pakai --force untuk menimpanya atau pilih nama lain "
                   "dengan -o", err=True)
        sys.exit(2)
    config, source = _load_config(config_path, None)
    try:
        rounds = collect(list(folders), config, source, exclude=[output])
    except OutputError as exc:   # no complete round there yet (being written, or stopped): not a wrong command
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(1)
    except UsageError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    for text in rounds.warnings:
        click.echo(f"Peringatan: {text}")
    if not rounds.workbooks:
        click.echo("Galat: tidak ada workbook berformulir di folder yang diberikan.", err=True)
        sys.exit(1)
    try:
        write_progress(rounds.columns, output, rounds.warnings)
    except OSError as exc:
        click.echo(f"Galat: {output} tidak dapat ditulis ({os_reason(exc)})", err=True)
        sys.exit(1)
    for c in rounds.columns:
        click.echo(f"  {c.label}: {c.workbooks} workbook, {c.source}")
    click.echo(f"Rekap gabungan {len(rounds.columns)} putaran dari {rounds.workbooks} workbook: {output}")


@main.command("laporan")
@click.argument("output", metavar="[OUTPUT]", required=False, default="output", type=PATH)
@click.option("--tahun-lalu", "previous", metavar="OUTPUT_PREV", type=PATH, multiple=True,
              help="Folder keluaran putaran akhir tahun lalu, untuk tabel perbandingan dua tahun. Ulangi untuk "
                   "tahun-tahun sebelumnya (sampai 4: tabel lima tahun), atau berikan satu folder yang berisi "
                   "folder keluaran setiap tahun.")
@click.option("--pasangan", "pairs", metavar="BERKAS", type=PATH,
              help="Berkas pasangan indikator (CSV: opd; indikator_tahun_lalu; indikator_tahun_ini) untuk "
                   "indikator yang namanya berubah (bawaan: OUTPUT/pasangan_indikator.csv bila ada).")
@click.option("-o", "--output-folder", "folder", type=PATH, metavar="FOLDER",
              help="Folder tujuan tabel LKjIP (bawaan: OUTPUT/laporan/).")
def laporan_cmd(output: Path, previous: tuple[Path, ...], folder: Path | None, pairs: Path | None) -> None:
    """Tabel Bab III LKjIP setiap OPD dari putaran di OUTPUT (biasanya TW IV): Excel dan Word per OPD, dan
    satu Excel untuk semua OPD.

    OUTPUT: folder keluaran `lkjip run` (atau `lkjip watch`; bawaan: output, seperti lkjip run). Angka dibaca dari
    catatan putaran di folder itu, tidak dihitung ulang dengan pengaturan hari ini."""
    from .batch.results import OutputError, UsageError
    from .batch.laporan import laporan as write_laporan

    def progress(entry, i: int, total: int) -> None:
        lap = entry.laporan
        numbers = [t.number for t in lap.tables]
        tables = (f"Tabel {numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"Tabel {numbers[0]}") if numbers \
            else "tanpa tabel"
        names = ", ".join(p.name for p in entry.files) or "tidak ada berkas tertulis"
        click.echo(f"[{i}/{total}] {lap.agency}: {tables} -> {names}")
        for warning in lap.warnings:
            click.echo(f"      peringatan: {warning}")
        for note in lap.notes:
            click.echo(f"      catatan: {note}")
        for err in entry.errors:
            click.echo(f"Galat: {err}", err=True)

    target = folder if folder is not None else output / "laporan"
    # a second run replaces last run's tables (after fixing workbooks that is the point), but never unsaid
    before = {p.name for p in target.glob("LKjIP *")} if target.is_dir() else set()
    try:
        report = write_laporan(output, list(previous) or None, folder, pairs=pairs, on_agency=progress)
    except OutputError as exc:   # no complete round there yet (being written, or stopped): not a wrong command
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(1)
    except UsageError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(2)
    for note in report.notes:
        click.echo(f"Catatan: {note}")
    written = {p.name for a in report.agencies for p in a.files} | ({report.all_file.name} if report.all_file else set())
    if before & written:
        click.echo(f"Catatan: {len(before & written)} berkas tabel LKjIP yang sudah ada di {target} ditimpa "
                   "dengan hasil putaran ini.")
    if before - written:
        click.echo(f"Catatan: berkas lama di {target} yang tidak ditulis ulang (OPD tidak ada di putaran ini?): "
                   + ", ".join(sorted(before - written)))
    for err in report.errors:
        click.echo(f"Galat: {err}", err=True)
    if not report.agencies:
        click.echo(f"Galat: putaran di {output} tidak memuat workbook berformulir; tidak ada tabel yang disusun.",
                   err=True)
        sys.exit(report.exit_code)
    if report.all_file:
        click.echo(f"Semua OPD: {report.all_file}")
    if report.suggestions:
        click.echo(f"Indikator tanpa pasangan tahun lalu: periksa {report.suggestions}, lengkapi, lalu simpan sebagai "
                   f"{output / 'pasangan_indikator.csv'} dan jalankan lagi lkjip laporan.")
    tables = sum(len(a.laporan.tables) for a in report.agencies)
    click.echo(f"Selesai: tabel LKjIP {len(report.agencies)} OPD ({tables} tabel) dari putaran {report.round_label} "
               f"di {report.folder}.")
    sys.exit(report.exit_code)


WEB_MISSING = ("Galat: fitur web belum terpasang. Pasang dengan: pip install \"xlsx-lkjip[web]\" "
               "(Flask dan waitress).")


def _round_folder(folder: Path) -> tuple[object, Path | None]:
    """The settings of a round folder: its own lkjip.toml (what `lkjip run` in that folder uses)."""
    if not folder.is_dir():
        click.echo(f"Galat: folder putaran {folder} tidak ditemukan (siapkan dengan: lkjip init {folder}).", err=True)
        sys.exit(2)
    if not (folder / "input").is_dir() and not (folder / "lkjip.toml").is_file():
        # `lkjip serve input` in a hurry: the round folder is the one holding input/ and lkjip.toml
        parent = folder.resolve().parent
        hint = (f" Folder putarannya mungkin {parent} (berisi lkjip.toml)." if (parent / "lkjip.toml").is_file()
                else f" Siapkan dengan: lkjip init {folder}")
        click.echo(f"Galat: {folder} bukan folder putaran (tidak berisi input/ maupun lkjip.toml).{hint}", err=True)
        sys.exit(2)
    return _load_config(folder / "lkjip.toml" if (folder / "lkjip.toml").is_file() else None, None)


@main.command("tautan")
@click.argument("folder", metavar="[FOLDER]", required=False, default=".", type=PATH)
@click.option("--baru", metavar="KODE", help="Cabut tautan OPD ini (atau @pemantau, halaman Bappeda) dan buat "
                                            "tautan baru.")
@click.option("--alamat", default="http://127.0.0.1:8765", show_default=True, metavar="URL",
              help="Alamat server seperti dibuka OPD (mis. https://lkjip.bappeda.go.id).")
def tautan_cmd(folder: Path, baru: str | None, alamat: str) -> None:
    """Buat tautan rahasia untuk Bappeda dan setiap OPD di daftar [[opd]] lkjip.toml yang belum punya, lalu
    cetak sekali: kode, nama, tautan.  Tautan disimpan sebagai hash: yang hilang tidak dapat dicetak ulang,
    hanya diganti dengan --baru KODE."""
    from .web.links import MONITOR, make_links
    from .web.roster import agencies

    _round_folder(folder)
    toml = folder / "lkjip.toml"
    try:
        roster = [(a.kode, a.nama) for a in agencies(toml if toml.is_file() else None)]
    except Exception as exc:
        click.echo(f"Galat: daftar OPD di {toml} tidak dapat dibaca ({exc})", err=True)
        sys.exit(2)
    if baru is not None and baru.casefold() != MONITOR.casefold() and \
            baru.casefold() not in {k.casefold() for k, _ in roster}:
        click.echo(f"Galat: kode OPD {baru} tidak ada di daftar [[opd]] {toml}.", err=True)
        sys.exit(2)
    try:
        made = make_links(folder, roster, renew=baru)
    except (OSError, ValueError) as exc:
        click.echo(f"Galat: tautan tidak dapat disimpan ({os_reason(exc) if isinstance(exc, OSError) else exc})",
                   err=True)
        sys.exit(1)
    if not roster:
        click.echo(f"Catatan: {toml} belum berisi daftar OPD ([[opd]] kode, nama, formulir); hanya tautan Bappeda.")
    if not made:
        click.echo("Semua sudah punya tautan. Tautan yang hilang diganti dengan: lkjip tautan FOLDER --baru KODE")
    for link in made:
        click.echo(f"{link.kode}\t{link.nama}\t{link.url(alamat)}")
    if made:
        click.echo("Simpan atau kirim tautan ini sekarang: tautan tidak dapat ditampilkan lagi.", err=True)


@main.command("serve")
@click.argument("folder", metavar="[FOLDER]", required=False, default=".", type=PATH)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ALAMAT",
              help="Alamat yang didengar; 0.0.0.0 membuka server ke jaringan (sebaiknya di balik HTTPS).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), metavar="NOMOR",
              help="Nomor port (0: port bebas mana saja, yang dipakai dicetak).")
@click.option("--di-balik-proxy", "behind_proxy", is_flag=True,
              help="Server berada di balik reverse proxy HTTPS di komputer ini (X-Forwarded-Proto dipercaya).")
def serve_cmd(folder: Path, host: str, port: int, behind_proxy: bool) -> None:
    """Layani halaman unggah OPD dan halaman pemantauan Bappeda untuk satu folder putaran (input/, output/,
    lkjip.toml: yang sama dengan lkjip run).  Tautan dibuat dengan lkjip tautan FOLDER.  Berhenti: Ctrl+C."""
    from .batch.results import UsageError

    try:
        from .web.server import serve
    except ImportError:
        click.echo(WEB_MISSING, err=True)
        sys.exit(2)
    config, source = _round_folder(folder)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True, errors="backslashreplace")
        except (AttributeError, ValueError):
            pass

    def ready(server) -> None:
        click.echo(f"Melayani {folder.resolve()} di http://{host}:{server.effective_port}/ "
                   "(tautan OPD dan Bappeda: lkjip tautan FOLDER). Berhenti: Ctrl+C.")
        from .web.links import Links

        if not Links(folder).entries:
            click.echo(f"Catatan: belum ada tautan. Buat dan bagikan dengan: lkjip tautan {folder} --alamat URL")
        if host not in ("127.0.0.1", "localhost", "::1") and not behind_proxy:
            click.echo("Peringatan: server terbuka ke jaringan tanpa HTTPS; tautan rahasia dapat disadap. Pasang "
                       "reverse proxy HTTPS (lihat README, bagian HTTPS) dan jalankan dengan --di-balik-proxy.")

    try:
        serve(folder, config, source, host, port, behind_proxy=behind_proxy, echo=click.echo, ready=ready)
    except UsageError as exc:    # another `lkjip serve` serves this folder (FolderBusy names it)
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Galat: server tidak dapat dijalankan di {host}:{port} ({os_reason(exc)}; port dipakai "
                   "program lain? pilih --port lain)", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Server dihentikan.")
