"""`flask audit indicators FILE.jsonl [--settings FILE.ini] [--no-meta]`: the Cardinal red-flag indicators over OCDS
compiled releases, one per line (any publisher's), printed as Cardinal prints them."""
import json

import click

from audit.indicators.operations import engine

# Every indicator with its defaults, as Cardinal's own settings.ini enables them.
ALL_INDICATORS = "".join(f"[{code}]\n" for code in engine.CODES)


@click.command("indicators")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--settings", "settings_file", type=click.File("r", encoding="utf-8"),
              help="An INI file: a section per indicator to run ([R024] threshold = 0.05 …); default: all of them.")
@click.option("--no-meta", is_flag=True, help="Leave out the quartiles and fences used (the Meta key).")
def indicators_command(file, settings_file, no_meta):
    """Compute the red-flag indicators (R003 … R058) over OCDS compiled releases, one JSON object per line.
    Malformed lines are reported by line number on stderr and skipped."""
    try:
        settings = engine.parse_settings(settings_file.read() if settings_file else ALL_INDICATORS)
    except engine.SettingsError as err:
        raise click.ClickException(f"settings: {err}") from err
    errors = []
    result = engine.compute((release for _, release in engine.read_jsonl(file, errors)), settings,
                            meta=not no_meta)
    for line, message in errors:
        click.echo(f"line {line}: {message}", err=True)
    click.echo(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
