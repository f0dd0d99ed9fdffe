"""Red-flag indicators over OCDS compiled releases: a Python port of the Open Contracting Partnership's Cardinal,
run on any publisher's data from the command line."""


def register(app, registry):
    from audit.indicators.cli import indicators_command

    app.cli.commands["audit"].add_command(indicators_command)
